import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { LS_ERR_CONFIG_INVALID } from '@listing-sync/errors'

/** Attribute types we check, after Mirakl's PM11 `type` values. */
export type B2bAttributeType = 'TEXT' | 'INTEGER' | 'DECIMAL' | 'LIST' | 'MEDIA' | 'DATE'

/** One product or offer attribute the marketplace defines (a PM11 attribute, reduced to what we check). */
export interface B2bAttributeDefinition {
  code: string
  /** PM11 `requirement_level: REQUIRED`. */
  required: boolean
  type: B2bAttributeType
  /** Code of the VL11 value list a LIST attribute draws from. */
  valuesList?: string
  /** Maximum characters of a TEXT value (e.g. the marketplace's title limit). */
  maxLength?: number
}

/** What a B2B offer is checked against: required OF24 fields, attributes (PM11) and value lists (VL11). */
export interface B2bValidationConfig {
  /** OF24 offer fields that must be present (beyond those the OF24 spec already requires). */
  requiredOfferFields: string[]
  attributes: B2bAttributeDefinition[]
  /** Value list code → allowed value codes. */
  valueLists: Record<string, string[]>
  /** Allowed `product_id_type` values; default {@link DEFAULT_PRODUCT_ID_TYPES}. Operator-specific on Mirakl. */
  productIdTypes?: string[]
  /** Allowed `state_code` values (the operator's offer states, e.g. "11" = new); default: any digits. */
  stateCodes?: string[]
}

/** The rule a problem breaks. */
export type B2bRule = 'required' | 'type' | 'minimum' | 'enum' | 'maxLength' | 'valuesList' | 'format' | 'checksum' | 'order' | 'unknown' | 'duplicate'

/** One problem with one offer: the field (dotted path), the rule, and a readable message. */
export interface B2bProblem {
  field: string
  rule: B2bRule
  message: string
}

/** Validates one OF24 offer (with its product attributes); returns every problem, none when valid. */
export type B2bValidator = (offer: Record<string, unknown>) => B2bProblem[]

/** Product id types Mirakl operators commonly accept when none are configured. */
export const DEFAULT_PRODUCT_ID_TYPES = ['EAN', 'UPC', 'ISBN', 'MPN', 'SHOP_SKU', 'SKU']

/** Fields the OF24 spec (`OF24_Request_Offers.required`) requires on every offer. */
const OF24_REQUIRED = ['price', 'product_id', 'product_id_type', 'shop_sku', 'state_code', 'update_delete']

/** Every field of an OF24 offer (mmp-seller-openapi `OF24_Request_Offers`). */
const OF24_FIELDS = new Set([
  'all_prices', 'allow_quote_requests', 'available_ended', 'available_started', 'description', 'discount', 'eco_contributions',
  'internal_description', 'leadtime_to_ship', 'logistic_class', 'max_order_quantity', 'min_order_quantity', 'min_quantity_alert', 'msrp',
  'offer_additional_fields', 'package_quantity', 'price', 'price_additional_info', 'pricing_unit', 'product_id', 'product_id_type',
  'product_tax_code', 'quantity', 'retail_prices', 'shop_sku', 'state_code', 'update_delete',
])

const attributeSchema = z.strictObject({
  code: z.string().min(1),
  required: z.boolean(),
  type: z.enum(['TEXT', 'INTEGER', 'DECIMAL', 'LIST', 'MEDIA', 'DATE']),
  valuesList: z.string().min(1).optional(),
  maxLength: z.int().positive().optional(),
})

const configSchema = z
  .strictObject({
    $comment: z.string().optional(),
    requiredOfferFields: z.array(z.string()),
    attributes: z.array(attributeSchema),
    valueLists: z.record(z.string(), z.array(z.string())),
    productIdTypes: z.array(z.string().min(1)).min(1).optional(),
    stateCodes: z.array(z.string().min(1)).min(1).optional(),
  })
  .superRefine((config, ctx) => {
    config.requiredOfferFields.forEach((field, i) => {
      if (!OF24_FIELDS.has(field)) ctx.addIssue({ code: 'custom', path: ['requiredOfferFields', i], message: `'${field}' is not an OF24 offer field` })
    })
    const seen = new Set<string>()
    config.attributes.forEach((attribute, i) => {
      if (seen.has(attribute.code)) ctx.addIssue({ code: 'custom', path: ['attributes', i, 'code'], message: `attribute '${attribute.code}' is defined twice` })
      seen.add(attribute.code)
      if (OF24_FIELDS.has(attribute.code)) ctx.addIssue({ code: 'custom', path: ['attributes', i, 'code'], message: `attribute '${attribute.code}' has the name of an OF24 offer field` })
      if (attribute.type === 'LIST' && attribute.valuesList === undefined) ctx.addIssue({ code: 'custom', path: ['attributes', i, 'valuesList'], message: `LIST attribute '${attribute.code}' names no value list` })
      if (attribute.valuesList !== undefined && !(attribute.valuesList in config.valueLists)) {
        ctx.addIssue({ code: 'custom', path: ['attributes', i, 'valuesList'], message: `value list '${attribute.valuesList}' of '${attribute.code}' is not in valueLists` })
      }
    })
  })

