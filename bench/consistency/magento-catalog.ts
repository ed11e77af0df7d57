import type { Product } from '@listing-sync/catalog'
import { isRetryable } from '@listing-sync/errors'
import { magentoProductSchema, normaliseProduct, type MagentoNormalisation } from '@listing-sync/ingest'

/** One product of Magento's current catalog, as ingest would publish it, or why ingest would not. */
export type CatalogEntry = { readonly sku: string; readonly product: Product } | { readonly sku: string; readonly product?: undefined; readonly problem: string }

const PAGE_SIZE = 500

/**
 * Reads Magento's whole current catalog through REST, in entity-id order, and normalises every
 * product with ingest's own normaliser and lookups (option labels, categories, configurable
 * parents), so each entry is the canonical product ingest publishes for that state. A product
 * ingest would refuse (fails the REST product schema, or cannot be normalised) carries the
 * problem instead. Magento being unreachable rejects the read.
 */
export async function readMagentoCatalog(normalisation: MagentoNormalisation): Promise<CatalogEntry[]> {
  await normalisation.preloadOptions()
  const entries: CatalogEntry[] = []
  // Pages until total_count: Magento answers a page past the end with the last page again.
  for (let page = 1, read = 0, total = Infinity; read < total; page++) {
    const result = await normalisation.client.searchProducts({ pageSize: PAGE_SIZE, currentPage: page })
    total = result.total_count
    read += result.items.length
    if (result.items.length === 0) break
    entries.push(...(await Promise.all(result.items.map((item) => canonical(item, normalisation)))))
  }
  return entries
}

async function canonical(item: unknown, normalisation: MagentoNormalisation): Promise<CatalogEntry> {
  const parsed = magentoProductSchema.safeParse(item)
  if (!parsed.success) {
    const sku = String((item as { sku?: unknown }).sku)
    return { sku, problem: `ingest refuses the REST product: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}` }
  }
  try {
    return { sku: parsed.data.sku, product: await normaliseProduct(parsed.data, normalisation.context) }
  } catch (error) {
    if (isRetryable(error)) throw error
    return { sku: parsed.data.sku, problem: `ingest cannot normalise it: ${(error as Error).message}` }
  }
}
