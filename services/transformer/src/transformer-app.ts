import { BatchingProducer, createProducer } from '@listing-sync/kafka'
import { connectPipeline, createHttpService, type HttpService } from '@listing-sync/service'
import { CatalogTransformer } from './catalog-transformer.js'
import { ListingPublisher } from './listing-publisher.js'
import { ListingState } from './listing-state.js'
import { ManifestWatcher } from './manifest-watcher.js'
import type { TransformerConfig } from './transformer-config.js'
import { createTransformerMetrics } from './transformer-metrics.js'

/** The transformer service, for its main and for tests that run it in-process. */
export interface TransformerApp {
  readonly http: HttpService
  /** Loads the manifests, rebuilds the last published state and starts consuming. */
  start(): Promise<void>
}

/** Builds the transformer: manifests (watched), state, publisher, consumer, health and metrics. */
export async function createTransformerApp(config: TransformerConfig): Promise<TransformerApp> {
  const http = createHttpService({ name: 'transformer', logLevel: config.LOG_LEVEL })
  const log = http.log
  const metrics = createTransformerMetrics(http.metrics)
  const pipeline = await connectPipeline('transformer', config, log)
  http.addReadinessChecks(pipeline.checks)
  const producer = createProducer(pipeline.kafka)
  const manifests = new ManifestWatcher(config.MAPPINGS_DIR, metrics, log)
  let transformer: CatalogTransformer | undefined

  http.app.addHook('onClose', async () => {
    manifests.stop()
    await transformer?.stop()
    await producer.disconnect()
    await pipeline.close()
  })

  return {
    http,
    async start() {
      await manifests.start()
      const marketplaces = manifests.current().map((mapping) => mapping.marketplace)
      await producer.connect()
      const publisher = await ListingPublisher.forMarketplaces(new BatchingProducer(producer), pipeline.registry, marketplaces)
      const state = new ListingState()
      const known = await state.rebuild(pipeline.kafka, pipeline.registry, marketplaces)
      log.info({ listings: known, marketplaces }, 'last published listings loaded')
      transformer = new CatalogTransformer({ kafka: pipeline.kafka, registry: pipeline.registry, publisher, state, mappings: () => manifests.current(), metrics, log })
      await transformer.start()
    },
  }
}
