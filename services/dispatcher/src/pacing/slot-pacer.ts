import type { RateLimit } from './token-bucket.js'

/**
 * Paces an operation that allows no burst (Mirakl OF24: one call a minute per shop) across
 * replicas without talking to them: time is cut into slots of one call each, and slot n belongs
 * to whichever replica holds partition n mod the partition count. No two replicas own a slot, so
 * the calls of all replicas together never come closer than one slot, also while a rebalance moves
 * partitions (a revoked partition's slots are given up before another replica is assigned it).
 * A call may start only in the first part of its slot (the slot is that much longer than the
 * limit's interval), so calls in neighbouring slots are always at least one interval apart. With a
 * backlog on every partition all slots are used: the full rate, never more.
 */
export class SlotPacer {
  private owned = new Set<number>()
  private partitionCount = 1
  private lastSlot = -1
  private blockedUntil = 0
  private intervalMs: number

  constructor(
    limit: RateLimit,
    private readonly clock: () => number = Date.now,
  ) {
    this.intervalMs = Math.ceil(1000 / limit.rate)
  }

  /**
   * How late in its slot a call may start: 2% of the interval, which also keeps the marketplace's
   * clock and the network's delays from making neighbouring calls look closer than the limit.
   */
  private get windowMs(): number {
    return Math.ceil(this.intervalMs * 0.02)
  }

  private get slotMs(): number {
    return this.intervalMs + this.windowMs
  }

  /** Calls a second this replica may make now. */
  get rate(): number {
    return ((1000 / this.slotMs) * this.owned.size) / this.partitionCount
  }

  /**
   * 0 when this replica may call now (the slot is then used), else milliseconds until its next
   * slot. A slot holds one call: a delivery that needs several cannot be paced by slots.
   */
  take(calls = 1): number {
    if (calls !== 1) throw new Error(`an operation paced by slots makes one call a delivery, not ${calls}`)
    const now = this.clock()
    if (now < this.blockedUntil) return this.blockedUntil - now
    if (this.owned.size === 0) return Number.POSITIVE_INFINITY
    const current = Math.floor(now / this.slotMs)
    if (current !== this.lastSlot && this.owned.has(current % this.partitionCount) && now - current * this.slotMs <= this.windowMs) {
      this.lastSlot = current
      return 0
    }
    for (let next = current + 1; ; next++) {
      if (this.owned.has(next % this.partitionCount)) return next * this.slotMs - now
    }
  }

  /** The partitions this replica holds now, of `partitionCount` in all. */
  assign(partitions: readonly number[], partitionCount: number): void {
    this.owned = new Set(partitions)
    this.partitionCount = Math.max(1, partitionCount)
  }

  lowerRate(rate: number): void {
    if (rate > 0) this.intervalMs = Math.max(this.intervalMs, Math.ceil(1000 / rate))
  }

  holdFor(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.clock() + ms)
  }
}
