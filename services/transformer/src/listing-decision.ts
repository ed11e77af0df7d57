import type { KafkaMessage } from 'kafkajs'
import type { ProductChanged } from '@listing-sync/catalog'
import { isRetryable } from '@listing-sync/errors'
import type { AvroRegistry } from '@listing-sync/kafka'
import type { MarketplaceMapping } from '@listing-sync/mapping'
import type { Logger } from '@listing-sync/observability'
import { payloadHash, type ListingPublisher, type Source } from './listing-publisher.js'
import type { ListingState } from './listing-state.js'

/** What deciding one canonical record for one marketplace gave; also the transformer's metric label. */
export type DecisionOutcome = 'published' | 'unchanged' | 'invalid' | 'deleted' | 'stale'

/** Every outcome, for counting them. */
export const DECISION_OUTCOMES: readonly DecisionOutcome[] = ['published', 'unchanged', 'invalid', 'deleted', 'stale']

/** Reads and writes of the last published listing per marketplace and SKU. */
export type StateView = Pick<ListingState, 'get' | 'set'>

/** The publisher calls a decision makes; a narrow contract so tests can record them. */
export type ListingSink = Pick<ListingPublisher, 'upsert' | 'delete' | 'reject' | 'clearRejection'>

/** One record of catalog.product.v1 as the decision needs it. */
export interface CanonicalRecord {
  readonly sku: string
  readonly eventId: string
  /** The product's new state; null for a tombstone (deleted in Magento). */
  readonly event: ProductChanged | null
  /** Broker timestamp of the record, ms: the time of a tombstone, which carries no magentoUpdatedAt. */
  readonly timestamp: number
}

/** What of a marketplace mapping the decision uses. */
export type DecisionMapping = Pick<MarketplaceMapping, 'marketplace' | 'version' | 'map'>

/** What the decision needs besides the record: where outputs go and how mapping is timed. */
export interface DecisionContext {
  readonly publisher: ListingSink
  readonly log: Logger
  /** Starts timing one mapping and returns its stop; the transformer feeds its histogram. */
  readonly timeMapping?: (marketplace: string) => () => void
  /**
   * Changes as they happen (the transformer), not a re-map of old ones (a resync): only then does a
   * listing carry when listing-sync received its change, which would make a resync look slow.
   */
  readonly live?: boolean
}

/** The outcome of one record for one marketplace, and its sends, already queued in order. */
export interface ListingDecision {
  readonly outcome: DecisionOutcome
  readonly sends: readonly Promise<void>[]
}

/**
 * Decodes one record of the canonical topic; undefined (logged) for a record without a key or one
 * that does not decode, which is skipped so the partition keeps flowing. Rejects with the retryable
 * error when the registry did not serve the record's schema: the caller reads it again.
 */
export async function readCanonicalRecord(message: KafkaMessage, registry: AvroRegistry, log: Logger): Promise<CanonicalRecord | undefined> {
  const sku = message.key?.toString()
  if (!sku) return undefined
  const eventId = message.headers?.['event-id']?.toString() ?? `offset:${message.offset}`
  let event: ProductChanged | null = null
  if (message.value !== null) {
    try {
      event = await registry.decode<ProductChanged>(message.value)
    } catch (error) {
      // The registry not answering is not bad data: the batch is read again, never skipped.
      if (isRetryable(error)) throw error
      // The canonical topic is a public contract written through the registry; a record that does
      // not decode is logged with its position and skipped.
      log.error({ err: error, sku, offset: message.offset }, 'canonical record cannot be decoded')
      return undefined
    }
  }
  const timestamp = Number(message.timestamp)
  return { sku, eventId, event, timestamp: Number.isFinite(timestamp) && timestamp > 0 ? timestamp : Date.now() }
}

/**
 * The one way a canonical record becomes a marketplace's output, shared by the transformer and the
 * resync: a tombstone becomes a DELETE (once); an event older than the last one seen for the SKU is
 * dropped; a product that does not map or validate goes to .invalid with every problem; an
 * unchanged payload is not published again; a changed one is published, clearing a rejection.
 * The state is updated at once; the caller decides when it becomes durable.
 */
export async function decideListing(context: DecisionContext, record: CanonicalRecord, mapping: DecisionMapping, state: StateView): Promise<ListingDecision> {
  const { publisher } = context
  const { marketplace } = mapping
  const { sku, eventId, event } = record
  const previous = state.get(marketplace, sku)
  // A tombstone is timed by when it was written, not when it is read: a resync replaying a delete
  // that a re-creation followed must not time the delete after the re-creation.
  const updatedAt = event?.magentoUpdatedAt.getTime() ?? record.timestamp
  const source: Source = { sku, eventId, magentoUpdatedAt: new Date(updatedAt), manifestVersion: mapping.version, ...(context.live && event ? { observedAt: event.observedAt, changeSource: event.source } : {}) }
  if (event === null) {
    if (previous?.state === 'DELETED') return { outcome: 'unchanged', sends: [] }
    const sends = [publisher.delete(marketplace, source)]
    if (previous?.state === 'INVALID') sends.push(publisher.clearRejection(marketplace, source))
    state.set(marketplace, sku, { state: 'DELETED', magentoUpdatedAt: updatedAt })
    return { outcome: 'deleted', sends }
  }
  if (previous !== undefined && updatedAt < previous.magentoUpdatedAt) return { outcome: 'stale', sends: [] }
  const end = context.timeMapping?.(marketplace)
  const outcome = await mapping.map(event.product)
  end?.()
  if (!outcome.ok) {
    state.set(marketplace, sku, { state: 'INVALID', magentoUpdatedAt: updatedAt })
    context.log.warn({ marketplace, sku, problems: outcome.problems.map((p) => `${p.rule}: ${p.message}`), event: { id: eventId }, trace: { id: eventId } }, 'product cannot be listed')
    return { outcome: 'invalid', sends: [publisher.reject(marketplace, source, outcome.productType, outcome.problems)] }
  }
  const payloadJson = JSON.stringify(outcome.payload)
  const hash = payloadHash(payloadJson)
  state.set(marketplace, sku, { state: hash, magentoUpdatedAt: updatedAt })
  if (previous?.state === hash) return { outcome: 'unchanged', sends: [] }
  const sends = [publisher.upsert(marketplace, source, outcome.productType, payloadJson, hash)]
  if (previous?.state === 'INVALID') sends.push(publisher.clearRejection(marketplace, source))
  return { outcome: 'published', sends }
}
