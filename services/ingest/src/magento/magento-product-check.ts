// A product check that gives magentoProductSchema's result without zod, beside the schema it mirrors.
import type { MagentoProduct } from './magento-product.js'
import {
  checkAttributeCode,
  checkBoolean,
  checkDate,
  checkDecimal,
  checkInt32,
  checkInteger,
  checkMediaFile,
  checkSku,
  checkStatus,
  checkText,
  checkVisibility,
  type Check,
} from './magento-values.js'
import { FORBIDDEN_KEYS, MAX_DEPTH } from './payload-problem.js'

// The fast path. magentoProductSchema (zod) costs about 70 µs per full product, most of the
// webhook route's CPU at thousands of webhooks per second. The functions below check a product
// with the same Check functions and produce the same output as the schema, without zod's
// per-field machinery; anything they do not accept goes to zod, which then reports every
// problem with its path and rule exactly as before. So they may refuse more than the schema
// (zod decides), never less. webhook-payload.test.ts checks both agree, field by field.

/** What a check of the fast path returns for a value the schema would not accept as is. */
const INVALID = Symbol('invalid')
type Invalid = typeof INVALID

/** optionalValue(check): null and undefined mean "no value". */
function optional<T>(check: Check<T>, value: unknown): T | undefined | Invalid {
  if (value === null || value === undefined) return undefined
  const result = check(value)
  return result.ok ? result.value : INVALID
}

/** requiredValue(check). */
function required<T>(check: Check<T>, value: unknown): T | Invalid {
  if (value === null || value === undefined) return INVALID
  const result = check(value)
  return result.ok ? result.value : INVALID
}

/** One checked field of a loose object: its key and how its value is read. */
type FieldCheck = readonly [key: string, read: (value: unknown) => unknown]

/**
 * An object as JSON.parse makes them: a plain prototype and no symbol keys. Other objects go to
 * the schema, whose copying of inherited and symbol keys the fast path does not imitate.
 */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const prototype = Object.getPrototypeOf(value) as unknown
  return (prototype === Object.prototype || prototype === null) && Object.getOwnPropertySymbols(value).length === 0
}

/**
 * A z.looseObject: every key of the input passes through, the listed ones replaced by what
 * their check yields; a key absent from the input stays absent.
 */
function looseObject(input: unknown, fields: readonly FieldCheck[]): Record<string, unknown> | Invalid {
  if (!isJsonObject(input)) return INVALID
  const output: Record<string, unknown> = { ...input }
  for (const [key, read] of fields) {
    const present = key in input
    // An absent key is read as undefined too: a required field refuses it.
    const value = read(present ? input[key] : undefined)
    if (value === INVALID) return INVALID
    if (present) output[key] = value
  }
  return output
}

/** z.array(element). */
function array(input: unknown, element: (value: unknown) => unknown): unknown[] | Invalid {
  if (!Array.isArray(input)) return INVALID
  const output = new Array<unknown>(input.length)
  for (let index = 0; index < input.length; index++) {
    const value = element(input[index])
    if (value === INVALID) return INVALID
    output[index] = value
  }
  return output
}

const optionalArray = (element: (value: unknown) => unknown) => (value: unknown) => (value === undefined ? undefined : array(value, element))
/** `.nullish().transform((v) => v ?? undefined)` around an array. */
const nullishArray = (element: (value: unknown) => unknown) => (value: unknown) => (value === null || value === undefined ? undefined : array(value, element))
const optionalObject = (fields: readonly FieldCheck[]) => (value: unknown) => (value === undefined ? undefined : looseObject(value, fields))
const opt = <T>(check: Check<T>) => (value: unknown) => optional(check, value)
const req = <T>(check: Check<T>) => (value: unknown) => required(check, value)
/** optionalString(): a string, null and undefined becoming undefined. */
const optionalText = (value: unknown) => (value === null || value === undefined ? undefined : typeof value === 'string' ? value : INVALID)
/** z.string().nullish(): null is kept. */
const nullishText = (value: unknown) => (value === null || value === undefined || typeof value === 'string' ? value : INVALID)
const text = (value: unknown) => (typeof value === 'string' ? value : INVALID)

/**
 * z.json(): text, finite numbers, flags, null, lists and plain objects of those. The value is
 * kept as it is (the schema copies it); depth is bounded by the structural check before.
 */
function json(value: unknown): unknown {
  return isJson(value, 0) ? value : INVALID
}

function isJson(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (typeof value !== 'object' || depth > MAX_DEPTH) return false
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) if (!isJson(value[index], depth + 1)) return false
    return true
  }
  if (!isJsonObject(value)) return false
  for (const key of Object.keys(value)) if (!isJson(value[key], depth + 1)) return false
  return true
}

