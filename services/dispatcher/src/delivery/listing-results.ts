import type { AvroRegistry, BatchingProducer } from '@listing-sync/kafka'
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

/** Publishes outcomes to `listing.<mkt>.result.v1` (schemas/listing/listing-result.avsc), key = SKU. */
export class ListingResults {
  constructor(
    private readonly producer: BatchingProducer,
    private readonly registry: AvroRegistry,
    private readonly topic: string,
    private readonly schemaId: number,
  ) {}

  async publish(entry: ResultEntry): Promise<void> {
    const { update } = entry
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
