import { LRUCache } from 'lru-cache'
import type { Product } from '@listing-sync/catalog'
import { magentoProductSchema, normaliseProduct, type MagentoProduct, type NormaliseContext } from '../magento/index.js'
import type { MagentoClient } from '../transport/magento-client.js'

/** Options of {@link ConfigurableParents}. */
export interface ConfigurableParentsOptions {
  /** How long the child → parent index is trusted before every configurable is read again. */
  readonly indexTtlMs: number
  /**
   * How long a normalised parent is reused. Short: a child's event carries its parent's content,
   * and a parent changed on another replica shows here only once this expires.
   */
  readonly parentTtlMs: number
}

const PAGE_SIZE = 500

/**
 * The configurable parent of each child. Magento's REST API links parent → children only
 * (`configurable_product_links` holds child entity ids), so the index is built by reading every
 * configurable product, a few pages even for a large catalog, and kept for `indexTtlMs`; the
 * parents read on the way are kept too, normalised, so a backfill asks Magento for none of them again.
 */
export class ConfigurableParents {
  private index: Map<number, string> | undefined
  private indexLoadedAt = 0
  private indexLoad: Promise<Map<number, string>> | undefined
  private readonly parents: LRUCache<string, Product | 'none'>

  constructor(
    private readonly client: MagentoClient,
    /** How parents are normalised: the same lookups as their children, without parentOf. */
    private readonly context: NormaliseContext,
    private readonly options: ConfigurableParentsOptions,
  ) {
    this.parents = new LRUCache({
      max: 5000,
      ttl: options.parentTtlMs,
      fetchMethod: async (sku) => {
        const parsed = magentoProductSchema.safeParse(await client.getProduct(sku))
        return parsed.success ? await normaliseProduct(parsed.data, context) : 'none'
      },
    })
  }

  /** The normalised parent of a child by the child's entity id; undefined for a product with none. */
  async parentOf(childId: number): Promise<Product | undefined> {
    const sku = (await this.currentIndex()).get(childId)
    if (sku === undefined) return undefined
    const parent = await this.parents.fetch(sku)
    return parent === 'none' ? undefined : parent
  }

  /**
   * A parent just read from Magento: its links and content replace what is known, so children
   * normalised next carry this state. Returns whether its children list with something new: false
   * when the known parent differs at most in updated_at (a save that changed nothing children
   * carry), so they need not be published again.
   */
  remember(parent: Product): boolean {
    if (parent.configurable === null) return false
    const known = this.parents.peek(parent.sku)
    for (const childId of parent.configurable.childIds) this.index?.set(childId, parent.sku)
    this.parents.set(parent.sku, parent)
    return known === undefined || known === 'none' || contentOf(known) !== contentOf(parent)
  }

  /** A parent deleted in Magento: its children have no parent any more. Returns their entity ids. */
  forget(sku: string): number[] {
    const childIds = [...(this.index ?? [])].filter(([, parent]) => parent === sku).map(([childId]) => childId)
    for (const childId of childIds) this.index?.delete(childId)
    this.parents.delete(sku)
    return childIds
  }

  /**
   * The index, reloaded once it is older than its TTL. Only the first load is waited for: later
   * ones run while events go on with the index they replace, so no event waits for the reread of
   * every configurable (a failed reload keeps the old index, and the next event tries again).
   */
  private currentIndex(): Promise<Map<number, string>> {
    const fresh = this.index !== undefined && Date.now() - this.indexLoadedAt < this.options.indexTtlMs
    if (!fresh && this.indexLoad === undefined) {
      const load = this.loadIndex().finally(() => {
        this.indexLoad = undefined
      })
      this.indexLoad = load
      if (this.index !== undefined) load.catch(() => undefined)
    }
    return this.index !== undefined ? Promise.resolve(this.index) : this.indexLoad!
  }

  private async loadIndex(): Promise<Map<number, string>> {
    const index = new Map<number, string>()
    const configurables: MagentoProduct[] = []
    // Pages until total_count: Magento answers a page past the end with the last page again.
    for (let page = 1, read = 0, total = Infinity; read < total; page++) {
      const result = await this.client.searchProducts({ pageSize: PAGE_SIZE, currentPage: page, typeId: 'configurable' })
      total = result.total_count
      read += result.items.length
      if (result.items.length === 0) break
      for (const item of result.items) {
        const parsed = magentoProductSchema.safeParse(item)
        if (parsed.success) configurables.push(parsed.data)
      }
    }
    for (const parent of configurables) {
      for (const childId of parent.extension_attributes?.configurable_product_links ?? []) index.set(childId, parent.sku)
    }
    const normalised = await Promise.all(configurables.map((parent) => normaliseProduct(parent, this.context)))
    for (const parent of normalised) this.parents.set(parent.sku, parent)
    this.index = index
    this.indexLoadedAt = Date.now()
    return index
  }
}

/** A parent as its children carry it, without the time of its last save. */
function contentOf(parent: Product): string {
  return JSON.stringify({ ...parent, updatedAt: null })
}
