import type { Kafka, KafkaMessage } from 'kafkajs'
import { LRUCache } from 'lru-cache'
import { isRetryable } from '@listing-sync/errors'
import { INGEST_CHANGES_TOPIC, OrderedBatchConsumer, type AvroRegistry } from '@listing-sync/kafka'
import type { Logger } from '@listing-sync/observability'
import type { Product, ProductChanged } from '@listing-sync/catalog'
import { isCompleteProduct, magentoProductSchema, normaliseProduct, productChangeTime, type MagentoProduct, type NormaliseContext } from '../magento/index.js'
import type { IngestMetrics } from '../ingest-metrics.js'
import type { MagentoClient } from '../transport/magento-client.js'
import type { ReceivedChange } from './change-recorder.js'
import type { ConfigurableParents } from './configurable-parents.js'
import type { ProductPublisher } from './product-publisher.js'

/** Consumer group of the enricher; every ingest replica joins it and takes a share of partitions. */
export const ENRICHER_GROUP = 'listing-sync-ingest-enricher'

/** What the enricher needs. */
export interface EnricherOptions {
  readonly kafka: Kafka
  readonly registry: AvroRegistry
  readonly client: MagentoClient
  readonly context: NormaliseContext
  /** Told of every parent published, whose children are then published again with it. */
  readonly parents: ConfigurableParents
  readonly publisher: ProductPublisher
  readonly metrics: IngestMetrics
  readonly log: Logger
  readonly dedupWindowMs: number
}

/** The outcome of one recorded change. */
type Outcome =
  | { kind: 'publish'; eventId: string; sku: string; updatedAt?: Date; run: () => Promise<void>; children?: readonly ProductChanged[] }
  | { kind: 'skip'; reason: 'duplicate' | 'stale' | 'unresolvable' | 'invalid' }

/**
 * Turns recorded changes (ingest.magento.changes.v1) into canonical events: fetches the full
 * product from Magento REST when the webhook carried only part of it, resolves option labels,
 * normalises, publishes, and commits the offsets only after the broker acknowledged every event
 * of the batch. Re-delivered event ids and states older than one already published are dropped.
 */
export class Enricher {
  private readonly consumer: OrderedBatchConsumer<Set<string>>
  private readonly seen: LRUCache<string, true>
  // Newest Magento updated_at published per SKU; same-key records share a partition, so one
  // replica sees all of a SKU's changes.
  private readonly newest = new LRUCache<string, number>({ max: 200_000 })

  constructor(private readonly options: EnricherOptions) {
    this.seen = new LRUCache({ max: 500_000, ttl: Math.max(options.dedupWindowMs, 1) })
    this.consumer = new OrderedBatchConsumer(options.kafka, ENRICHER_GROUP, INGEST_CHANGES_TOPIC, {
      // Event ids count as seen only once their event is acknowledged: if the batch fails, the
      // re-delivered records must not be mistaken for duplicates.
      begin: () => new Set<string>(),
      handle: (message, published, heartbeat) => this.handle(message, published, heartbeat),
      acknowledged: (published) => {
        for (const eventId of published) this.seen.set(eventId, true)
      },
    }, options.log)
  }

  start(): Promise<void> {
    return this.consumer.start()
  }

  stop(): Promise<void> {
    return this.consumer.stop()
  }

  private async handle(message: KafkaMessage, published: Set<string>, heartbeat: () => Promise<void>): Promise<Promise<void>[]> {
    const outcome = await this.withRetries(() => this.decide(message, published), heartbeat)
    if (outcome.kind === 'skip') {
      const metric = { duplicate: this.options.metrics.dedupHits, stale: this.options.metrics.stale }[outcome.reason as 'duplicate' | 'stale']
      metric?.inc()
      return []
    }
    published.add(outcome.eventId)
    if (outcome.updatedAt) this.newest.set(outcome.sku, outcome.updatedAt.getTime())
    const { log } = this.options
    // Per change at debug: the webhook's request line already says at info that it was accepted.
    if (log.isLevelEnabled('debug')) log.debug({ trace: { id: outcome.eventId }, sku: outcome.sku, children: outcome.children?.length ?? 0 }, 'product published')
    const sends = [outcome.run()]
    for (const child of outcome.children ?? []) {
      this.newest.set(child.product.sku, child.magentoUpdatedAt.getTime())
      sends.push(this.options.publisher.publish(child))
    }
    return sends
  }

