import type { Kafka } from 'kafkajs'
import { marketplaceTopicNames, readTopicToEnd, type AvroRegistry } from '@listing-sync/kafka'

/** What was last published for one SKU on one marketplace. */
export interface PublishedListing {
  /** Payload hash of the last UPSERT, 'DELETED' after a delete, 'INVALID' while rejected. */
  readonly state: string
  readonly magentoUpdatedAt: number
}

/**
 * The last output per marketplace and SKU, so an unchanged listing is not published again and an
 * older source event is dropped. Rebuilt at start from the compacted listing and .invalid topics,
 * which hold exactly the newest record per SKU, so a restart does not re-publish the catalog.
 */
export class ListingState {
  // One Map per marketplace, keyed by the SKU itself: a key joining marketplace and SKU was one more
  // string per entry, and an LRU cache's bookkeeping arrays more again, together about 40% of the
  // state's heap (100,000 entries: 28 -> 17 MB). Bounded like a cache all the same: past `maxEntries`
  // per marketplace the entry written first is dropped, and that SKU, if it comes again, is published
  // again (harmless: a listing update is a full replace).
  private readonly byMarketplace = new Map<string, Map<string, PublishedListing>>()

  constructor(private readonly maxEntries = 1_000_000) {}

  /** Entries over all marketplaces. */
  get size(): number {
    let size = 0
    for (const entries of this.byMarketplace.values()) size += entries.size
    return size
  }

  get(marketplace: string, sku: string): PublishedListing | undefined {
    return this.byMarketplace.get(marketplace)?.get(sku)
  }

  set(marketplace: string, sku: string, listing: PublishedListing): void {
    let entries = this.byMarketplace.get(marketplace)
    if (entries === undefined) this.byMarketplace.set(marketplace, (entries = new Map<string, PublishedListing>()))
    else if (entries.size >= this.maxEntries && !entries.has(sku)) entries.delete(entries.keys().next().value!)
    entries.set(sku, listing)
  }

  async rebuild(kafka: Kafka, registry: AvroRegistry, marketplaces: readonly string[]): Promise<number> {
    for (const marketplace of marketplaces) {
      const topics = marketplaceTopicNames(marketplace)
      await readTopicToEnd(kafka, topics.listings, async (message) => {
        if (message.value === null || message.key === null) return
        const update = await registry.decode<{ action: string; payloadHash: string | null; magentoUpdatedAt: Date }>(message.value)
        this.set(marketplace, message.key.toString(), {
          state: update.action === 'DELETE' ? 'DELETED' : (update.payloadHash ?? ''),
          magentoUpdatedAt: update.magentoUpdatedAt.getTime(),
        })
      })
      // A rejection newer than the last listing is the current state of that SKU.
      await readTopicToEnd(kafka, topics.invalid, async (message) => {
        if (message.value === null || message.key === null) return
        const rejected = await registry.decode<{ magentoUpdatedAt: Date }>(message.value)
        const sku = message.key.toString()
        const time = rejected.magentoUpdatedAt.getTime()
        if ((this.get(marketplace, sku)?.magentoUpdatedAt ?? -1) <= time) this.set(marketplace, sku, { state: 'INVALID', magentoUpdatedAt: time })
      })
    }
    return this.size
  }
}
