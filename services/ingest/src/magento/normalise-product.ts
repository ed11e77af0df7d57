// Magento REST product → canonical Product (schemas/catalog/product-changed.avsc). Runs for every
// change and every backfilled product, so it keeps to plain loops, module-level constants and one
// lookup per attribute code; the lookups' caching is the context's business.
import { LS_ERR_INGEST_INVALID_PAYLOAD, LS_ERR_INGEST_PRODUCT_INCOMPLETE } from '@listing-sync/errors'
import type { AttributeValue, CategoryRef, ConfigurableInfo, MediaEntry, Money, Product, Stock, Visibility, Weight, WeightUnit } from '@listing-sync/catalog'
import { isInternalAttribute } from './internal-attributes.js'
import type { MagentoCustomAttribute, MagentoMediaEntry, MagentoProduct } from './magento-product.js'
import { DECIMAL_LIMIT, parseMagentoDate, toInteger } from './magento-values.js'

/** What normalisation needs to know about the store, and lookups it may use. */
export interface NormaliseContext {
  /** Store view whose values these are, e.g. 'default'. */
  storeCode: string
  /** The store's base currency (ISO 4217), e.g. 'USD'. */
  currency: string
  /** The store's configured unit (Magento weight has no unit of its own). */
  weightUnit: WeightUnit
  /** e.g. 'https://shop.example/media'; an entry's URL is base + '/catalog/product' + file. */
  mediaBaseUrl: string
  /**
   * Labels of option ids for select/multiselect attributes; undefined when the attribute has no
   * options (text etc.). Called at most once per attribute code per product, and only for values
   * that look like option ids; implementations should cache (with an expiry, so relabelled options show).
   */
  optionLabels(attributeCode: string): Promise<ReadonlyMap<string, string> | undefined>
  /** Category name and path by id, when known. */
  category?(id: number): Promise<{ name: string; path: string[] } | undefined>
  /** MSI salable quantity of the configured stock, when available. */
  salableQty?(sku: string): Promise<{ qty: number; stockId: number } | undefined>
  /** SKUs of configurable children by id (configurable_product_links holds ids). */
  childSkus?(ids: readonly number[]): Promise<string[]>
  /** Attribute codes of configurable options by attribute id. */
  attributeCode?(attributeId: number): Promise<string | undefined>
  /** The configurable parent of a child, by the child's entity id, normalised with no parent of its own. */
  parentOf?(childId: number): Promise<Product | undefined>
}

/** Product types whose own price attribute is not their selling price. */
const PRICELESS_TYPES: ReadonlySet<string> = new Set(['configurable', 'grouped', 'bundle'])

/** Magento visibility 1..4 → canonical enum. */
const VISIBILITY: Readonly<Record<1 | 2 | 3 | 4, Visibility>> = { 1: 'NOT_VISIBLE', 2: 'CATALOG', 3: 'SEARCH', 4: 'CATALOG_SEARCH' }

/** Custom attributes that have a canonical field of their own, so are not repeated in `attributes`. */
const OWN_FIELD_ATTRIBUTES: ReadonlySet<string> = new Set(['description', 'short_description', 'category_ids'])

/** Option ids as Magento stores select (one id) and multiselect (comma-joined ids) values. */
const OPTION_IDS = /^\d+(?:,\d+)*$/

/** Bundle `price_type` 0: the price is the sum of the chosen options (Magento\Bundle\Model\Product\Price::PRICE_TYPE_DYNAMIC). */
const BUNDLE_DYNAMIC_PRICE = '0'

/**
 * Formats an amount as the canonical decimal text: at most 4 decimals (rounded half up; Magento
 * keeps 6 but no currency uses more than 4), at least 2, never an exponent. It starts from the
 * shortest text that reads back as the same double (what JSON.stringify shows), so a value parsed
 * from "19.99" formats as "19.99" whatever its binary noise; doubles hold 15 significant digits,
 * which covers any real price. 34 → "34.00", 32444 → "32444.00", 19.995 → "19.995", 0.12345 → "0.1235".
 */
