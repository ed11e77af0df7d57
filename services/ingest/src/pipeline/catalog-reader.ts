import type { Logger } from '@listing-sync/observability'
import { magentoProductSchema, type MagentoProduct } from '../magento/index.js'
import { checkRestProduct } from '../magento/magento-product-check.js'
import type { IngestMetrics } from '../ingest-metrics.js'
import type { MagentoClient, ProductSearch } from '../transport/magento-client.js'

/** One page of valid products, with the catalog size Magento reported. */
export interface CatalogPage {
  readonly products: MagentoProduct[]
  readonly totalCount: number
  /** Products Magento returned that failed validation (logged, counted, not published). */
  readonly rejected: number
}

/** Reads a page through REST and validates every product; a bad product never stops the page. */
export async function readCatalogPage(client: MagentoClient, search: ProductSearch, metrics: IngestMetrics, log: Logger): Promise<CatalogPage> {
  const page = await client.searchProducts(search)
  const products: MagentoProduct[] = []
  let rejected = 0
  for (const item of page.items) {
    // The schema runs only for what the fast check does not accept, to report what is wrong.
    const checked = checkRestProduct(item)
    if (checked !== undefined) {
      products.push(checked)
      continue
    }
    const parsed = magentoProductSchema.safeParse(item)
    if (parsed.success) products.push(parsed.data)
    else {
      rejected++
      metrics.failures.inc({ reason: 'invalid_rest_product' })
      log.error({ sku: (item as { sku?: unknown }).sku, issues: parsed.error.issues.slice(0, 5) }, 'magento returned a product that fails validation')
    }
  }
  return { products, totalCount: page.total_count, rejected }
}
