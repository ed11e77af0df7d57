import { BatchingProducer, createProducer } from '@listing-sync/kafka'
import type { MarketplaceMapping } from '@listing-sync/mapping'
import type { Logger } from '@listing-sync/observability'
import { connectPipeline, type PipelineConfig } from '@listing-sync/service'
import { runCatalogResync, type ResyncProgress, type ResyncSummary } from './catalog-resync.js'
import { ListingPublisher } from './listing-publisher.js'

/** What {@link resyncMarketplace} reports to. */
export interface MarketplaceResyncOptions {
  readonly log: Logger
  readonly onProgress?: (progress: ResyncProgress) => void
  /** The canonical topic; catalog.product.v1 unless a test gives its own. */
  readonly topic?: string
  /** Only these SKUs are re-mapped; all by default. */
  readonly skus?: ReadonlySet<string>
}

/**
 * The work of `listing-sync resync --marketplace <id>`, without a running transformer: connects to
 * the broker and the registry, registers the marketplace's listing schemas and re-maps the whole
 * canonical topic with `mapping` (the marketplace's current validated manifest), publishing what
 * changed. Resolves with the summary once every output is acknowledged.
 */
export async function resyncMarketplace(config: PipelineConfig, mapping: MarketplaceMapping, options: MarketplaceResyncOptions): Promise<ResyncSummary> {
  const { log } = options
  const pipeline = await connectPipeline('resync', config, log)
  const producer = createProducer(pipeline.kafka)
  try {
    await producer.connect()
    const publisher = await ListingPublisher.forMarketplaces(new BatchingProducer(producer), pipeline.registry, [mapping.marketplace])
    return await runCatalogResync({ kafka: pipeline.kafka, registry: pipeline.registry, mapping, publisher, log, topic: options.topic, skus: options.skus, onProgress: options.onProgress })
  } finally {
    await producer.disconnect()
    await pipeline.close()
  }
}
