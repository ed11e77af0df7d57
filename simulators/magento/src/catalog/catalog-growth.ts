import { GENERATED_ATTRIBUTE_CODES, upcCheckDigit } from './generated-attributes.js'
import type { MagentoProduct } from './product-types.js'
import type { SeedCatalog } from './sample-data-loader.js'

/** GS1 company prefix of the grown products' UPCs: one no sample brand uses, so they never collide. */
const GROWN_UPC_PREFIX = '0'

/**
 * The seed catalog grown to `total` products for benchmarks at a merchant's scale (50,000): copies
 * of its standalone simple products (visible on their own; no configurable parent) that have an
 * image, in turn — both marketplaces require a main image, and a merchant's catalog is mostly
 * listable, so every copy is a listing on each marketplace — each a
 * product of its own — new entity id, SKU `<sku>-G<n>`, name, URL key, UPC, manufacturer part number
 * and stock item — with the sample's shape, attributes, categories and images. Unchanged when the
 * seed already has `total` products.
 */
export function growCatalog(seed: SeedCatalog, total: number): SeedCatalog {
  const templates = seed.products.filter((product) => product.type_id === 'simple' && product.visibility !== 1 && product.media_gallery_entries.length > 0)
  const missing = total - seed.products.length
  if (missing <= 0 || templates.length === 0) return seed
  let nextId = Math.max(...seed.products.map((product) => product.id)) + 1
  const grown: MagentoProduct[] = []
  for (let n = 1; n <= missing; n++) {
    const template = templates[(n - 1) % templates.length]!
    const id = nextId++
    const sku = `${template.sku}-G${n}`
    const body = `${GROWN_UPC_PREFIX}${String(n).padStart(10, '0')}`
    const replaced: Record<string, string> = {
      url_key: `${String(template.custom_attributes.find((attribute) => attribute.attribute_code === 'url_key')?.value ?? template.sku)}-g${n}`,
      [GENERATED_ATTRIBUTE_CODES.gtin]: `${body}${upcCheckDigit(body)}`,
      [GENERATED_ATTRIBUTE_CODES.manufacturerPartNumber]: `GROWN-${n}`,
    }
    const copy = structuredClone(template)
    grown.push({
      ...copy,
      id,
      sku,
      name: `${template.name} ${n}`,
      custom_attributes: copy.custom_attributes.map((attribute) => (attribute.attribute_code in replaced ? { ...attribute, value: replaced[attribute.attribute_code]! } : attribute)),
      extension_attributes: { ...copy.extension_attributes, stock_item: { ...copy.extension_attributes.stock_item, item_id: id, product_id: id } },
      product_links: [],
    })
  }
  return { ...seed, products: [...seed.products, ...grown] }
}
