import type { Kafka } from 'kafkajs'
import { LRUCache } from 'lru-cache'
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
  // Bounded by `maxSize` at one unit per entry rather than by `max`: with `max`, lru-cache
  // preallocates every slot up front (about 25 MB for a million), whatever the catalog's size.
  private readonly entries = new LRUCache<string, PublishedListing>({ maxSize: 1_000_000, sizeCalculation: () => 1 })

  get(marketplace: string, sku: string): PublishedListing | undefined {
    return this.entries.get(`${marketplace}\u0000${sku}`)
  }

  set(marketplace: string, sku: string, listing: PublishedListing): void {
    this.entries.set(`${marketplace}\u0000${sku}`, listing)
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
    return this.entries.size
  }
}
