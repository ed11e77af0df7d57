import type { Logger } from '@listing-sync/observability'
import { formatMagentoDate } from '../magento/index.js'
import type { IngestMetrics } from '../ingest-metrics.js'
import type { MagentoClient } from '../transport/magento-client.js'
import { publishProducts, type CatalogPublishing } from './catalog-publishing.js'
import { readCatalogPage } from './catalog-reader.js'
import type { CursorStore } from './cursor-store.js'

/** Options of {@link Reconciler}. */
export interface ReconcilerOptions extends CatalogPublishing {
  readonly client: MagentoClient
  readonly cursors: CursorStore
  readonly storeCode: string
  readonly pageSize: number
  readonly metrics: IngestMetrics
  readonly log: Logger
}

/**
 * Catches the changes Magento fires no event for (mass attribute updates, imports, direct SQL):
 * polls for products with `updated_at >= cursor`, publishes them and moves the cursor to the newest
 * updated_at seen. `>=` with the SKUs already published at the cursor's second, because Magento's
 * timestamps have one-second resolution and a strict `>` would miss a save in that same second.
 */
export class Reconciler {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<unknown> | undefined
  private cursor: string | undefined
  private atCursor = new Set<string>()
  private readonly name: string

  constructor(private readonly options: ReconcilerOptions) {
    this.name = `reconcile:${options.storeCode}`
  }

  /** Polls every `intervalMs`; the first poll starts at once. */
  start(intervalMs: number): void {
    const tick = () => {
      this.running = this.runOnce()
        .catch((error: unknown) => this.options.log.error({ err: error }, 'reconcile failed, retrying next interval'))
        .finally(() => {
          this.timer = setTimeout(tick, intervalMs)
        })
    }
    tick()
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer)
    await this.running
    clearTimeout(this.timer)
  }

  /** One poll: publishes every product changed since the cursor; returns how many. */
  async runOnce(): Promise<number> {
    const { client, cursors, pageSize, metrics, log } = this.options
    if (this.cursor === undefined) {
      const saved = await cursors.load(this.name)
      // First run ever: start from now; the catalog before now is backfill's job.
      this.cursor = saved?.updatedAfter ?? formatMagentoDate(new Date())
      if (!saved) await cursors.save({ name: this.name, updatedAfter: this.cursor, nextPage: null, totalCount: null })
    }
    let published = 0
    let newest = this.cursor
    let newestSkus = new Set(this.atCursor)
    for (let page = 1; ; page++) {
      const { products, totalCount } = await readCatalogPage(client, { pageSize, currentPage: page, updatedFrom: this.cursor }, metrics, log)
      const fresh = products.filter((p) => !(p.updated_at === this.cursor && this.atCursor.has(p.sku)))
      published += await publishProducts(fresh, 'reconcile', this.options)
      for (const product of products) {
        const updatedAt = product.updated_at ?? ''
        if (updatedAt > newest) {
          newest = updatedAt
          newestSkus = new Set()
        }
        if (updatedAt === newest) newestSkus.add(product.sku)
      }
      if (page * pageSize >= totalCount) break
    }
    if (newest !== this.cursor) await cursors.save({ name: this.name, updatedAfter: newest, nextPage: null, totalCount: null })
    this.cursor = newest
    this.atCursor = newestSkus
    if (published > 0) log.info({ published, cursor: newest }, 'reconciled changes magento sent no event for')
    return published
  }
}
