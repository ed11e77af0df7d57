import type { AttributeRegistry } from './attribute-registry.js'
import type { CategoryTree } from './category-tree.js'
import type { ChangeProblem, ProductChanges } from './product-changes.js'
import { customAttribute, magentoDateTime, setCustomAttribute, type MagentoProduct } from './product-types.js'
import { stockItem, type SeedCatalog } from './sample-data-loader.js'
import { searchProducts, type SearchCriteria } from './search-criteria.js'

/** A change the catalog refused for reasons only it can know (unknown option id, missing category). */
export class ChangeRejected extends Error {
  constructor(readonly problems: readonly ChangeProblem[]) {
    super(problems.map((problem) => `${problem.field}: ${problem.rule}`).join('; '))
  }
}

// Set through the top-level fields, not custom_attributes, so there is one place for each value.
const TOP_LEVEL_CODES = new Set(['sku', 'name', 'price', 'status', 'visibility', 'weight'])
// Attributes Magento derives itself; a client cannot set them.
const DERIVED_CODES = new Set(['has_options', 'required_options', 'media_gallery'])

/**
 * The simulator's product database: the seeded catalog plus whatever was saved, created or deleted
 * since. Products are kept in REST shape; callers get copies so nobody mutates the store by accident.
 */
export class CatalogStore {
  private products = new Map<string, MagentoProduct>()
  private nextId = 1
  private nextGalleryId = 1

  constructor(
    private readonly seed: SeedCatalog,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.reset()
  }

  get attributes(): AttributeRegistry {
    return this.seed.attributes
  }

  get categories(): CategoryTree {
    return this.seed.categories
  }

  get attributeSets(): ReadonlyMap<string, number> {
    return this.seed.attributeSets
  }

  /** Back to the seeded catalog, dropping every change. */
  reset(): void {
    this.products = new Map(this.seed.products.map((product) => [product.sku, structuredClone(product)]))
    this.nextId = Math.max(0, ...this.seed.products.map((product) => product.id)) + 1
    this.nextGalleryId = Math.max(0, ...this.seed.products.flatMap((product) => product.media_gallery_entries.map((entry) => entry.id))) + 1
  }

  get size(): number {
    return this.products.size
  }

  /** A copy of the product, or undefined. SKUs match case-insensitively, as MySQL's collation does. */
  get(sku: string): MagentoProduct | undefined {
    const product = this.find(sku)
    return product && structuredClone(product)
  }

  /** A copy of the product with this entity id, or undefined. */
  getById(id: number): MagentoProduct | undefined {
    for (const product of this.products.values()) if (product.id === id) return structuredClone(product)
    return undefined
  }

  /** Counts by `type_id`. */
  countByType(): Record<string, number> {
    const counts: Record<string, number> = {}
    for (const product of this.products.values()) counts[product.type_id] = (counts[product.type_id] ?? 0) + 1
    return counts
  }

  /** One page of `GET /V1/products`. */
  search(criteria: SearchCriteria): { items: MagentoProduct[]; total: number } {
    const { items, total } = searchProducts(this.products.values(), criteria)
    return { items: items.map((product) => structuredClone(product)), total }
  }

  /**
   * Applies a change to a product, creating it when the SKU is new, and bumps `updated_at`.
   * Throws {@link ChangeRejected} with every problem when the change is not valid for the catalog.
   */
  save(sku: string, changes: ProductChanges): { product: MagentoProduct; created: boolean } {
    const problems: ChangeProblem[] = []
    if (changes.sku !== undefined && changes.sku !== sku) problems.push({ field: 'sku', rule: `must equal the SKU in the path ("${sku}")` })
    const existing = this.find(sku)
    if (!existing) {
      if (changes.name === undefined) problems.push({ field: 'name', rule: 'is required to create a product' })
      if (changes.price === undefined) problems.push({ field: 'price', rule: 'is required to create a product' })
    }
    problems.push(...this.check(changes))
    if (problems.length > 0) throw new ChangeRejected(problems)

    const now = magentoDateTime(this.clock())
    const product = existing ?? this.blank(sku, changes, now)
    this.apply(product, changes)
    product.updated_at = now
    this.products.set(product.sku, product)
    return { product: structuredClone(product), created: !existing }
  }

  /**
   * Magento's mass "Update attributes" action: writes the values straight to the attribute tables.
   * It fires no product save event, so no webhook; only `updated_at` shows the change.
   */
  massUpdate(skus: readonly string[], changes: ProductChanges): MagentoProduct[] {
    const problems: ChangeProblem[] = []
    const missing = skus.filter((sku) => !this.find(sku))
    if (missing.length > 0) problems.push({ field: 'skus', rule: `unknown SKUs: ${missing.join(', ')}` })
    if (changes.sku !== undefined) problems.push({ field: 'changes.sku', rule: 'cannot be changed by a mass update' })
    problems.push(...this.check(changes).map((problem) => ({ field: `changes.${problem.field}`, rule: problem.rule })))
    if (problems.length > 0) throw new ChangeRejected(problems)
    const now = magentoDateTime(this.clock())
    return skus.map((sku) => {
      const product = this.find(sku) as MagentoProduct
      this.apply(product, changes)
      product.updated_at = now
      return structuredClone(product)
    })
  }

