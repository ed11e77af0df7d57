import { BatchingProducer, ConsumerLagGauge, createProducer, marketplaceTopicNames, topicCatalog } from '@listing-sync/kafka'
import type { Logger } from '@listing-sync/observability'
import { connectPipeline, createHttpService, type HttpService } from '@listing-sync/service'
import { AmazonAdapter } from './adapters/amazon/amazon-adapter.js'
import { MiraklAdapter } from './adapters/b2b/mirakl-adapter.js'
import { DeadLetters } from './delivery/dead-letters.js'
import { DeliveredListings } from './delivery/delivered-listings.js'
import { ListingResults } from './delivery/listing-results.js'
import type { MarketplaceAdapter } from './delivery/marketplace-adapter.js'
import type { DispatcherConfig } from './dispatcher-config.js'
import { createDispatcherMetrics } from './dispatcher-metrics.js'
import { countingThrottles } from './delivery/throttle-count.js'
import { dispatcherGroup, ListingDispatcher } from './listing-dispatcher.js'
import { RateBudget } from './pacing/rate-budget.js'

/** The dispatcher service, for its main and for tests that run it in-process. */
export interface DispatcherApp {
  readonly http: HttpService
  readonly adapter: MarketplaceAdapter
  /** Joins the marketplace's consumer group and starts delivering. */
  start(): Promise<void>
}

/** The adapter of the configured marketplace. */
export function createAdapter(config: DispatcherConfig, log: Logger): MarketplaceAdapter {
  const marketplace = config.DISPATCHER_TOPIC_MARKETPLACE ?? config.DISPATCHER_MARKETPLACE
  switch (config.DISPATCHER_MARKETPLACE) {
    case 'amazon':
      return new AmazonAdapter({
        marketplace,
        endpoint: config.AMAZON_SP_API_ENDPOINT,
        lwaTokenUrl: config.AMAZON_LWA_ENDPOINT,
        credentials: { clientId: config.AMAZON_LWA_CLIENT_ID, clientSecret: config.AMAZON_LWA_CLIENT_SECRET, refreshToken: config.AMAZON_LWA_REFRESH_TOKEN },
        sellerId: config.AMAZON_SELLER_ID,
        marketplaceId: config.AMAZON_MARKETPLACE_ID,
        validationPreview: config.AMAZON_VALIDATION_PREVIEW,
        log,
      })
    case 'b2b':
      return new MiraklAdapter({
        marketplace,
        baseUrl: config.B2B_API_URL,
        apiKey: config.B2B_API_KEY,
        ...(config.B2B_SHOP_ID === undefined ? {} : { shopId: config.B2B_SHOP_ID }),
        offerPolling: { firstMs: config.B2B_IMPORT_FIRST_POLL_MS, intervalMs: config.B2B_IMPORT_POLL_MS },
        productPolling: { firstMs: config.B2B_PRODUCT_IMPORT_FIRST_POLL_MS, intervalMs: config.B2B_PRODUCT_IMPORT_POLL_MS },
        log,
      })
  }
}

/**
 * Builds a dispatcher: adapter (the configured marketplace's, unless one is given), rate budget,
 * dead letters, results, consumer, health and metrics.
 */
export async function createDispatcherApp(config: DispatcherConfig, adapter?: MarketplaceAdapter): Promise<DispatcherApp> {
  const http = createHttpService({ name: `dispatcher-${adapter?.marketplace ?? config.DISPATCHER_MARKETPLACE}`, logLevel: config.LOG_LEVEL })
  const log = http.log
  const pipeline = await connectPipeline('dispatcher', config, log)
  http.addReadinessChecks(pipeline.checks)
  const marketplaceAdapter = adapter ?? createAdapter(config, log)
  const unknown = Object.keys(config.DISPATCHER_RATE_LIMITS).filter((operation) => !(operation in marketplaceAdapter.limits))
  if (unknown.length > 0) throw new Error(`DISPATCHER_RATE_LIMITS names operations ${marketplaceAdapter.marketplace} does not have: ${unknown.join(', ')} (it has ${Object.keys(marketplaceAdapter.limits).join(', ')})`)
  const producer = createProducer(pipeline.kafka)
  const lag = new ConsumerLagGauge({ admin: pipeline.admin, registry: http.metrics, log })
  let dispatcher: ListingDispatcher | undefined
  http.app.addHook('onClose', async () => {
    lag.stop()
    await dispatcher?.stop()
    await producer.disconnect()
    await pipeline.close()
  })
  return {
    http,
    adapter: marketplaceAdapter,
    async start() {
      const { marketplace } = marketplaceAdapter
      const topics = marketplaceTopicNames(marketplace)
      await producer.connect()
      const ids = await pipeline.registry.registerTopicSchemas(topicCatalog([marketplace]).filter((spec) => spec.name === topics.results))
      const batching = new BatchingProducer(producer)
      const metrics = createDispatcherMetrics(http.metrics)
      dispatcher = new ListingDispatcher({
        kafka: pipeline.kafka,
        registry: pipeline.registry,
        adapter: countingThrottles(marketplaceAdapter, metrics),
        budget: new RateBudget({ ...marketplaceAdapter.limits, ...config.DISPATCHER_RATE_LIMITS }),
        delivered: new DeliveredListings(),
        deadLetters: new DeadLetters(batching, topics.deadLetters),
        results: new ListingResults(batching, pipeline.registry, topics.results, ids.get(topics.results)!, log),
        backoff: { baseMs: config.RETRY_BASE_MS, capMs: config.RETRY_CAP_MS, maxAttempts: config.RETRY_MAX_ATTEMPTS },
        metrics,
        log,
        callsInFlight: config.DISPATCHER_CALLS_IN_FLIGHT,
      })
      await dispatcher.start()
      lag.watch(dispatcherGroup(marketplace), topics.listings)
      lag.start()
    },
  }
}