export function formatAmount(amount: number): string {
  if (!Number.isFinite(amount) || amount < 0 || amount >= DECIMAL_LIMIT) {
    throw LS_ERR_INGEST_INVALID_PAYLOAD.with({ details: [{ path: 'price', rule: 'must be a number >= 0', message: `${amount} is not an amount` }] }, `price ${amount} is not an amount`)
  }
  // Below 1e-6 String() uses an exponent; such amounts round to zero anyway.
  const text = amount < 1e-6 ? '0' : String(amount)
  const dot = text.indexOf('.')
  const integer = dot === -1 ? text : text.slice(0, dot)
  let fraction = dot === -1 ? '' : text.slice(dot + 1)
  let digits = integer
  if (fraction.length > 4) {
    const roundUp = fraction.charCodeAt(4) >= 53 /* '5' */
    fraction = fraction.slice(0, 4)
    if (roundUp) {
      const bumped = incrementDigits(integer + fraction)
      digits = bumped.slice(0, bumped.length - 4)
      fraction = bumped.slice(bumped.length - 4)
    }
  }
  let end = fraction.length
  while (end > 2 && fraction.charCodeAt(end - 1) === 48 /* '0' */) end--
  return `${digits}.${fraction.slice(0, end).padEnd(2, '0')}`
}

/** Adds one to a string of decimal digits ("0999" → "1000", "99" → "100"). */
function incrementDigits(digits: string): string {
  const chars = digits.split('')
  for (let index = chars.length - 1; index >= 0; index--) {
    if (chars[index] !== '9') {
      chars[index] = String.fromCharCode(chars[index]!.charCodeAt(0) + 1)
      return chars.join('')
    }
    chars[index] = '0'
  }
  return `1${chars.join('')}`
}

const customAttribute = (product: MagentoProduct, code: string): MagentoCustomAttribute | undefined => {
  const list = product.custom_attributes
  if (list === undefined) return undefined
  for (let index = list.length - 1; index >= 0; index--) if (list[index]!.attribute_code === code) return list[index]
  return undefined
}

/** The `price` attribute is the selling price for all but configurable, grouped and dynamic bundle products. */
function hasOwnPrice(product: MagentoProduct): boolean {
  if (product.type_id === 'bundle') return rawValue(customAttribute(product, 'price_type')?.value) !== BUNDLE_DYNAMIC_PRICE
  return product.type_id === undefined || !PRICELESS_TYPES.has(product.type_id)
}

/**
 * True when the product carries everything the canonical Product needs without a REST fetch:
 * sku, name, type_id, status, visibility, updated_at, price (unless configurable, grouped or a
 * dynamic-price bundle), stock (qty and is_in_stock), and the lists a partial payload leaves out — custom
 * attributes, media gallery, categories and websites. A missing list means "not sent", not
 * "empty", and publishing it as empty would wipe the product's attributes or images downstream.
 */
export function isCompleteProduct(p: MagentoProduct): boolean {
  const extension = p.extension_attributes
  const stock = extension?.stock_item
  return (
    p.name !== undefined &&
    p.type_id !== undefined &&
    p.status !== undefined &&
    p.visibility !== undefined &&
    p.updated_at !== undefined &&
    (p.price !== undefined || !hasOwnPrice(p)) &&
    stock?.qty !== undefined &&
    stock.is_in_stock !== undefined &&
    p.custom_attributes !== undefined &&
    p.media_gallery_entries !== undefined &&
    (extension?.category_links !== undefined || customAttribute(p, 'category_ids') !== undefined) &&
    extension?.website_ids !== undefined &&
    // Observer hooks carry the model data without extension attributes, so a configurable parent
    // arrives without its children and variation attributes: those must come from REST.
    (p.type_id !== 'configurable' || (extension?.configurable_product_options !== undefined && extension.configurable_product_links !== undefined))
  )
}

/** A custom attribute value as Magento stores it in text: multiselect lists comma-joined, flags 1/0. */
function rawValue(value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (typeof value === 'boolean') return value ? '1' : '0'
  if (Array.isArray(value)) return value.map((item) => (item === null || item === undefined ? '' : typeof item === 'object' ? JSON.stringify(item) : String(item))).join(',')
  return JSON.stringify(value)
}

