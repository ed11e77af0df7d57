import { SlotPacer } from './slot-pacer.js'
import { TokenBucket, type RateLimit } from './token-bucket.js'

/** What paces one operation: a token bucket, or slots for an operation without burst. */
type Pacer = TokenBucket | SlotPacer

/**
 * The rate budget of one marketplace in one replica: a pacer per operation, sized to the share of
 * the topic's partitions this replica holds, so the replicas together stay within each limit.
 */
export class RateBudget {
  private readonly pacers = new Map<string, Pacer>()

  constructor(
    limits: Readonly<Record<string, RateLimit>>,
    clock: () => number = Date.now,
  ) {
    for (const [operation, limit] of Object.entries(limits)) {
      // A burst of one means "one call per interval": shares of a bucket would let every replica
      // make its one call at the same moment, so such an operation is paced by owned slots.
      this.pacers.set(operation, limit.burst < 2 ? new SlotPacer(limit, clock) : new TokenBucket(limit, clock))
    }
  }

  /** 0 when `calls` calls of `operation` may go now (and are counted), else milliseconds to wait. */
  take(operation: string, calls = 1): number {
    return this.pacer(operation).take(calls)
  }

  /** After a rebalance: the partitions this replica now holds, of how many in all. */
  assign(partitions: readonly number[], partitionCount: number): void {
    for (const pacer of this.pacers.values()) pacer.assign(partitions, partitionCount)
  }

  /** The rate the marketplace reports applying to `operation` (calls a second), when lower than configured. */
  lowerRate(operation: string, rate: number): void {
    this.pacer(operation).lowerRate(rate)
  }

  /** No call of `operation` for `ms` (after a 429, or as Retry-After says). */
  holdFor(operation: string, ms: number): void {
    this.pacer(operation).holdFor(ms)
  }

  /** Calls a second this replica may make, per operation (for the rate budget metric). */
  rates(): Record<string, number> {
    return Object.fromEntries([...this.pacers].map(([operation, pacer]) => [operation, pacer.rate]))
  }

  private pacer(operation: string): Pacer {
    const pacer = this.pacers.get(operation)
    if (!pacer) throw new Error(`no rate limit configured for operation ${operation}`)
    return pacer
  }
}
