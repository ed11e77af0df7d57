import { isRetryable } from '@listing-sync/errors'
import type { Logger } from '@listing-sync/observability'
import { normaliseProduct, productChangeTime, type MagentoProduct, type NormaliseContext } from '../magento/index.js'
import type { IngestMetrics } from '../ingest-metrics.js'
import type { ProductPublisher } from './product-publisher.js'

/** What publishing complete products needs. */
export interface CatalogPublishing {
  readonly context: NormaliseContext
  readonly publisher: ProductPublisher
  readonly metrics: IngestMetrics
  readonly log: Logger
}

/**
 * Normalises and publishes complete products read from REST (backfill, reconcile). The event id
 * names the source, SKU and Magento updated_at (the parent's when newer), so publishing the same state twice is recognisable
 * downstream. Resolves when the broker acknowledged all of them; returns how many were published.
 */
export async function publishProducts(products: readonly MagentoProduct[], source: 'backfill' | 'reconcile', deps: CatalogPublishing): Promise<number> {
  const observedAt = new Date()
  const results = await Promise.all(
    products.map(async (product) => {
      let canonical
      try {
        canonical = await normaliseProduct(product, deps.context)
      } catch (error) {
        // Magento unreachable mid-run: fail the page so the cursor stays and a rerun resumes here.
        if (isRetryable(error)) throw error
        deps.metrics.failures.inc({ reason: 'normalise' })
        deps.log.error({ err: error, sku: product.sku }, 'product could not be normalised')
        return 0
      }
      const magentoUpdatedAt = productChangeTime(canonical) ?? observedAt
      await deps.publisher.publish({
        eventId: `${source}:${product.sku}:${magentoUpdatedAt.getTime()}`,
        source,
        magentoUpdatedAt,
        observedAt,
        product: canonical,
      })
      return 1
    }),
  )
  return results.reduce<number>((sum, n) => sum + n, 0)
}