/** Checks a config and freezes it; throws LS_ERR_CONFIG_INVALID listing every problem with its path. */
function parseConfig(raw: unknown, source: string): B2bValidationConfig {
  const result = configSchema.safeParse(raw)
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`)
    throw LS_ERR_CONFIG_INVALID.with({ details: problems }, problems.join('\n'))
  }
  return result.data
}

/**
 * Reads and checks a B2B validation config (JSON, shaped like `mappings/product-types/b2b-attributes.json`).
 * Throws LS_ERR_CONFIG_INVALID, listing every problem, when the file is not a valid config.
 */
export async function loadB2bValidationConfig(file: string | URL): Promise<B2bValidationConfig> {
  let raw: unknown
  try {
    raw = JSON.parse(await readFile(file, 'utf8'))
  } catch (cause) {
    throw LS_ERR_CONFIG_INVALID.with({ cause }, `${String(file)}: ${(cause as Error).message}`)
  }
  return parseConfig(raw, String(file))
}

/**
 * Builds a validator for Mirakl OF24 offers: the offer fields typed as the OF24 spec types them,
 * plus `offer_additional_fields` and product attributes against PM11-style definitions and VL11
 * value lists. An attribute's value is read from `offer_additional_fields` (by `code`) or, for
 * product records, from the top-level field of the same name. Fields that are neither OF24 fields
 * nor defined attributes are reported: OF24 resets every field it is not sent, so a misspelt
 * `quantity` would silently zero the stock.
 *
 * Numbers may arrive as numeric strings: Mirakl's own OF24 example sends `"quantity": "5000"`.
 */
export function createB2bValidator(config: B2bValidationConfig): B2bValidator {
  const checked = parseConfig(config, 'B2B validation config')
  const attributes = new Map(checked.attributes.map((a) => [a.code, a]))
  const required = [...new Set([...OF24_REQUIRED, ...checked.requiredOfferFields])]
  const productIdTypes = checked.productIdTypes ?? DEFAULT_PRODUCT_ID_TYPES
  return (offer) => {
    const problems: B2bProblem[] = []
    const add = (field: string, rule: B2bRule, message: string) => problems.push({ field, rule, message })

    for (const field of required) {
      if (isAbsent(offer[field], field)) add(field, 'required', `'${field}' is required but not supplied`)
    }
    for (const field of Object.keys(offer)) {
      if (!OF24_FIELDS.has(field) && !attributes.has(field)) add(field, 'unknown', `'${field}' is neither an OF24 offer field nor a defined attribute`)
    }

    checkString(offer, 'shop_sku', add)
    checkString(offer, 'product_id', add)
    if (checkString(offer, 'product_id_type', add)) {
      const type = offer.product_id_type as string
      if (!productIdTypes.includes(type)) add('product_id_type', 'enum', `'product_id_type' must be one of ${productIdTypes.join(', ')} (is '${type}')`)
      else if (typeof offer.product_id === 'string') checkGtin(type, offer.product_id, add)
    }
    if (checkString(offer, 'state_code', add)) {
      const state = offer.state_code as string
      if (checked.stateCodes ? !checked.stateCodes.includes(state) : !/^\d+$/.test(state)) {
        add('state_code', 'enum', `'state_code' must be ${checked.stateCodes ? `one of ${checked.stateCodes.join(', ')}` : 'an offer state code (digits)'} (is '${state}')`)
      }
    }
    if (offer.update_delete !== undefined && !['', 'update', 'delete'].includes(offer.update_delete as string)) {
      add('update_delete', 'enum', `'update_delete' must be "", "update" or "delete" (is ${JSON.stringify(offer.update_delete)})`)
    }
    checkDecimal(offer, 'price', add, { positive: true })
    checkDecimal(offer, 'msrp', add, { positive: true })
    checkInteger(offer, 'quantity', add, 0)
    checkInteger(offer, 'leadtime_to_ship', add, 0)
    checkInteger(offer, 'min_quantity_alert', add, 0)
    checkInteger(offer, 'package_quantity', add, 1)
    const min = checkInteger(offer, 'min_order_quantity', add, 1)
    const max = checkInteger(offer, 'max_order_quantity', add, 1)
    if (min !== undefined && max !== undefined && min > max) add('min_order_quantity', 'order', `'min_order_quantity' (${min}) must not exceed 'max_order_quantity' (${max})`)
    if (offer.allow_quote_requests !== undefined && typeof offer.allow_quote_requests !== 'boolean') add('allow_quote_requests', 'type', `'allow_quote_requests' must be a boolean`)
    for (const field of ['description', 'internal_description', 'logistic_class', 'price_additional_info', 'pricing_unit', 'product_tax_code']) checkString(offer, field, add)
    checkPeriod(offer, 'available_started', 'available_ended', '', add)
    checkDiscount(offer.discount, add)
    checkAllPrices(offer.all_prices, add)
    checkAttributes(offer, attributes, checked.valueLists, add)
    return problems
  }
}

type Add = (field: string, rule: B2bRule, message: string) => void

function isAbsent(value: unknown, field: string): boolean {
  // `update_delete: ""` is meaningful (it means "update"); elsewhere an empty string is no value.
  return value === undefined || value === null || (value === '' && field !== 'update_delete')
}

function checkString(record: Record<string, unknown>, field: string, add: Add, path = field): boolean {
  const value = record[field]
  if (value === undefined || value === null) return false
  if (typeof value !== 'string') {
    add(path, 'type', `'${path}' must be a string (is ${JSON.stringify(value)})`)
    return false
  }
  return value !== ''
}

/** A JSON number or a string holding one: Mirakl accepts both. */
function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value)
  return undefined
}

function checkDecimal(record: Record<string, unknown>, field: string, add: Add, options: { positive: boolean }, path = field): number | undefined {
  const value = record[field]
  if (value === undefined || value === null) return undefined
  const n = asNumber(value)
  if (n === undefined) {
    add(path, 'type', `'${path}' must be a decimal number (is ${JSON.stringify(value)})`)
    return undefined
  }
  if (options.positive && n <= 0) add(path, 'minimum', `'${path}' must be greater than 0 (is ${n})`)
  return n
}

function checkInteger(record: Record<string, unknown>, field: string, add: Add, minimum: number, path = field): number | undefined {
  const value = record[field]
  if (value === undefined || value === null) return undefined
  const n = asNumber(value)
  if (n === undefined || !Number.isInteger(n)) {
    add(path, 'type', `'${path}' must be an integer (is ${JSON.stringify(value)})`)
    return undefined
  }
  if (n < minimum) add(path, 'minimum', `'${path}' must be at least ${minimum} (is ${n})`)
  return n
}

const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/

function checkDate(record: Record<string, unknown>, field: string, add: Add, path: string): number | undefined {
  const value = record[field]
  if (value === undefined || value === null) return undefined
  const time = typeof value === 'string' && DATE.test(value) ? Date.parse(value) : Number.NaN
  if (Number.isNaN(time)) {
    add(path, 'format', `'${path}' must be an ISO 8601 date or date-time (is ${JSON.stringify(value)})`)
    return undefined
  }
  return time
}

function checkPeriod(record: Record<string, unknown>, startField: string, endField: string, prefix: string, add: Add): void {
  const start = checkDate(record, startField, add, prefix + startField)
  const end = checkDate(record, endField, add, prefix + endField)
  if (start !== undefined && end !== undefined && start > end) add(prefix + startField, 'order', `'${prefix + startField}' must not be after '${prefix + endField}'`)
}

function checkDiscount(discount: unknown, add: Add): void {
  if (discount === undefined || discount === null) return
  if (!isRecord(discount)) return add('discount', 'type', `'discount' must be an object`)
  checkDecimal(discount, 'price', add, { positive: true }, 'discount.price')
  checkPeriod(discount, 'start_date', 'end_date', 'discount.', add)
  eachRecord(discount.ranges, 'discount.ranges', add, (range, path) => {
    checkDecimal(range, 'price', add, { positive: true }, `${path}.price`)
    checkInteger(range, 'quantity_threshold', add, 1, `${path}.quantity_threshold`)
  })
}

function checkAllPrices(allPrices: unknown, add: Add): void {
  eachRecord(allPrices, 'all_prices', add, (price, path) => {
    if (price.channel_code !== null) checkString(price, 'channel_code', add, `${path}.channel_code`)
    checkDecimal(price, 'unit_origin_price', add, { positive: true }, `${path}.unit_origin_price`)
    checkDecimal(price, 'unit_discount_price', add, { positive: true }, `${path}.unit_discount_price`)
    checkPeriod(price, 'discount_start_date', 'discount_end_date', `${path}.`, add)
    eachRecord(price.volume_prices, `${path}.volume_prices`, add, (volume, volumePath) => {
      checkInteger(volume, 'quantity_threshold', add, 1, `${volumePath}.quantity_threshold`)
      checkDecimal(volume, 'unit_origin_price', add, { positive: true }, `${volumePath}.unit_origin_price`)
      checkDecimal(volume, 'unit_discount_price', add, { positive: true }, `${volumePath}.unit_discount_price`)
    })
  })
}

function eachRecord(list: unknown, path: string, add: Add, check: (record: Record<string, unknown>, path: string) => void): void {
  if (list === undefined || list === null) return
  if (!Array.isArray(list)) return add(path, 'type', `'${path}' must be an array`)
  list.forEach((item, i) => (isRecord(item) ? check(item, `${path}[${i}]`) : add(`${path}[${i}]`, 'type', `'${path}[${i}]' must be an object`)))
}

/** EAN/UPC/ISBN-13 values carry a GS1 check digit; a wrong one is a typo Mirakl would reject later. */
function checkGtin(type: string, id: string, add: Add): void {
  const lengths: Record<string, number[]> = { EAN: [8, 13], UPC: [12] }
  const allowed = lengths[type]
  if (!allowed) return
  if (!/^\d+$/.test(id) || !allowed.includes(id.length)) return add('product_id', 'format', `'product_id' must be ${allowed.join(' or ')} digits for product_id_type ${type} (is '${id}')`)
  const digits = [...id].map(Number)
  const check = digits.pop() as number
  const sum = digits.reverse().reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 3 : 1), 0)
  if ((10 - (sum % 10)) % 10 !== check) add('product_id', 'checksum', `'product_id' ${id} has a wrong ${type} check digit`)
}

function checkAttributes(offer: Record<string, unknown>, definitions: Map<string, B2bAttributeDefinition>, valueLists: Record<string, string[]>, add: Add): void {
  const values = new Map<string, { value: unknown; path: string }>()
  eachRecord(offer.offer_additional_fields, 'offer_additional_fields', add, (field, path) => {
    if (typeof field.code !== 'string' || field.code === '') return add(`${path}.code`, 'required', `'${path}.code' is required but not supplied`)
    if (!definitions.has(field.code)) return add(`offer_additional_fields.${field.code}`, 'unknown', `additional field '${field.code}' is not defined by the marketplace`)
    if (values.has(field.code)) return add(`offer_additional_fields.${field.code}`, 'duplicate', `additional field '${field.code}' is given more than once`)
    values.set(field.code, { value: field.value, path: `offer_additional_fields.${field.code}` })
  })
  for (const [code, definition] of definitions) {
    const found = values.get(code) ?? (offer[code] !== undefined ? { value: offer[code], path: code } : undefined)
    if (!found || found.value === null || found.value === '') {
      if (definition.required) add(found?.path ?? code, 'required', `attribute '${code}' is required but not supplied`)
      continue
    }
    checkAttributeValue(definition, found.value, found.path, valueLists, add)
  }
}

function checkAttributeValue(definition: B2bAttributeDefinition, value: unknown, path: string, valueLists: Record<string, string[]>, add: Add): void {
  const holder = { value }
  switch (definition.type) {
    case 'TEXT':
      if (typeof value !== 'string') return add(path, 'type', `attribute '${definition.code}' must be text (is ${JSON.stringify(value)})`)
      if (definition.maxLength !== undefined && [...value].length > definition.maxLength) {
        add(path, 'maxLength', `attribute '${definition.code}' must be at most ${definition.maxLength} characters (is ${[...value].length})`)
      }
      return
    case 'INTEGER':
      checkInteger(holder, 'value', add, Number.MIN_SAFE_INTEGER, path)
      return
    case 'DECIMAL':
      checkDecimal(holder, 'value', add, { positive: false }, path)
      return
    case 'LIST': {
      const list = definition.valuesList as string
      if (typeof value !== 'string' || !(valueLists[list] ?? []).includes(value)) {
        add(path, 'valuesList', `attribute '${definition.code}' value ${JSON.stringify(value)} is not in value list '${list}'`)
      }
      return
    }
    case 'MEDIA':
      if (typeof value !== 'string' || !/^https?:\/\/\S+$/.test(value)) add(path, 'format', `attribute '${definition.code}' must be an http(s) URL (is ${JSON.stringify(value)})`)
      return
    case 'DATE':
      checkDate(holder, 'value', add, path)
      return
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
