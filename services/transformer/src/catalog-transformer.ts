import type { Kafka, KafkaMessage } from 'kafkajs'
import { CATALOG_PRODUCT_TOPIC, OrderedBatchConsumer, type AvroRegistry } from '@listing-sync/kafka'
import type { MarketplaceMapping } from '@listing-sync/mapping'
import type { Logger } from '@listing-sync/observability'
import { decideListing, readCanonicalRecord, type DecisionContext, type DecisionOutcome, type StateView } from './listing-decision.js'
import type { ListingPublisher } from './listing-publisher.js'
import type { ListingState, PublishedListing } from './listing-state.js'
import type { TransformerMetrics } from './transformer-metrics.js'

/** A batch's state changes, applied once its outputs are acknowledged, and its outcomes for the batch's log line. */
interface PendingState {
  readonly listings: Map<string, { marketplace: string; sku: string; listing: PublishedListing }>
  readonly outcomes: Map<string, number>
}

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
  /** Consumer group; {@link TRANSFORMER_GROUP} by default. */
  readonly group?: string
}

/**
 * Consumes catalog.product.v1 and, for every marketplace mapping, publishes what the listing
 * decision (listing-decision.ts, shared with the resync) gives: the mapped listing, a rejection
 * with every problem, or a delete for a tombstone; nothing for an unchanged listing or a stale
 * event. Offsets are committed only after every output of the batch is acknowledged.
 */
export class CatalogTransformer {
  private readonly consumer: OrderedBatchConsumer<PendingState>
  private readonly decisionContext: DecisionContext

  constructor(private readonly options: CatalogTransformerOptions) {
    this.decisionContext = { publisher: options.publisher, log: options.log, timeMapping: (marketplace) => options.metrics.mapSeconds.startTimer({ marketplace }), live: true }
    this.consumer = new OrderedBatchConsumer(options.kafka, options.group ?? TRANSFORMER_GROUP, CATALOG_PRODUCT_TOPIC, {
      // State changes apply only once the batch's outputs are acknowledged: if a send fails, the
      // re-delivered records must not look unchanged. Within the batch they are visible at once.
      begin: (): PendingState => ({ listings: new Map(), outcomes: new Map() }),
      handle: (message, pending) => this.transform(message, pending),
      acknowledged: (pending) => {
        for (const { marketplace, sku, listing } of pending.listings.values()) this.options.state.set(marketplace, sku, listing)
        // One info line per batch, not per product: a backfill of 50,000 products stays readable.
        if (pending.outcomes.size > 0) this.options.log.info({ outcomes: Object.fromEntries(pending.outcomes) }, 'listings decided')
      },
    }, options.log)
  }

  start(): Promise<void> {
    return this.consumer.start()
  }

  stop(): Promise<void> {
    return this.consumer.stop()
  }

  private view(pending: PendingState): StateView {
    const { listings } = pending
    return {
      get: (marketplace, sku) => listings.get(`${marketplace}\u0000${sku}`)?.listing ?? this.options.state.get(marketplace, sku),
      set: (marketplace, sku, listing) => listings.set(`${marketplace}\u0000${sku}`, { marketplace, sku, listing }),
    }
  }

  /** Decides every marketplace's output for one record; returns the sends, already queued in order. */
  private async transform(message: KafkaMessage, pending: PendingState): Promise<Promise<void>[]> {
    const { metrics, log } = this.options
    const record = await readCanonicalRecord(message, this.options.registry, log)
    if (record === undefined) return []
    const state = this.view(pending)
    const sends: Promise<void>[] = []
    for (const mapping of this.options.mappings()) {
      const decision = await decideListing(this.decisionContext, record, mapping, state)
      metrics.outcomes.inc({ marketplace: mapping.marketplace, outcome: decision.outcome })
      count(pending.outcomes, `${mapping.marketplace}.${decision.outcome}`)
      // Per product at debug only (the batch's info line sums them up); trace.id is the change's event id.
      if (log.isLevelEnabled('debug')) log.debug({ trace: { id: record.eventId }, marketplace: mapping.marketplace, sku: record.sku, outcome: decision.outcome }, 'listing decided')
      sends.push(...decision.sends)
    }
    return sends
  }
}

function count(counts: Map<string, number>, key: `${string}.${DecisionOutcome}`): void {
  counts.set(key, (counts.get(key) ?? 0) + 1)
}
