import { LRUCache } from 'lru-cache'
import type { MagentoClient } from '../transport/magento-client.js'

/** Options of {@link MagentoLookups}. */
export interface LookupOptions {
  /** How long attribute options and categories are trusted before they are fetched again. */
  readonly ttlMs: number
}

/**
 * Cached reference data the normaliser needs: option labels per attribute, category names and
 * paths, SKUs of configurable children. One in-flight request per key, so a burst of webhooks for
 * products with the same attribute asks Magento once; entries expire so renamed labels arrive.
 */
export class MagentoLookups {
  private readonly options: LRUCache<string, Map<string, string> | 'none'>
  private readonly categories: LRUCache<number, { name: string; pathIds: number[] } | 'none'>
  // Entity ids never change their SKU in practice, so SKUs are kept until evicted.
  private readonly skus = new LRUCache<number, string>({ max: 100_000 })

  constructor(
    private readonly client: MagentoClient,
    options: LookupOptions,
  ) {
    this.options = new LRUCache({
      max: 5000,
      ttl: options.ttlMs,
      fetchMethod: async (code) => {
        const list = await client.attributeOptions(code)
        // Magento lists a blank option first ({label:" ", value:""}); text attributes have none.
        const entries = list.filter((option) => option.value !== '').map((option) => [String(option.value), option.label.trim()] as const)
        return entries.length === 0 ? 'none' : new Map(entries)
      },
    })
    this.categories = new LRUCache({
      max: 5000,
      ttl: options.ttlMs,
      fetchMethod: async (id) => {
        const category = await client.category(id)
        if (!category) return 'none'
        const pathIds = (category.path ?? '').split('/').map(Number).filter((n) => Number.isInteger(n) && n > 0)
        return { name: category.name, pathIds }
      },
    })
  }

  /**
   * Loads every attribute's options in a few requests instead of one per attribute as first met:
   * a backfill or a fresh enricher would otherwise start with dozens of sequential lookups.
   */
  async preloadOptions(): Promise<number> {
    const attributes = await this.client.listAttributes()
    for (const attribute of attributes) {
      const entries = (attribute.options ?? []).filter((option) => option.value !== '').map((option) => [String(option.value), option.label.trim()] as const)
      this.options.set(attribute.attribute_code, entries.length === 0 ? 'none' : new Map(entries))
    }
    return attributes.length
  }

  async optionLabels(code: string): Promise<ReadonlyMap<string, string> | undefined> {
    const labels = await this.options.fetch(code)
    return labels === 'none' || labels === undefined ? undefined : labels
  }

  /** Name and path of names from below the root ("Default Category" and down). */
  async category(id: number): Promise<{ name: string; path: string[] } | undefined> {
    const category = await this.categories.fetch(id)
    if (category === 'none' || category === undefined) return undefined
    // Id 1 is Magento's invisible "Root Catalog"; store roots start below it.
    const names = await Promise.all(category.pathIds.filter((pathId) => pathId !== 1).map(async (pathId) => {
      const entry = pathId === id ? category : await this.categories.fetch(pathId)
      return entry === 'none' || entry === undefined ? undefined : entry.name
    }))
    return { name: category.name, path: names.filter((name): name is string => name !== undefined) }
  }

  /**
   * SKUs of configurable children. Calls made in the same turn of the event loop (a page of
   * products normalised together) share their Magento requests: one per 200 unknown ids.
   */
  async childSkus(ids: readonly number[]): Promise<string[]> {
    const missing = ids.filter((id) => !this.skus.has(id))
    if (missing.length > 0) await this.loadSkus(missing)
    return ids.flatMap((id) => {
      const sku = this.skus.get(id)
      return sku === undefined ? [] : [sku]
    })
  }

  private pendingIds = new Set<number>()
  private pendingLoad: Promise<void> | undefined

  private loadSkus(ids: readonly number[]): Promise<void> {
    for (const id of ids) this.pendingIds.add(id)
    this.pendingLoad ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      const batch = [...this.pendingIds]
      this.pendingIds = new Set()
      this.pendingLoad = undefined
      // 200 ids keep the query string well under common URL limits (8 KB).
      const chunks = Array.from({ length: Math.ceil(batch.length / 200) }, (_, i) => batch.slice(i * 200, i * 200 + 200))
      for (const found of await Promise.all(chunks.map((chunk) => this.client.skusOfIds(chunk)))) {
        for (const [id, sku] of found) this.skus.set(id, sku)
      }
    })
    return this.pendingLoad
  }
}
