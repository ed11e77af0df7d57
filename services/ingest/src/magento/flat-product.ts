// Magento's product model data array, as observer webhooks and Adobe I/O Events carry it
// (../shared/fixtures/adobe-commerce/io-events/observer.catalog_product_save_after.full-payload.json):
// flat keys, numbers as text, custom attribute codes at top level, stock in `stock_data` and
// `quantity_and_stock_status`, images in `media_gallery.images`. Converted here to the REST shape,
// so everything downstream handles one shape.
import { LS_ERR_INGEST_INVALID_PAYLOAD } from '@listing-sync/errors'
import { isInternalAttribute } from './internal-attributes.js'
import { magentoProductSchema, type MagentoProduct } from './magento-product.js'
import { isAttributeCode, toBoolean } from './magento-values.js'
import { formatProblems, problemsFromZod, type ProblemPath } from './payload-problem.js'

/** Model data keys that REST also carries at top level, under the same name. */
const TOP_LEVEL_KEYS = ['sku', 'name', 'attribute_set_id', 'price', 'status', 'visibility', 'type_id', 'created_at', 'updated_at', 'weight'] as const

/** Image role attributes: their value is the file of the gallery entry that has the role. */
const MEDIA_ROLES = ['image', 'small_image', 'thumbnail', 'swatch_image'] as const

