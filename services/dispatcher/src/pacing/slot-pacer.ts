import type { RateLimit } from './token-bucket.js'

/**
 * Paces an operation that allows no burst (Mirakl OF24: one call a minute per shop) across
 * replicas without talking to them: time is cut into slots of one interval (plus a 2% margin for
 * the marketplace's clock and the network), and slot n belongs to whichever replica holds partition
 * n mod the partition count. A replica calls at most once a slot's length, and only early enough
 * in a run of its own slots that a whole interval passes before the next slot of another replica
 * begins; so the calls of all replicas together never come closer than one interval. A replica
 * holding every partition may therefore call whenever its own spacing allows: a busy event loop
 * that looks a little late loses nothing. A rebalance or a restart changes who owns which slot, so
 * after every assignment a replica waits one interval before its first call: a call another replica
 * (or this one before a crash) made just before cannot be followed too soon. With a backlog on
 * every partition all slots are used: the full rate, never more.
 */
export class SlotPacer {
  private owned = new Set<number>()
  private partitionCount = 1
  private lastCallAt = Number.NEGATIVE_INFINITY
  private blockedUntil = 0
  private intervalMs: number

  constructor(
    limit: RateLimit,
    private readonly clock: () => number = Date.now,
  ) {
    this.intervalMs = Math.ceil(1000 / limit.rate)
  }

  /** A slot: the interval and a margin of 2% of it. */
  private get slotMs(): number {
    return this.intervalMs + Math.ceil(this.intervalMs * 0.02)
  }

  /** Calls a second this replica may make now. */
  get rate(): number {
    return ((1000 / this.slotMs) * this.owned.size) / this.partitionCount
  }

  /**
   * 0 when this replica may call now (the call is then counted), else milliseconds until it may.
   * A slot holds one call: a delivery that needs several cannot be paced by slots.
   */
  take(calls = 1): number {
    if (calls !== 1) throw new Error(`an operation paced by slots makes one call a delivery, not ${calls}`)
    const now = this.clock()
    if (now < this.blockedUntil) return this.blockedUntil - now
    if (this.owned.size === 0) return Number.POSITIVE_INFINITY
    const at = this.nextCallAt(Math.max(now, this.lastCallAt + this.slotMs))
    if (at > now) return at - now
    this.lastCallAt = now
    return 0
  }

  /** The earliest time from `from` on that lies in an own slot, an interval before the next foreign slot. */
  private nextCallAt(from: number): number {
    for (let slot = Math.floor(from / this.slotMs); ; slot++) {
      if (!this.owns(slot)) continue
      const at = Math.max(from, slot * this.slotMs)
      if (at + this.intervalMs <= this.foreignSlotAfter(slot) * this.slotMs) return at
    }
  }

  /** The first slot after `slot` that belongs to another replica; Infinity when this one owns them all. */
  private foreignSlotAfter(slot: number): number {
    for (let next = slot + 1; next <= slot + this.partitionCount; next++) if (!this.owns(next)) return next
    return Number.POSITIVE_INFINITY
  }

  private owns(slot: number): boolean {
    return this.owned.has(slot % this.partitionCount)
  }

  /** The partitions this replica holds now, of `partitionCount` in all; no call for an interval. */
  assign(partitions: readonly number[], partitionCount: number): void {
    this.owned = new Set(partitions)
    this.partitionCount = Math.max(1, partitionCount)
    this.holdFor(this.intervalMs)
  }

  lowerRate(rate: number): void {
    if (rate > 0) this.intervalMs = Math.max(this.intervalMs, Math.ceil(1000 / rate))
  }

  holdFor(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.clock() + ms)
  }
}