  /** Retries Magento being unreachable, keeping the group membership alive meanwhile. */
  private async withRetries<T>(work: () => Promise<T>, heartbeat: () => Promise<void>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work()
      } catch (error) {
        if (!isRetryable(error) || attempt >= 8) throw error
        this.options.log.warn({ err: error, attempt }, 'magento unavailable, retrying')
        await new Promise((resolve) => setTimeout(resolve, Math.min(200 * 2 ** attempt, 5000) * Math.random()))
        await heartbeat()
      }
    }
  }

  private async decide(message: KafkaMessage, inBatch: ReadonlySet<string>): Promise<Outcome> {
    const { metrics, log, publisher } = this.options
    let change: ReceivedChange
    try {
      change = await this.options.registry.decode<ReceivedChange>(message.value!)
    } catch (error) {
      // The registry not answering is not bad data: retried like Magento being unreachable.
      if (isRetryable(error)) throw error
      // Only ingest writes this topic, so an undecodable record is a bug or foreign data: it is
      // logged with its position and skipped, or it would stop the partition for good.
      metrics.failures.inc({ reason: 'undecodable' })
      log.error({ err: error, offset: message.offset }, 'recorded change cannot be decoded')
      return { kind: 'skip', reason: 'invalid' }
    }
    if (this.seen.has(change.eventId) || inBatch.has(change.eventId)) return { kind: 'skip', reason: 'duplicate' }
    const eventId = change.eventId

    if (change.action === 'delete') {
      if (!change.sku) {
        metrics.failures.inc({ reason: 'delete_without_sku' })
        log.warn({ event: { id: change.eventId }, trace: { id: change.eventId } }, 'delete without sku, cannot publish a tombstone')
        return { kind: 'skip', reason: 'unresolvable' }
      }
      const sku = change.sku
      // Our clock is not Magento's: a delete moves the SKU's newest time only by Magento's own timestamp.
      const children = await this.childrenEvents(this.options.parents.forget(sku), change)
      return { kind: 'publish', eventId, sku, updatedAt: change.magentoUpdatedAt ?? undefined, run: () => publisher.publishDelete(sku, eventId, change.source), children }
    }

    const product = await this.resolveProduct(change)
    if (product === 'gone') {
      // Magento no longer has it: the current state is "deleted".
      const sku = change.sku!
      const children = await this.childrenEvents(this.options.parents.forget(sku), change)
      return { kind: 'publish', eventId, sku, run: () => publisher.publishDelete(sku, eventId, change.source), children }
    }
    if (product === undefined) return { kind: 'skip', reason: 'unresolvable' }

    const canonical = await this.normalise(product, eventId)
    if (canonical === undefined) return { kind: 'skip', reason: 'invalid' }
    const updatedAt = productChangeTime(canonical) ?? change.magentoUpdatedAt ?? change.receivedAt
    const newest = this.newest.get(product.sku)
    if (newest !== undefined && updatedAt.getTime() < newest) return { kind: 'skip', reason: 'stale' }
    const event = { eventId: change.eventId, source: change.source, magentoUpdatedAt: updatedAt, observedAt: change.receivedAt, product: canonical }
    let children: ProductChanged[] | undefined
    if (canonical.configurable !== null && this.options.parents.remember(canonical)) {
      children = await this.childrenEvents(canonical.configurable.childIds, change)
    }
    return { kind: 'publish', eventId, sku: product.sku, updatedAt, run: () => publisher.publish(event), children }
  }

  /** The canonical product, or undefined (logged) when Magento's data cannot be normalised. */
  private async normalise(product: MagentoProduct, eventId: string): Promise<Product | undefined> {
    try {
      return await normaliseProduct(product, this.options.context)
    } catch (error) {
      if (isRetryable(error)) throw error
      this.options.metrics.failures.inc({ reason: 'normalise' })
      this.options.log.error({ err: error, sku: product.sku, event: { id: eventId }, trace: { id: eventId } }, 'product could not be normalised')
      return undefined
    }
  }

  /**
   * The children of a parent just saved or deleted, as events: what a child lists with
   * (description, material, categories) may come from its parent, and Magento fires no event for
   * the children then. Read in one REST call; each event id derives from the parent's, and each
   * event is at least as new as the parent's change, so it is not taken for a stale one downstream.
   */
  private async childrenEvents(ids: readonly number[], change: ReceivedChange): Promise<ProductChanged[]> {
    if (ids.length === 0) return []
    const page = await this.options.client.searchProducts({ entityIds: ids, pageSize: ids.length, currentPage: 1 })
    const changedAt = (change.magentoUpdatedAt ?? change.receivedAt).getTime()
    const events: ProductChanged[] = []
    for (const item of page.items) {
      const parsed = magentoProductSchema.safeParse(item)
      if (!parsed.success) continue
      const child = await this.normalise(parsed.data, change.eventId)
      if (child === undefined) continue
      const magentoUpdatedAt = new Date(Math.max(productChangeTime(child)?.getTime() ?? 0, changedAt))
      events.push({ eventId: `${change.eventId}/${child.sku}`, source: change.source, magentoUpdatedAt, observedAt: change.receivedAt, product: child })
    }
    return events
  }

  /** The complete product: the one received if complete, else Magento's current state. */
  private async resolveProduct(change: ReceivedChange): Promise<MagentoProduct | 'gone' | undefined> {
    const { client, metrics, log } = this.options
    if (change.action === 'upsert' && change.productJson) {
      // The webhook route validated it with magentoProductSchema before recording it.
      const received = JSON.parse(change.productJson) as MagentoProduct
      if (isCompleteProduct(received)) return received
    }
    let sku = change.sku
    if (!sku && change.productId !== null) sku = (await client.skusOfIds([change.productId])).get(change.productId) ?? null
    if (!sku) {
      metrics.failures.inc({ reason: 'unknown_product' })
      log.warn({ event: { id: change.eventId }, trace: { id: change.eventId }, productId: change.productId }, 'no product with that id')
      return undefined
    }
    metrics.magentoFetches.inc({ reason: change.action === 'stock' ? 'stock' : 'partial' })
    const fetched = await client.getProduct(sku, change.eventId)
    if (fetched === undefined) return change.sku ? 'gone' : undefined
    const parsed = magentoProductSchema.safeParse(fetched)
    if (!parsed.success) {
      metrics.failures.inc({ reason: 'invalid_rest_product' })
      log.error({ sku, issues: parsed.error.issues.slice(0, 10) }, 'magento returned a product that fails validation')
      return undefined
    }
    return parsed.data
  }
}