/** The REST-shaped, not yet validated product, and where each REST path came from in the flat data. */
export interface FlatConversion {
  /** REST-shaped values, still as Magento sent them (validation coerces them). */
  readonly rest: Record<string, unknown>
  /** Maps a path in `rest` back to the flat key it came from, for problem reports. */
  readonly origin: (path: ProblemPath) => ProblemPath
  /** `store_id` of the model: the scope the save happened in. */
  readonly storeId?: string
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

const isScalar = (value: unknown): boolean => value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'

const has = (record: Record<string, unknown>, key: string): boolean => Object.hasOwn(record, key) && record[key] !== undefined

/**
 * Rearranges model data into the REST shape without judging values, recording where each value
 * came from. Unknown, internal and non-scalar keys are left out (see internal-attributes.ts).
 */
export function convertFlatProduct(flat: Record<string, unknown>): FlatConversion {
  const rest: Record<string, unknown> = {}
  const origins: { to: readonly PropertyKey[]; from: readonly PropertyKey[] }[] = []
  const moved = (to: readonly PropertyKey[], from: readonly PropertyKey[]) => origins.push({ to, from })

  for (const key of TOP_LEVEL_KEYS) if (has(flat, key)) rest[key] = flat[key]
  if (has(flat, 'entity_id')) {
    rest.id = flat.entity_id
    moved(['id'], ['entity_id'])
  } else if (has(flat, 'id')) {
    rest.id = flat.id
  }

  const extension: Record<string, unknown> = {}
  convertWebsites(flat, extension, moved)
  convertStock(flat, extension, moved)
  if (Object.keys(extension).length > 0) rest.extension_attributes = extension

  const media = convertMedia(flat, moved)
  if (media !== undefined) rest.media_gallery_entries = media

  const attributes: { attribute_code: string; value: unknown }[] = []
  for (const key of Object.keys(flat)) {
    if ((TOP_LEVEL_KEYS as readonly string[]).includes(key) || isInternalAttribute(key) || !isAttributeCode(key)) continue
    const value = flat[key]
    // Structures (options, tier prices, extension data) are not attribute values.
    if (!isScalar(value) && !(Array.isArray(value) && value.every(isScalar))) continue
    moved(['custom_attributes', attributes.length, 'value'], [key])
    moved(['custom_attributes', attributes.length], [key])
    attributes.push({ attribute_code: key, value })
  }
  // Absent rather than empty when the data carried no attributes (a partial I/O event), so
  // isCompleteProduct can tell "none sent" from "none set".
  if (attributes.length > 0) rest.custom_attributes = attributes

  const storeId = flat.store_id
  return {
    rest,
    origin: (path) => {
      let best: (typeof origins)[number] | undefined
      for (const entry of origins) {
        if (entry.to.length <= path.length && entry.to.every((part, index) => part === path[index]) && (!best || entry.to.length > best.to.length)) best = entry
      }
      return best ? [...best.from, ...path.slice(best.to.length)] : path
    },
    ...(typeof storeId === 'string' || typeof storeId === 'number' ? { storeId: String(storeId) } : {}),
  }
}

type Moved = (to: readonly PropertyKey[], from: readonly PropertyKey[]) => void

/** `website_ids` is `{"1":"1"}` (website id → checked) from the admin form, or a list of ids. */
function convertWebsites(flat: Record<string, unknown>, extension: Record<string, unknown>, moved: Moved): void {
  if (!has(flat, 'website_ids')) return
  const value = flat.website_ids
  if (isRecord(value)) {
    const ids: unknown[] = []
    for (const [key, checked] of Object.entries(value)) {
      // Unchecked websites arrive as "0" (or are left out).
      if (checked === null || checked === '' || toBoolean(checked) === false) continue
      moved(['extension_attributes', 'website_ids', ids.length], ['website_ids', key])
      ids.push(key)
    }
    extension.website_ids = ids
  } else {
    extension.website_ids = value
    moved(['extension_attributes', 'website_ids'], ['website_ids'])
  }
}

/**
 * `stock_data` is the stock item the save wrote; `quantity_and_stock_status` is the attribute
 * view of it, used when stock_data is missing. `manage_stock` counts only when the item does not
 * follow the configuration (`use_config_manage_stock` = 0): otherwise the effective value is the
 * store config, which the model data does not say, so it is left out (REST reports the effective one).
 */
function convertStock(flat: Record<string, unknown>, extension: Record<string, unknown>, moved: Moved): void {
  const stockData = isRecord(flat.stock_data) ? flat.stock_data : undefined
  const attribute = isRecord(flat.quantity_and_stock_status) ? flat.quantity_and_stock_status : undefined
  const item: Record<string, unknown> = {}
  const take = (target: string, sources: [Record<string, unknown> | undefined, string][]) => {
    for (const [source, name] of sources) {
      if (source !== undefined && has(source, target)) {
        item[target] = source[target]
        moved(['extension_attributes', 'stock_item', target], [name, target])
        return
      }
    }
  }
  take('qty', [
    [stockData, 'stock_data'],
    [attribute, 'quantity_and_stock_status'],
  ])
  take('is_in_stock', [
    [stockData, 'stock_data'],
    [attribute, 'quantity_and_stock_status'],
  ])
  if (Object.keys(item).length === 0) return
  if (stockData !== undefined) {
    for (const key of ['item_id', 'product_id', 'stock_id'] as const) take(key, [[stockData, 'stock_data']])
    if (toBoolean(stockData.use_config_manage_stock) !== true) take('manage_stock', [[stockData, 'stock_data']])
  }
  extension.stock_item = item
}

/**
 * `media_gallery.images` is a list, or an object keyed by value id. Entries marked `removed` are
 * being deleted by this save. Roles (REST `types`) are the image role attributes whose value is the file.
 */
function convertMedia(flat: Record<string, unknown>, moved: Moved): unknown[] | undefined {
  if (!has(flat, 'media_gallery')) return undefined
  const gallery = flat.media_gallery
  const images = isRecord(gallery) ? gallery.images : undefined
  const entries: [string | number, unknown][] = Array.isArray(images) ? images.map((image, index) => [index, image]) : isRecord(images) ? Object.entries(images) : []
  const result: unknown[] = []
  for (const [key, image] of entries) {
    if (!isRecord(image) || toBoolean(image.removed) === true) continue
    moved(['media_gallery_entries', result.length], ['media_gallery', 'images', key])
    result.push({
      id: image.value_id,
      media_type: image.media_type ?? 'image',
      label: typeof image.label === 'string' ? image.label : null,
      position: image.position ?? null,
      disabled: image.disabled ?? false,
      types: MEDIA_ROLES.filter((role) => typeof flat[role] === 'string' && flat[role] === image.file),
      file: image.file,
    })
  }
  return result
}

/**
 * Converts model data (observer webhooks, I/O Events) into a validated REST-shaped product.
 * Throws LS_ERR_INGEST_INVALID_PAYLOAD listing every problem, with paths of the flat keys.
 */
export function flatToRestProduct(flat: Record<string, unknown>): MagentoProduct {
  const conversion = convertFlatProduct(flat)
  const parsed = magentoProductSchema.safeParse(conversion.rest, { reportInput: true })
  if (parsed.success) return parsed.data
  const problems = problemsFromZod(parsed.error, [], conversion.origin)
  throw LS_ERR_INGEST_INVALID_PAYLOAD.with({ details: problems }, formatProblems(problems))
}
