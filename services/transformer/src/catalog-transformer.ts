import type { Kafka, KafkaMessage } from 'kafkajs'
import type { ProductChanged } from '@listing-sync/catalog'
import { CATALOG_PRODUCT_TOPIC, OrderedBatchConsumer, type AvroRegistry } from '@listing-sync/kafka'
import type { Logger } from '@listing-sync/observability'
import { payloadHash, type ListingPublisher, type Source } from './listing-publisher.js'
import type { ListingState, PublishedListing } from './listing-state.js'
import type { MarketplaceMapping } from '@listing-sync/mapping'
import type { TransformerMetrics } from './transformer-metrics.js'

/** Reads and writes of the last published listing within one batch. */
type StateView = Pick<ListingState, 'get' | 'set'>

/** A batch's state changes, applied once its outputs are acknowledged. */
type PendingState = Map<string, { marketplace: string; sku: string; listing: PublishedListing }>

/** Consumer group of the transformer; replicas share the canonical topic's partitions. */
export const TRANSFORMER_GROUP = 'listing-sync-transformer'

/** What the transformer needs. */
export interface CatalogTransformerOptions {
  readonly kafka: Kafka
  readonly registry: AvroRegistry
  readonly publisher: ListingPublisher
  readonly state: ListingState
  /** The current mappings; read per record, so a reloaded manifest applies from the next record. */
  readonly mappings: () => readonly MarketplaceMapping[]
  readonly metrics: TransformerMetrics
  readonly log: Logger
}

/**
 * Consumes catalog.product.v1 and, for every marketplace mapping, publishes the mapped listing,
 * a rejection with every problem, or a delete for a tombstone. An unchanged listing is not
 * published again and an event older than the last one seen for the SKU is dropped. Offsets are
 * committed only after every output of the batch is acknowledged.
 */
export class CatalogTransformer {
  private readonly consumer: OrderedBatchConsumer<PendingState>

  constructor(private readonly options: CatalogTransformerOptions) {
    this.consumer = new OrderedBatchConsumer(options.kafka, TRANSFORMER_GROUP, CATALOG_PRODUCT_TOPIC, {
      // State changes apply only once the batch's outputs are acknowledged: if a send fails, the
      // re-delivered records must not look unchanged. Within the batch they are visible at once.
      begin: (): PendingState => new Map(),
      handle: (message, pending) => this.transform(message, this.view(pending)),
      acknowledged: (pending) => {
        for (const { marketplace, sku, listing } of pending.values()) this.options.state.set(marketplace, sku, listing)
      },
    })
  }

  start(): Promise<void> {
    return this.consumer.start()
  }

  stop(): Promise<void> {
    return this.consumer.stop()
  }

  private view(pending: PendingState): StateView {
    return {
      get: (marketplace, sku) => pending.get(`${marketplace}\u0000${sku}`)?.listing ?? this.options.state.get(marketplace, sku),
      set: (marketplace, sku, listing) => pending.set(`${marketplace}\u0000${sku}`, { marketplace, sku, listing }),
    }
  }

  /** Decides every marketplace's output for one record; returns the sends, already queued in order. */
  private async transform(message: KafkaMessage, state: StateView): Promise<Promise<void>[]> {
    const { publisher, metrics, log } = this.options
    const sku = message.key?.toString()
    if (!sku) return []
    const eventId = message.headers?.['event-id']?.toString() ?? `offset:${message.offset}`
    let event: ProductChanged | null = null
    if (message.value !== null) {
      try {
        event = await this.options.registry.decode<ProductChanged>(message.value)
      } catch (error) {
        // The canonical topic is a public contract written through the registry; a record that does
        // not decode is logged with its position and skipped so the partition keeps flowing.
        log.error({ err: error, sku, offset: message.offset }, 'canonical record cannot be decoded')
        return []
      }
    }
    const sends: Promise<void>[] = []
    for (const mapping of this.options.mappings()) {
      const { marketplace } = mapping
      const previous = state.get(marketplace, sku)
      const updatedAt = event?.magentoUpdatedAt.getTime() ?? Date.now()
      const source: Source = { sku, eventId, magentoUpdatedAt: new Date(updatedAt), manifestVersion: mapping.version }
      if (event === null) {
        if (previous?.state === 'DELETED') continue
        sends.push(publisher.delete(marketplace, source))
        if (previous?.state === 'INVALID') sends.push(publisher.clearRejection(marketplace, source))
        state.set(marketplace, sku, { state: 'DELETED', magentoUpdatedAt: updatedAt })
        metrics.outcomes.inc({ marketplace, outcome: 'deleted' })
        continue
      }
      if (previous !== undefined && updatedAt < previous.magentoUpdatedAt) {
        metrics.outcomes.inc({ marketplace, outcome: 'stale' })
        continue
      }
      const end = metrics.mapSeconds.startTimer({ marketplace })
      const outcome = await mapping.map(event.product)
      end()
      if (!outcome.ok) {
        sends.push(publisher.reject(marketplace, source, outcome.productType, outcome.problems))
        state.set(marketplace, sku, { state: 'INVALID', magentoUpdatedAt: updatedAt })
        metrics.outcomes.inc({ marketplace, outcome: 'invalid' })
        log.warn({ marketplace, sku, problems: outcome.problems.map((p) => `${p.rule}: ${p.message}`), event: { id: eventId } }, 'product cannot be listed')
        continue
      }
      const payloadJson = JSON.stringify(outcome.payload)
      const hash = payloadHash(payloadJson)
      if (previous?.state === hash) {
        metrics.outcomes.inc({ marketplace, outcome: 'unchanged' })
        state.set(marketplace, sku, { state: hash, magentoUpdatedAt: updatedAt })
        continue
      }
      sends.push(publisher.upsert(marketplace, source, outcome.productType, payloadJson, hash))
      if (previous?.state === 'INVALID') sends.push(publisher.clearRejection(marketplace, source))
      state.set(marketplace, sku, { state: hash, magentoUpdatedAt: updatedAt })
      metrics.outcomes.inc({ marketplace, outcome: 'published' })
    }
    return sends
  }
}
