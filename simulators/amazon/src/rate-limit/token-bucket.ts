import type { UsagePlan } from '../sp-api-models.js'

/**
 * A token bucket as SP-API documents its usage plans: the bucket holds at most `burst` requests and
 * refills at `rate` requests per second; a request takes one token or is throttled. It starts full.
 * Time comes from `now` (milliseconds), so tests can move it instead of waiting.
 */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    readonly plan: UsagePlan,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = plan.burst
    this.last = now()
  }

  /** Takes one token if there is one; false means the request is throttled. */
  tryTake(): boolean {
    this.refill()
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }

  /** Tokens available now (fractional while refilling). */
  available(): number {
    this.refill()
    return this.tokens
  }

  /** Fills the bucket again. */
  reset(): void {
    this.tokens = this.plan.burst
    this.last = this.now()
  }

  private refill(): void {
    const now = this.now()
    // A clock moved backwards (a test resetting it) refills nothing rather than draining the bucket.
    const elapsedSeconds = Math.max(0, now - this.last) / 1000
    this.tokens = Math.min(this.plan.burst, this.tokens + elapsedSeconds * this.plan.rate)
    this.last = now
  }
}
