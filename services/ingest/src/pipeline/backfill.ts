import type { Logger } from '@listing-sync/observability'
import type { IngestMetrics } from '../ingest-metrics.js'
import type { MagentoClient } from '../transport/magento-client.js'
import { publishProducts, type CatalogPublishing } from './catalog-publishing.js'
import { readCatalogPage, type CatalogPage } from './catalog-reader.js'
import type { CursorStore } from './cursor-store.js'

/** Options of {@link runBackfill}. */
export interface BackfillOptions extends CatalogPublishing {
  readonly client: MagentoClient
  readonly cursors: CursorStore
  readonly storeCode: string
  readonly pageSize: number
  /** Start from page 1 even if an unfinished run left a cursor. */
  readonly restart: boolean
  readonly metrics: IngestMetrics
  readonly log: Logger
  readonly onProgress?: (progress: BackfillProgress) => void
}

/** Where a run is. */
export interface BackfillProgress {
  readonly page: number
  readonly pages: number
  readonly published: number
  readonly rejected: number
  readonly totalCount: number
  readonly elapsedMs: number
}

/**
 * Publishes the whole catalog from REST, a page at a time (memory stays at about three pages):
 * the next page is fetched while the current one is normalised and sent, and the previous page's
 * acknowledgements and cursor are awaited meanwhile, so neither Magento, nor this process, nor
 * the broker waits for the others. Cursors are saved in page order, each after its page was
 * acknowledged, so an interrupted run resumes at the first page not yet published.
 */
export async function runBackfill(options: BackfillOptions): Promise<BackfillProgress> {
  const { client, cursors, pageSize, metrics, log } = options
  const name = `backfill:${options.storeCode}`
  const saved = options.restart ? undefined : await cursors.load(name)
  let page = saved?.nextPage ?? 1
  if (saved?.nextPage) log.info({ page }, 'resuming backfill')
  const started = performance.now()
  let published = 0
  let rejected = 0
  let next: Promise<CatalogPage> | undefined = readCatalogPage(client, { pageSize, currentPage: page }, metrics, log)
  let pages = page
  let totalCount = 0
  // Settles once every page so far is acknowledged and its cursor saved, in page order.
  let previous: Promise<void> = Promise.resolve()
  try {
    while (next) {
      const current = await next
      const number = page
      const total = current.totalCount
      const pageCount = Math.max(1, Math.ceil(total / pageSize))
      totalCount = total
      pages = pageCount
      const nextPage = number < pageCount ? number + 1 : null
      // Magento answers a page past the end with the last page again, so the count decides when to stop.
      next = nextPage === null ? undefined : readCatalogPage(client, { pageSize, currentPage: nextPage }, metrics, log)
      const publishing = publishProducts(current.products, 'backfill', options)
      const before = previous
      previous = Promise.all([publishing, before]).then(async ([count]) => {
        published += count
        rejected += current.rejected
        await cursors.save({ name, nextPage, updatedAfter: null, totalCount: total })
        options.onProgress?.({ page: number, pages: pageCount, published, rejected, totalCount: total, elapsedMs: performance.now() - started })
      })
      // Two pages in publication at most: this one, and the one before, which finishes first.
      await before
      page++
    }
    await previous
  } catch (error) {
    // The run stops at the first failure; what is still in flight must not surface as unhandled.
    void next?.catch(() => undefined)
    void previous.catch(() => undefined)
    throw error
  }
  return { page: pages, pages, published, rejected, totalCount, elapsedMs: performance.now() - started }
}