/** Resolves option ids to labels with one lookup per attribute code; unknown ids get no label. */
async function normaliseAttributes(product: MagentoProduct, ctx: NormaliseContext): Promise<Record<string, AttributeValue>> {
  const attributes: Record<string, AttributeValue> = {}
  const pending: Promise<void>[] = []
  for (const attribute of product.custom_attributes ?? []) {
    const code = attribute.attribute_code
    if (OWN_FIELD_ATTRIBUTES.has(code) || isInternalAttribute(code)) continue
    const value: AttributeValue = { raw: rawValue(attribute.value), labels: [] }
    attributes[code] = value
  }
  for (const code of Object.keys(attributes)) {
    const value = attributes[code]!
    if (value.raw === null || !OPTION_IDS.test(value.raw)) continue
    const raw = value.raw
    pending.push(
      ctx.optionLabels(code).then((labels) => {
        if (labels === undefined) return
        for (const id of raw.split(',')) {
          const label = labels.get(id)
          if (label !== undefined && label.trim() !== '') value.labels.push(label)
        }
      }),
    )
  }
  await Promise.all(pending)
  return attributes
}

/** Category ids from category_links (in position order) or the category_ids attribute, without repeats. */
function categoryIds(product: MagentoProduct): number[] {
  const links = product.extension_attributes?.category_links
  const ids: number[] = []
  if (links !== undefined) {
    const ordered = links.map((link, index) => ({ id: link.category_id, position: link.position ?? Number.MAX_SAFE_INTEGER, index }))
    ordered.sort((a, b) => a.position - b.position || a.index - b.index)
    for (const { id } of ordered) if (!ids.includes(id)) ids.push(id)
    return ids
  }
  const value = customAttribute(product, 'category_ids')?.value
  const list = Array.isArray(value) ? value : typeof value === 'string' && value !== '' ? value.split(',') : []
  for (const item of list) {
    const id = toInteger(item)
    if (id !== undefined && !ids.includes(id)) ids.push(id)
  }
  return ids
}

async function normaliseCategories(product: MagentoProduct, ctx: NormaliseContext): Promise<CategoryRef[]> {
  return Promise.all(
    categoryIds(product).map(async (id): Promise<CategoryRef> => {
      const known = ctx.category === undefined ? undefined : await ctx.category(id)
      return { id, name: known?.name ?? null, path: known ? [...known.path] : [] }
    }),
  )
}

/** Gallery entries with a file, in Magento's position order (no position last, ties in sent order). */
function normaliseMedia(entries: readonly MagentoMediaEntry[] | undefined, mediaBaseUrl: string): MediaEntry[] {
  if (entries === undefined) return []
  let base = mediaBaseUrl
  while (base.endsWith('/')) base = base.slice(0, -1)
  const prefix = `${base}/catalog/product`
  const withFile: { entry: MagentoMediaEntry; file: string; index: number }[] = []
  entries.forEach((entry, index) => {
    if (entry.file !== undefined) withFile.push({ entry, file: entry.file, index })
  })
  withFile.sort((a, b) => (a.entry.position ?? Number.MAX_SAFE_INTEGER) - (b.entry.position ?? Number.MAX_SAFE_INTEGER) || a.index - b.index)
  return withFile.map(({ entry, file }) => ({
    // encodeURI: Magento file names are ASCII as a rule, but a space or non-ASCII name must not break the URL.
    url: prefix + encodeURI(file),
    label: entry.label === undefined || entry.label === null || entry.label === '' ? null : entry.label,
    position: entry.position ?? 0,
    roles: entry.types ? [...entry.types] : [],
    disabled: entry.disabled ?? false,
    mediaType: entry.media_type ?? 'image',
  }))
}

async function normaliseStock(product: MagentoProduct, ctx: NormaliseContext): Promise<Stock | null> {
  const item = product.extension_attributes?.stock_item
  if (item?.qty === undefined || item.is_in_stock === undefined) return null
  const salable = ctx.salableQty === undefined ? undefined : await ctx.salableQty(product.sku)
  return {
    qty: item.qty,
    isInStock: item.is_in_stock,
    manageStock: item.manage_stock ?? true,
    salableQty: salable?.qty ?? null,
    stockId: salable?.stockId ?? null,
  }
}

