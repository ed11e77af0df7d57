/** Limits of one marketplace operation: `rate` calls a second on average, at most `burst` at once. */
export interface RateLimit {
  readonly rate: number
  readonly burst: number
}

/** How far apart taking a call here and its arrival at the marketplace may be, for the margin below. */
const ARRIVAL_SKEW_SECONDS = 0.3

/**
 * What a bucket allows of a marketplace's limit. Calls are counted here when they are taken and
 * by the marketplace when they arrive, and an access token fetch, the network, a busy event loop
 * and calls made side by side put up to a few hundred milliseconds between the two, so calls
 * taken apart can arrive together; the bucket holds the calls of that much time (at least one)
 * less than the burst, and refills at 98% of the rate. One call less was not enough: with three
 * replicas on two busy cores a takeover after a replica was killed drew a 429 in about one run in ten.
 */
function withMargin(limit: RateLimit): RateLimit {
  return { rate: limit.rate * 0.98, burst: Math.max(1, limit.burst - Math.max(1, limit.rate * ARRIVAL_SKEW_SECONDS)) }
}

/**
 * A token bucket for one operation in one replica. The replica's share of the marketplace's limit
 * (its part of the topic's partitions) scales both rate and capacity, so the replicas' buckets add
 * up to the limit (less a margin). A bucket starts empty and is emptied again on every change of
 * share: a replica that just took over partitions earns its calls instead of spending a full burst
 * at once, which is what keeps the sum under the limit while a rebalance moves partitions around.
 */
export class TokenBucket {
  private tokens = 0
  private updatedAt: number
  private share = 1
  private blockedUntil = 0
  private limit: RateLimit

  constructor(
    limit: RateLimit,
    private readonly clock: () => number = Date.now,
  ) {
    this.limit = withMargin(limit)
    this.updatedAt = clock()
  }

  /** Calls a second this replica may make now. */
  get rate(): number {
    return this.limit.rate * this.share
  }

  /**
   * Takes `calls` tokens and returns 0, or returns the milliseconds until they will be there
   * (taking nothing). More calls than the bucket holds wait for a full bucket. Never 0 while the
   * share is 0.
   */
  take(calls = 1): number {
    const now = this.clock()
    this.refill(now)
    if (now < this.blockedUntil) return this.blockedUntil - now
    const needed = Math.min(calls, this.capacity)
    if (this.tokens >= needed) {
      this.tokens -= needed
      return 0
    }
    if (this.rate <= 0) return Number.POSITIVE_INFINITY
    return Math.ceil(((needed - this.tokens) / this.rate) * 1000)
  }

  /** The partitions this replica holds now, of `partitionCount` in all: its share; the bucket restarts empty. */
  assign(partitions: readonly number[], partitionCount: number): void {
    this.refill(this.clock())
    this.share = partitionCount > 0 ? Math.min(1, partitions.length / partitionCount) : 0
    this.tokens = 0
  }

  /** The limit the marketplace says it applies (e.g. `x-amzn-RateLimit-Limit`), when lower than ours. */
  lowerRate(rate: number): void {
    const { rate: allowed } = withMargin({ rate, burst: 1 })
    if (!(allowed > 0) || allowed >= this.limit.rate) return
    this.refill(this.clock())
    this.limit = { ...this.limit, rate: allowed }
  }

  /** After a 429 or a Retry-After: no call before `ms` from now, and no saved-up burst after it. */
  holdFor(ms: number): void {
    const now = this.clock()
    this.refill(now)
    this.tokens = 0
    this.blockedUntil = Math.max(this.blockedUntil, now + ms)
  }

  /** At least one token, or a small share could never make a call. */
  private get capacity(): number {
    return Math.max(1, this.limit.burst * this.share)
  }

  private refill(now: number): void {
    const capacity = this.capacity
    const from = Math.max(this.updatedAt, this.blockedUntil)
    if (now > from) this.tokens = Math.min(capacity, this.tokens + ((now - from) / 1000) * this.rate)
    this.updatedAt = now
  }
}