/** The refinement of customAttributeSchema: every element of category_ids is an id. */
function categoryIdsAreIds(value: unknown): boolean {
  if (value === null) return true
  const ids = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value]
  return ids.every((id) => checkInteger(id).ok)
}

const customAttributeFields: readonly FieldCheck[] = [
  ['attribute_code', req(checkAttributeCode)],
  ['value', json],
]

function customAttribute(value: unknown): unknown {
  const attribute = looseObject(value, customAttributeFields)
  if (attribute === INVALID) return INVALID
  // A missing value is no JSON value: json() refused it already.
  return attribute.attribute_code === 'category_ids' && !categoryIdsAreIds(attribute.value) ? INVALID : attribute
}

const mediaEntryFields: readonly FieldCheck[] = [
  ['id', opt(checkInteger)],
  ['media_type', optionalText],
  ['label', nullishText],
  ['position', opt(checkInt32)],
  ['disabled', opt(checkBoolean)],
  ['types', nullishArray(text)],
  ['file', opt(checkMediaFile)],
]

const extensionAttributeFields: readonly FieldCheck[] = [
  ['website_ids', optionalArray(req(checkInteger))],
  ['category_links', optionalArray((link) => looseObject(link, [['position', opt(checkInt32)], ['category_id', req(checkInteger)]]))],
  [
    'stock_item',
    optionalObject([
      ['item_id', opt(checkInteger)],
      ['product_id', opt(checkInteger)],
      ['stock_id', opt(checkInteger)],
      ['qty', opt(checkDecimal)],
      ['is_in_stock', opt(checkBoolean)],
      ['manage_stock', opt(checkBoolean)],
    ]),
  ],
  [
    'configurable_product_options',
    optionalArray((option) =>
      looseObject(option, [
        ['id', opt(checkInteger)],
        ['attribute_id', req(checkInteger)],
        ['label', optionalText],
        ['position', opt(checkInt32)],
        ['values', nullishArray((entry) => looseObject(entry, [['value_index', req(checkInteger)]]))],
      ]),
    ),
  ],
  ['configurable_product_links', optionalArray(req(checkInteger))],
]

/** The fields of magentoProductSchema, in its order. */
const PRODUCT_FIELDS: readonly FieldCheck[] = [
  ['id', opt(checkInteger)],
  ['sku', req(checkSku)],
  ['name', opt(checkText)],
  ['attribute_set_id', opt(checkInteger)],
  ['price', opt(checkDecimal)],
  ['status', opt(checkStatus)],
  ['visibility', opt(checkVisibility)],
  ['type_id', opt(checkText)],
  ['created_at', opt(checkDate)],
  ['updated_at', opt(checkDate)],
  ['weight', opt(checkDecimal)],
  ['extension_attributes', optionalObject(extensionAttributeFields)],
  ['media_gallery_entries', optionalArray((entry) => looseObject(entry, mediaEntryFields))],
  ['custom_attributes', optionalArray(customAttribute)],
]

/** The product as magentoProductSchema would output it, or INVALID when the schema must decide. */
/**
 * Product data already scanned with isStructurallyClean, as magentoProductSchema would output it;
 * undefined when the schema must decide, and then report, what is wrong with it.
 */
export function checkProductFields(value: unknown): MagentoProduct | undefined {
  const product = looseObject(value, PRODUCT_FIELDS) as MagentoProduct | Invalid
  return product === INVALID ? undefined : product
}

/**
 * A REST product (a search page's item) as magentoProductSchema would output it, without zod's
 * cost; undefined when the schema must decide, and then report, what is wrong with it.
 */
export function checkRestProduct(value: unknown): MagentoProduct | undefined {
  // The schema drops a `__proto__` key that the fast path would copy: such data goes to the schema.
  return isStructurallyClean(value, 0) ? checkProductFields(value) : undefined
}

/**
 * True when the body has no prototype-pollution key and no nesting beyond MAX_DEPTH: the same
 * test as findStructuralProblems, without building a path for every value. Recursion is bounded
 * by MAX_DEPTH, so a hostile nesting cannot overflow the stack.
 */
export function isStructurallyClean(value: unknown, depth = 0): boolean {
  if (typeof value !== 'object' || value === null) return true
  if (depth > MAX_DEPTH) return false
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) if (!isStructurallyClean(value[index], depth + 1)) return false
    return true
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key) || !isStructurallyClean((value as Record<string, unknown>)[key], depth + 1)) return false
  }
  return true
}