async function normaliseConfigurable(product: MagentoProduct, ctx: NormaliseContext): Promise<ConfigurableInfo | null> {
  if (product.type_id !== 'configurable') return null
  const options = [...(product.extension_attributes?.configurable_product_options ?? [])]
  options.sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
  const childIds = [...(product.extension_attributes?.configurable_product_links ?? [])]
  const [variationAttributes, childSkus] = await Promise.all([
    Promise.all(
      options.map(async (option) => {
        const code = ctx.attributeCode === undefined ? undefined : await ctx.attributeCode(option.attribute_id)
        return {
          attributeId: option.attribute_id,
          code: code ?? null,
          label: option.label ?? code ?? String(option.attribute_id),
          valueIds: (option.values ?? []).map((value) => String(value.value_index)),
        }
      }),
    ),
    childIds.length > 0 && ctx.childSkus !== undefined ? ctx.childSkus(childIds) : Promise.resolve([]),
  ])
  return { variationAttributes, childIds, childSkus: [...childSkus] }
}

function normalisePrice(product: MagentoProduct, currency: string): Money | null {
  if (product.price === undefined || !hasOwnPrice(product)) return null
  return { amount: formatAmount(product.price), currency }
}

function normaliseWeight(product: MagentoProduct, unit: WeightUnit): Weight | null {
  return product.weight === undefined ? null : { value: product.weight, unit }
}

const htmlAttribute = (product: MagentoProduct, code: string): string | null => {
  const value = customAttribute(product, code)?.value
  return typeof value === 'string' ? value : null
}

/**
 * Normalises a validated REST product into the canonical Product. Throws
 * LS_ERR_INGEST_PRODUCT_INCOMPLETE when name, type_id, status or visibility is missing (fetch the
 * product first: see isCompleteProduct); errors of the context's lookups propagate unchanged, so
 * a retryable Magento failure stays retryable.
 */
export async function normaliseProduct(p: MagentoProduct, ctx: NormaliseContext): Promise<Product> {
  const missing: string[] = []
  if (p.name === undefined) missing.push('name')
  if (p.type_id === undefined) missing.push('type_id')
  if (p.status === undefined) missing.push('status')
  if (p.visibility === undefined) missing.push('visibility')
  if (missing.length > 0 || p.name === undefined || p.type_id === undefined || p.status === undefined || p.visibility === undefined) {
    throw LS_ERR_INGEST_PRODUCT_INCOMPLETE(p.sku, missing.join(', '))
  }
  const [attributes, categories, stock, configurable, parent] = await Promise.all([
    normaliseAttributes(p, ctx),
    normaliseCategories(p, ctx),
    normaliseStock(p, ctx),
    normaliseConfigurable(p, ctx),
    // Only simple-like products are children; a configurable never is.
    p.type_id !== 'configurable' && p.id !== undefined && ctx.parentOf ? ctx.parentOf(p.id) : undefined,
  ])
  return {
    sku: p.sku,
    magentoId: p.id ?? null,
    storeCode: ctx.storeCode,
    name: p.name,
    typeId: p.type_id,
    attributeSetId: p.attribute_set_id ?? null,
    attributeSetName: null,
    enabled: p.status === 1,
    visibility: VISIBILITY[p.visibility],
    price: normalisePrice(p, ctx.currency),
    weight: normaliseWeight(p, ctx.weightUnit),
    descriptionHtml: htmlAttribute(p, 'description'),
    shortDescriptionHtml: htmlAttribute(p, 'short_description'),
    stock,
    categories,
    websiteIds: [...(p.extension_attributes?.website_ids ?? [])],
    media: normaliseMedia(p.media_gallery_entries, ctx.mediaBaseUrl),
    attributes,
    configurable,
    parentSkus: parent ? [parent.sku] : [],
    createdAt: parseMagentoDate(p.created_at) ?? null,
    updatedAt: parseMagentoDate(p.updated_at) ?? null,
    parent: parent ?? null,
  }
}

/**
 * When the state this product shows last changed in Magento: its own updated_at or its parent's,
 * whichever is newer, since a parent's change changes what its children list with. Undefined when
 * Magento gave no updated_at.
 */
export function productChangeTime(product: Product): Date | undefined {
  const own = product.updatedAt ?? undefined
  const parent = product.parent?.updatedAt ?? undefined
  if (own === undefined || parent === undefined) return own ?? parent
  return own.getTime() >= parent.getTime() ? own : parent
}
