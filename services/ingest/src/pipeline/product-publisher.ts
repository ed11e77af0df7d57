import { CATALOG_PRODUCT_TOPIC, type AvroRegistry, type BatchingProducer } from '@listing-sync/kafka'
import type { ProductChanged } from '@listing-sync/catalog'
import type { IngestMetrics } from '../ingest-metrics.js'

/**
 * Publishes the canonical topic's records: a ProductChanged (Avro, key = SKU) per change, a
 * tombstone per delete. The event id and source also travel as headers, so a tombstone carries them.
 */
export class ProductPublisher {
  constructor(
    private readonly producer: BatchingProducer,
    private readonly registry: AvroRegistry,
    private readonly schemaId: number,
    private readonly metrics: IngestMetrics,
  ) {}

  async publish(event: ProductChanged): Promise<void> {
    const value = await this.registry.encode(this.schemaId, event)
    await this.send(event.product.sku, value, event.eventId, event.source)
  }

  async publishDelete(sku: string, eventId: string, source: ProductChanged['source']): Promise<void> {
    await this.send(sku, null, eventId, source)
  }

  private async send(sku: string, value: Buffer | null, eventId: string, source: string): Promise<void> {
    const end = this.metrics.produceSeconds.startTimer({ topic: CATALOG_PRODUCT_TOPIC })
    await this.producer.send(CATALOG_PRODUCT_TOPIC, { key: sku, value, headers: { 'event-id': eventId, source } })
    end()
    this.metrics.published.inc({ topic: CATALOG_PRODUCT_TOPIC, source, kind: value === null ? 'tombstone' : 'upsert' })
  }
}
