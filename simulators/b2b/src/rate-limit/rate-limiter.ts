import { IMPORT_SCOPED_OPERATIONS, OPERATIONS, type Operation } from '../operations.js'
import { TokenBucket, type RatePolicy, type TakeResult } from './token-bucket.js'

/** Limits per operation; `null` means unlimited. */
export type RateLimits = Readonly<Record<Operation, RatePolicy | null>>

const perMinute: RatePolicy = { calls: 1, perSeconds: 60, burst: 1 }

/**
 * The "Maximum usage" of each operation's "Call Frequency" block in the Mirakl seller spec
 * (API-NOTES §5), read as a token bucket of one call per interval. Operations whose maximum is
 * "on each page view" or "each time a report is needed" are unlimited.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  OF24: perMinute,
  OF02: perMinute,
  OF03: perMinute,
  P41: { calls: 1, perSeconds: 15 * 60, burst: 1 },
  P42: perMinute,
  PM11: { calls: 1, perSeconds: 3600, burst: 1 },
  VL11: { calls: 1, perSeconds: 3600, burst: 1 },
  OF61: { calls: 1, perSeconds: 86_400, burst: 1 },
  OF21: null,
  OF22: null,
  P44: null,
  P45: null,
}

/** No limit at all, for demos and benchmarks of the unthrottled path. */
export const NO_RATE_LIMITS: RateLimits = Object.fromEntries(OPERATIONS.map((operation) => [operation, null])) as unknown as RateLimits

/** What {@link RateLimiter.take} decided, with the policy that refused the call. */
export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number; readonly policy: RatePolicy; readonly scope: 'shop' | 'import' }

/**
 * One token bucket per operation and shop, or per operation and import for the status and report
 * polls (OF02, OF03, P42), whose documented frequency is "once per minute until the final status".
 */
export class RateLimiter {
  private buckets = new Map<string, TokenBucket>()

  constructor(
    readonly limits: RateLimits,
    private readonly now: () => number,
  ) {}

  /** Takes one call of `operation` for a shop (and an import, for import-scoped operations). */
  take(operation: Operation, shopId: number, importId?: number): RateDecision {
    const policy = this.limits[operation]
    if (!policy) return { allowed: true }
    const scope = IMPORT_SCOPED_OPERATIONS.has(operation) && importId !== undefined ? 'import' : 'shop'
    const key = scope === 'import' ? `${operation}/${shopId}/${importId}` : `${operation}/${shopId}`
    let bucket = this.buckets.get(key)
    if (!bucket) {
      bucket = new TokenBucket(policy, this.now())
      this.buckets.set(key, bucket)
    }
    const result: TakeResult = bucket.take(this.now())
    return result.taken ? { allowed: true } : { allowed: false, retryAfterSeconds: result.retryAfterSeconds, policy, scope }
  }

  /** Refills every bucket (the simulator's reset). */
  reset(): void {
    this.buckets.clear()
  }
}
