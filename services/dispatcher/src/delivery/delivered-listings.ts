import { LRUCache } from 'lru-cache'
import type { ListingUpdate } from './marketplace-adapter.js'

/** What was last delivered for a SKU. */
interface Delivered {
  readonly magentoUpdatedAt: number
  readonly payloadHash: string | null
}

/**
 * The newest update delivered per SKU in this replica, so an update older than one already
 * delivered is dropped and one re-read after a retry or a rebalance is not sent twice. Kept in
 * memory: after a restart the first update of each SKU is delivered again, which the marketplaces
 * take as an idempotent replace.
 */
export class DeliveredListings {
  private readonly entries = new LRUCache<string, Delivered>({ max: 500_000 })

  /** Why the update need not be sent, or undefined when it must. */
  skipReason(update: ListingUpdate): 'stale' | 'delivered' | undefined {
    const last = this.entries.get(update.sku)
    if (last === undefined) return undefined
    const time = update.magentoUpdatedAt.getTime()
    if (time < last.magentoUpdatedAt) return 'stale'
    if (time === last.magentoUpdatedAt && update.payloadHash === last.payloadHash) return 'delivered'
    return undefined
  }

  record(update: ListingUpdate): void {
    this.entries.set(update.sku, { magentoUpdatedAt: update.magentoUpdatedAt.getTime(), payloadHash: update.payloadHash })
  }
}
