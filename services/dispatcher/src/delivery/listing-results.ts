import type { AvroRegistry, BatchingProducer } from '@listing-sync/kafka'
import type { Logger } from '@listing-sync/observability'
import type { DeliveryReason, ListingUpdate } from './marketplace-adapter.js'

/** One outcome to record. */
export interface ResultEntry {
  readonly update: ListingUpdate
  readonly outcome: 'ACCEPTED' | 'REJECTED'
  readonly operation: string
  readonly reference: string | null
  readonly reasons: readonly DeliveryReason[]
  readonly attempts: number
}

/**
 * Publishes outcomes to `listing.<mkt>.result.v1` (schemas/listing/listing-result.avsc), key = SKU,
 * and logs each at debug with the change's `trace.id`: the outbound call's line already says at info
 * what the marketplace answered, and a backfill of 50,000 SKUs would otherwise double it.
 */
export class ListingResults {
  constructor(
    private readonly producer: BatchingProducer,
    private readonly registry: AvroRegistry,
    private readonly topic: string,
    private readonly schemaId: number,
    private readonly log: Logger,
  ) {}

  async publish(entry: ResultEntry): Promise<void> {
    const { update } = entry
    this.log.debug(
      {
        trace: { id: update.sourceEventId },
        event: { action: entry.operation, outcome: entry.outcome === 'ACCEPTED' ? 'success' : 'failure' },
        marketplace: update.marketplace,
        sku: update.sku,
        reference: entry.reference,
        attempts: entry.attempts,
      },
      'delivery outcome',
    )
    const value = await this.registry.encode(this.schemaId, {
      marketplace: update.marketplace,
      sku: update.sku,
      action: update.action,
      outcome: entry.outcome,
      operation: entry.operation,
      reference: entry.reference,
      reasons: entry.reasons.map((reason) => ({ code: reason.code, message: reason.message, attribute: reason.attribute ?? null })),
      attempts: entry.attempts,
      payloadHash: update.payloadHash,
      sourceEventId: update.sourceEventId,
      magentoUpdatedAt: update.magentoUpdatedAt,
      deliveredAt: new Date(),
    })
    await this.producer.send(this.topic, { key: update.sku, value, headers: { 'event-id': update.sourceEventId } })
  }
}
