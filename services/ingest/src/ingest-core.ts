import { setTimeout as sleep } from 'node:timers/promises'
import {
  BatchingProducer,
  CATALOG_PRODUCT_TOPIC,
  createProducer,
  INGEST_CHANGES_TOPIC,
  INGEST_CURSORS_TOPIC,
  topicCatalog,
} from '@listing-sync/kafka'
import type { Logger, Registry } from '@listing-sync/observability'
import { connectPipeline, type PipelineDependencies } from '@listing-sync/service'
import type { NormaliseContext } from './magento/index.js'
import type { IngestConfig } from './ingest-config.js'
import { createIngestMetrics, type IngestMetrics } from './ingest-metrics.js'
import { ChangeRecorder } from './pipeline/change-recorder.js'
import { CursorStore } from './pipeline/cursor-store.js'
import type { ConfigurableParents } from './pipeline/configurable-parents.js'
import { createMagentoNormalisation } from './pipeline/magento-normalisation.js'
import { ProductPublisher } from './pipeline/product-publisher.js'
import type { MagentoClient } from './transport/magento-client.js'

/** The parts that need the registry's schema ids, available once they are registered. */
export interface IngestParts {
  readonly recorder: ChangeRecorder
  readonly publisher: ProductPublisher
  readonly cursors: CursorStore
}

/** What the webhook server, the enricher, reconcile and backfill share. */
export interface IngestCore {
  readonly pipeline: PipelineDependencies
  readonly metrics: IngestMetrics
  readonly client: MagentoClient
  readonly context: NormaliseContext
  /** Parents of configurable children, for the context and for the enricher to keep current. */
  readonly parents: ConfigurableParents
  /** Resolves once the producer is connected and the schemas are registered (retried until then). */
  readonly parts: Promise<IngestParts>
  /** The parts if ready, else undefined: the webhook route answers 503 meanwhile. */
  partsIfReady(): IngestParts | undefined
  /** Loads every attribute's option labels up front; a failure only costs lookups later. */
  warmCaches(): Promise<void>
  close(): Promise<void>
}

/** Connects to Kafka, the registry and Magento; registers ingest's schemas in the background. */
export async function createIngestCore(config: IngestConfig, log: Logger, registry: Registry): Promise<IngestCore> {
  const metrics = createIngestMetrics(registry)
  const pipeline = await connectPipeline('ingest', config, log)
  // Two producers: webhooks wait only for their own small records, never behind a batch of large
  // canonical events (each producer has one request in flight, to keep per-key order).
  const changesProducer = createProducer(pipeline.kafka)
  const eventsProducer = createProducer(pipeline.kafka)
  const changes = new BatchingProducer(changesProducer)
  const events = new BatchingProducer(eventsProducer)
  const normalisation = createMagentoNormalisation(config, log)
  const { client, context, parents } = normalisation

  let ready: IngestParts | undefined
  let closed = false
  const parts = (async () => {
    const specs = topicCatalog([]).filter((spec) => [CATALOG_PRODUCT_TOPIC, INGEST_CHANGES_TOPIC, INGEST_CURSORS_TOPIC].includes(spec.name))
    // Until the broker and the registry answer, webhooks get 503 and Magento retries, instead of
    // the service failing to start.
    for (let attempt = 1; !closed; attempt++) {
      try {
        await Promise.all([changesProducer.connect(), eventsProducer.connect()])
        const ids = await pipeline.registry.registerTopicSchemas(specs)
        ready = {
          recorder: new ChangeRecorder(changes, pipeline.registry, ids.get(INGEST_CHANGES_TOPIC)!, config.INGEST_ACK_TIMEOUT_MS),
          publisher: new ProductPublisher(events, pipeline.registry, ids.get(CATALOG_PRODUCT_TOPIC)!, metrics),
          cursors: new CursorStore(pipeline.kafka, events, pipeline.registry, ids.get(INGEST_CURSORS_TOPIC)!),
        }
        return ready
      } catch (error) {
        log.warn({ err: error, attempt }, 'broker or registry not ready, retrying')
        await sleep(Math.min(500 * attempt, 5000))
      }
    }
    throw new Error('ingest closed before the broker and registry were ready')
  })()
  // Callers that never await the parts (a webhook-only test) must not see an unhandled rejection.
  parts.catch(() => undefined)

  return {
    pipeline,
    metrics,
    client,
    context,
    parents,
    parts,
    partsIfReady: () => ready,
    async warmCaches() {
      try {
        const count = await normalisation.preloadOptions()
        log.info({ attributes: count }, 'attribute options loaded')
      } catch (error) {
        log.warn({ err: error }, 'could not preload attribute options; they will be fetched as needed')
      }
    },
    async close() {
      closed = true
      await Promise.all([changesProducer.disconnect(), eventsProducer.disconnect()])
      await pipeline.close()
    },
  }
}
