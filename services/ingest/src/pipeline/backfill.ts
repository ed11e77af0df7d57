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
 * Publishes the whole catalog from REST, a page at a time (memory stays at about two pages), with
 * the next page fetched while the current one is published. The cursor is saved after each page
 * the broker acknowledged, so an interrupted run resumes at the first page not yet published.
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
  while (next) {
    const current = await next
    totalCount = current.totalCount
    pages = Math.max(1, Math.ceil(totalCount / pageSize))
    // Magento answers a page past the end with the last page again, so the count decides when to stop.
    next = page < pages ? readCatalogPage(client, { pageSize, currentPage: page + 1 }, metrics, log) : undefined
    published += await publishProducts(current.products, 'backfill', options)
    rejected += current.rejected
    await cursors.save({ name, nextPage: page < pages ? page + 1 : null, updatedAfter: null, totalCount })
    options.onProgress?.({ page, pages, published, rejected, totalCount, elapsedMs: performance.now() - started })
    page++
  }
  return { page: pages, pages, published, rejected, totalCount, elapsedMs: performance.now() - started }
}
