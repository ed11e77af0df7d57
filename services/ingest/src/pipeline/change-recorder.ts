import { LS_ERR_INGEST_UNAVAILABLE } from '@listing-sync/errors'
import { INGEST_CHANGES_TOPIC, type AvroRegistry, type BatchingProducer } from '@listing-sync/kafka'

/** A change as ingest records it on `ingest.magento.changes.v1` (schemas/ingest/magento-change-received.avsc). */
export interface ReceivedChange {
  readonly eventId: string
  readonly receivedAt: Date
  readonly source: 'webhook' | 'reconcile' | 'backfill'
  readonly shape: string
  readonly eventName: string
  readonly action: 'upsert' | 'delete' | 'stock'
  readonly sku: string | null
  readonly productId: number | null
  readonly magentoUpdatedAt: Date | null
  readonly productJson: string | null
  readonly stockJson: string | null
}

/** Kafka key of a change: the SKU, or the product id for stock events that carry no SKU. */
const changeKey = (change: Pick<ReceivedChange, 'sku' | 'productId'>) => change.sku ?? `product-id:${change.productId}`

/**
 * Records accepted changes durably before the webhook is answered: the change is on the broker
 * (acks=all) when `record` resolves, so Magento's 200 means the change cannot be lost. Enrichment
 * (REST fetches, labels) happens after, in the enricher.
 */
export class ChangeRecorder {
  constructor(
    private readonly producer: BatchingProducer,
    private readonly registry: AvroRegistry,
    private readonly schemaId: number,
    private readonly ackTimeoutMs: number,
  ) {}

  /** Resolves when the broker acknowledged; rejects with LS_ERR_INGEST_UNAVAILABLE otherwise. */
  async record(change: ReceivedChange): Promise<void> {
    const key = changeKey(change)
    const headers = { 'event-id': change.eventId, source: change.source }
    // `change` (with the product's JSON) is not used past the encoding, so it is not kept while
    // the broker acknowledges.
    const value = await this.registry.encode(this.schemaId, change)
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no acknowledgement within ${this.ackTimeoutMs} ms`)), this.ackTimeoutMs)
    })
    try {
      await Promise.race([
        this.producer.send(INGEST_CHANGES_TOPIC, { key, value, headers }),
        timeout,
      ])
    } catch (error) {
      // A late acknowledgement after the timeout is harmless: Magento retries and the enricher
      // drops the second copy by its event id.
      throw LS_ERR_INGEST_UNAVAILABLE.with({ cause: error }, (error as Error).message)
    } finally {
      clearTimeout(timer)
    }
  }
}