  /** Removes a product and its links from configurable parents; returns what was removed. */
  delete(sku: string): MagentoProduct | undefined {
    const product = this.find(sku)
    if (!product) return undefined
    this.products.delete(product.sku)
    for (const other of this.products.values()) {
      const links = other.extension_attributes.configurable_product_links
      if (links?.includes(product.id)) other.extension_attributes.configurable_product_links = links.filter((id) => id !== product.id)
      other.product_links = other.product_links.filter((link) => link.linked_product_sku !== product.sku)
    }
    return product
  }

  /** The simple products linked to a configurable, in link order. */
  children(parent: MagentoProduct): MagentoProduct[] {
    const ids = parent.extension_attributes.configurable_product_links ?? []
    const byId = new Map([...this.products.values()].map((product) => [product.id, product]))
    return ids.flatMap((id) => {
      const child = byId.get(id)
      return child ? [structuredClone(child)] : []
    })
  }

  private find(sku: string): MagentoProduct | undefined {
    const exact = this.products.get(sku)
    if (exact) return exact
    const lower = sku.toLowerCase()
    for (const product of this.products.values()) if (product.sku.toLowerCase() === lower) return product
    return undefined
  }

  /** Checks what the schema cannot: attribute codes, option ids, categories, sets, linked products. */
  private check(changes: ProductChanges): ChangeProblem[] {
    const problems: ChangeProblem[] = []
    const attributes = this.seed.attributes
    changes.custom_attributes?.forEach((entry, index) => {
      const field = `custom_attributes.${index}.value`
      const code = entry.attribute_code
      const definition = attributes.get(code)
      if (!definition) return problems.push({ field: `custom_attributes.${index}.attribute_code`, rule: `"${code}" is not a product attribute` })
      if (TOP_LEVEL_CODES.has(code)) return problems.push({ field: `custom_attributes.${index}.attribute_code`, rule: `"${code}" is set as a top-level field` })
      if (DERIVED_CODES.has(code)) return problems.push({ field: `custom_attributes.${index}.attribute_code`, rule: `"${code}" is derived by Magento and cannot be set` })
      const value = entry.value
      if (value === null) return
      if (code === 'category_ids') {
        const ids = Array.isArray(value) ? value : value.split(',')
        const unknown = ids.filter((id) => !/^\d+$/.test(id) || !this.seed.categories.get(Number(id)))
        if (unknown.length > 0) problems.push({ field, rule: `unknown category ids: ${unknown.join(', ')}` })
        return
      }
      if (Array.isArray(value)) return problems.push({ field, rule: `must be a string for ${code}` })
      if (definition.input === 'select' || definition.input === 'boolean') {
        if (value !== '' && attributes.optionIds.labelFor(code, value) === undefined) {
          problems.push({ field, rule: `must be an option id of ${code} (see GET /V1/products/attributes/${code}/options), got "${value}"` })
        }
      } else if (definition.input === 'multiselect') {
        const unknown = value.split(',').filter((id) => id !== '' && attributes.optionIds.labelFor(code, id) === undefined)
        if (unknown.length > 0) problems.push({ field, rule: `must be comma-separated option ids of ${code}; unknown: ${unknown.join(', ')}` })
      } else if ((definition.input === 'price' || definition.input === 'weight') && value !== '' && !/^\d+(\.\d+)?$/.test(value)) {
        problems.push({ field, rule: `must be a decimal number for ${code}` })
      }
    })
    changes.extension_attributes?.category_links?.forEach((link, index) => {
      if (!this.seed.categories.get(Number(link.category_id))) problems.push({ field: `extension_attributes.category_links.${index}.category_id`, rule: `unknown category id ${link.category_id}` })
    })
    changes.extension_attributes?.website_ids?.forEach((id, index) => {
      if (id !== 1) problems.push({ field: `extension_attributes.website_ids.${index}`, rule: 'the only website is 1 (base)' })
    })
    const links = changes.extension_attributes?.configurable_product_links
    if (links) {
      const ids = new Set([...this.products.values()].filter((product) => product.type_id === 'simple' || product.type_id === 'virtual').map((product) => product.id))
      const unknown = links.filter((id) => !ids.has(id))
      if (unknown.length > 0) problems.push({ field: 'extension_attributes.configurable_product_links', rule: `not simple or virtual products: ${unknown.join(', ')}` })
    }
    if (changes.attribute_set_id !== undefined && ![...this.seed.attributeSets.values()].includes(changes.attribute_set_id)) {
      problems.push({ field: 'attribute_set_id', rule: `unknown attribute set; known: ${[...this.seed.attributeSets].map(([name, id]) => `${id} (${name})`).join(', ')}` })
    }
    return problems
  }

