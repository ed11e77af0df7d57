/** A call-frequency limit: `calls` per `perSeconds`, at most `burst` calls back to back. */
export interface RatePolicy {
  readonly calls: number
  readonly perSeconds: number
  readonly burst: number
}

/** What {@link TokenBucket.take} decided. */
export type TakeResult = { readonly taken: true } | { readonly taken: false; readonly retryAfterSeconds: number }

/**
 * A token bucket holding `burst` tokens and refilling `calls` tokens every `perSeconds`. Credit is
 * kept in integer units (one ms adds `calls` units, one call costs `perSeconds * 1000`), so a
 * bucket that refills one call a minute is full again after exactly 60,000 ms, not 59,999.
 */
export class TokenBucket {
  private readonly cost: number
  private readonly capacity: number
  private credit: number
  private updatedAt: number

  constructor(
    private readonly policy: RatePolicy,
    now: number,
  ) {
    this.cost = policy.perSeconds * 1000
    this.capacity = policy.burst * this.cost
    this.credit = this.capacity
    this.updatedAt = now
  }

  /** Takes one token at `now` (ms); when none is left, says how many whole seconds until one is. */
  take(now: number): TakeResult {
    this.refill(now)
    if (this.credit >= this.cost) {
      this.credit -= this.cost
      return { taken: true }
    }
    const waitMs = (this.cost - this.credit) / this.policy.calls
    return { taken: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) }
  }

  private refill(now: number): void {
    // A clock that goes backwards (a test moving it) adds nothing rather than removing credit.
    const elapsed = Math.max(0, now - this.updatedAt)
    this.credit = Math.min(this.capacity, this.credit + elapsed * this.policy.calls)
    this.updatedAt = Math.max(now, this.updatedAt)
  }
}
