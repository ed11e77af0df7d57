import { BatchingProducer, CATALOG_PRODUCT_TOPIC, ConsumerLagGauge, createProducer } from '@listing-sync/kafka'
import { connectPipeline, createHttpService, type HttpService } from '@listing-sync/service'
import { CatalogTransformer, TRANSFORMER_GROUP } from './catalog-transformer.js'
import { ListingPublisher } from './listing-publisher.js'
import { ListingState } from './listing-state.js'
import { ManifestWatcher } from './manifest-watcher.js'
import { ApiProductTypeSchemas } from './product-types/api-product-type-schemas.js'
import type { TransformerConfig } from './transformer-config.js'
import { createTransformerMetrics } from './transformer-metrics.js'

/** The transformer service, for its main and for tests that run it in-process. */
export interface TransformerApp {
  readonly http: HttpService
  /** Loads the manifests, rebuilds the last published state and starts consuming. */
  start(): Promise<void>
}

/** Options of {@link createTransformerApp} beyond the configuration. */
export interface TransformerAppOptions {
  /** Consumer group on catalog.product.v1; TRANSFORMER_GROUP by default. Tests that run a transformer beside others take one of their own. */
  readonly consumerGroup?: string
}

/** Builds the transformer: manifests (watched) and their product type schemas, state, publisher, consumer, health and metrics. */
export async function createTransformerApp(config: TransformerConfig, options: TransformerAppOptions = {}): Promise<TransformerApp> {
  const http = createHttpService({ name: 'transformer', logLevel: config.LOG_LEVEL })
  const log = http.log
  const metrics = createTransformerMetrics(http.metrics)
  const pipeline = await connectPipeline('transformer', config, log)
  http.addReadinessChecks(pipeline.checks)
  const lag = new ConsumerLagGauge({ admin: pipeline.admin, registry: http.metrics, log })
  const producer = createProducer(pipeline.kafka)
  // Amazon product type schemas: the manifest's files, or the Product Type Definitions API.
  const apiSchemas = config.AMAZON_PRODUCT_TYPE_SCHEMAS === 'api' ? ApiProductTypeSchemas.fromConfig(config, log) : undefined
  const manifests = new ManifestWatcher(config.MAPPINGS_DIR, metrics, log, apiSchemas)
  let transformer: CatalogTransformer | undefined

  http.app.addHook('onClose', async () => {
    apiSchemas?.stop()
    manifests.stop()
    lag.stop()
    await transformer?.stop()
    await producer.disconnect()
    await pipeline.close()
  })

  return {
    http,
    async start() {
      await manifests.start()
      // A changed schema rebuilds the mappings through the manifests' reload: validated, then applied.
      apiSchemas?.refreshEvery(config.AMAZON_PRODUCT_TYPE_REFRESH_MS, () => manifests.reload())
      const marketplaces = manifests.current().map((mapping) => mapping.marketplace)
      await producer.connect()
      const publisher = await ListingPublisher.forMarketplaces(new BatchingProducer(producer), pipeline.registry, marketplaces)
      const state = new ListingState()
      const known = await state.rebuild(pipeline.kafka, pipeline.registry, marketplaces)
      log.info({ listings: known, marketplaces }, 'last published listings loaded')
      const group = options.consumerGroup ?? TRANSFORMER_GROUP
      transformer = new CatalogTransformer({ kafka: pipeline.kafka, registry: pipeline.registry, publisher, state, mappings: () => manifests.current(), metrics, log, group })
      await transformer.start()
      lag.watch(group, CATALOG_PRODUCT_TOPIC)
      lag.start()
    },
  }
}