  private blank(sku: string, changes: ProductChanges, now: string): MagentoProduct {
    const id = this.nextId++
    const typeId = changes.type_id ?? 'simple'
    return {
      id,
      sku,
      name: '',
      attribute_set_id: 4,
      price: 0,
      status: 1,
      visibility: 4,
      type_id: typeId,
      created_at: now,
      updated_at: now,
      extension_attributes: {
        website_ids: [1],
        category_links: [],
        stock_item: stockItem(id, { qty: 0, isInStock: false }),
        ...(typeId === 'configurable' ? { configurable_product_options: [], configurable_product_links: [] } : {}),
      },
      product_links: [],
      options: [],
      media_gallery_entries: [],
      tier_prices: [],
      custom_attributes: [
        { attribute_code: 'category_ids', value: [] },
        { attribute_code: 'options_container', value: 'container2' },
        { attribute_code: 'required_options', value: '0' },
        { attribute_code: 'has_options', value: '0' },
        { attribute_code: 'url_key', value: `${(changes.name ?? sku).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}` },
        { attribute_code: 'tax_class_id', value: '2' },
      ],
    }
  }

  private apply(product: MagentoProduct, changes: ProductChanges): void {
    if (changes.name !== undefined) product.name = changes.name
    if (changes.price !== undefined) product.price = changes.price
    if (changes.status !== undefined) product.status = changes.status
    if (changes.visibility !== undefined) product.visibility = changes.visibility
    if (changes.attribute_set_id !== undefined) product.attribute_set_id = changes.attribute_set_id
    if (changes.weight !== undefined) product.weight = changes.weight
    if (changes.type_id !== undefined && changes.type_id !== product.type_id) {
      product.type_id = changes.type_id
      if (changes.type_id === 'configurable') {
        product.extension_attributes.configurable_product_options ??= []
        product.extension_attributes.configurable_product_links ??= []
      }
    }
    for (const entry of changes.custom_attributes ?? []) {
      const value = entry.value === null ? undefined : entry.attribute_code === 'category_ids' && typeof entry.value === 'string' ? entry.value.split(',').filter(Boolean) : entry.value
      setCustomAttribute(product, entry.attribute_code, value)
      // category_ids and category_links are two views of one assignment; keep them equal.
      if (entry.attribute_code === 'category_ids') {
        const ids = (Array.isArray(value) ? value : []).map(String)
        product.extension_attributes.category_links = ids.map((category_id, position) => ({ position, category_id }))
      }
    }
    const extension = changes.extension_attributes
    if (extension?.website_ids) product.extension_attributes.website_ids = [...extension.website_ids]
    if (extension?.category_links) {
      product.extension_attributes.category_links = extension.category_links.map((link, position) => ({ position: link.position ?? position, category_id: String(link.category_id) }))
      setCustomAttribute(product, 'category_ids', product.extension_attributes.category_links.map((link) => link.category_id))
    }
    if (extension?.stock_item) {
      const stock = { ...product.extension_attributes.stock_item, ...extension.stock_item }
      // Magento's stock verification: with managed stock and no explicit status, the item is in
      // stock exactly when qty is above the out-of-stock threshold (min_qty).
      if (extension.stock_item.qty !== undefined && extension.stock_item.is_in_stock === undefined && stock.manage_stock) {
        stock.is_in_stock = stock.qty > stock.min_qty
      }
      product.extension_attributes.stock_item = stock
    }
    if (extension?.configurable_product_links && product.type_id === 'configurable') {
      product.extension_attributes.configurable_product_links = [...extension.configurable_product_links]
    }
    if (changes.media_gallery_entries) {
      product.media_gallery_entries = changes.media_gallery_entries.map((entry, index) => ({
        id: entry.id ?? this.nextGalleryId++,
        media_type: entry.media_type,
        label: entry.label,
        position: entry.position ?? index + 1,
        disabled: entry.disabled,
        types: [...entry.types],
        file: entry.file,
      }))
      // The image roles are attributes too (image, small_image, thumbnail, swatch_image).
      for (const role of ['image', 'small_image', 'thumbnail', 'swatch_image']) {
        setCustomAttribute(product, role, product.media_gallery_entries.find((entry) => entry.types.includes(role))?.file)
      }
    }
    if (changes.tier_prices) product.tier_prices = changes.tier_prices.map((tier) => ({ ...tier }))
    if (product.type_id === 'configurable') {
      setCustomAttribute(product, 'has_options', customAttribute(product, 'has_options') ?? '1')
    }
  }
}
