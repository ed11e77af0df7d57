// Recognises and validates every body Magento sends to POST /webhooks/magento:
// - Adobe Commerce Webhooks observer hooks: {eventName, data: {product | data_object | stock_item | item}}
// - Commerce Webhooks plugin hooks on ProductRepositoryInterface::save: {product, saveOptions, subject?, result?}
// - Adobe I/O Events CloudEvents 1.0: {specversion, id, type: "com.adobe.commerce.observer.<event>", data: {value, _metadata}}
//   and the journal entry form {event: {...}} (https://developer.adobe.com/events/docs/guides/api/journaling_api)
// - a plain REST product ({sku, ...}, the GET /V1/products/{sku} shape) sent by a custom gateway.
// Product data may be REST-shaped or Magento's flat model data; flat data is converted (flat-product.ts).
import { z } from 'zod'
import { convertFlatProduct } from './flat-product.js'
import {
  CLOUDEVENT_TYPE_PREFIX,
  PRODUCT_REPOSITORY_SAVE,
  PRODUCT_SNAPSHOT,
  SUPPORTED_EVENTS,
  UNTYPED_JOURNAL_EVENT,
  resolveEvent,
  type ChangeAction,
} from './magento-events.js'
import { magentoProductSchema, type MagentoProduct } from './magento-product.js'
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
  optionalValue,
  parseMagentoDate,
  requiredValue,
  type Check,
} from './magento-values.js'
import { FORBIDDEN_KEYS, MAX_DEPTH, RULES, describeValue, findStructuralProblems, problem, problemsFromZod, type PayloadProblem } from './payload-problem.js'

/** Which kind of body a change arrived in. */
export type PayloadShape = 'observer' | 'plugin' | 'cloudevent' | 'product'

/** A stock item change (cataloginventory_stock_item_save_*): product id and/or SKU, quantity, status. */
export interface StockChange {
  productId?: number
  sku?: string
  qty: number
  isInStock: boolean
}

/** Where the change happened, from I/O Events' `_metadata` or the model's `store_id`. */
export interface ChangeMetadata {
  storeId?: string
  websiteId?: string
  commerceVersion?: string
  /** CloudEvent `recipient_client_id`: the route should check it is our client id. */
  recipientClientId?: string
}

/** One validated change, whatever shape it arrived in. */
export interface ParsedChange {
  shape: PayloadShape
  /** Commerce's `<type>.<event>` name, e.g. 'observer.catalog_product_save_after'; 'product' for plain products. */
  eventName: string
  action: ChangeAction
  /** Present except for stock events that carry only product_id. */
  sku?: string
  productId?: number
  /** The CloudEvent id; webhook hooks get theirs from the x-adobe-commerce-request-id header (the route adds it). */
  eventId?: string
  /** Magento's updated_at (UTC). */
  updatedAt?: Date
  /** REST-shaped (flat data converted), possibly partial: see isCompleteProduct. */
  product?: MagentoProduct
  stock?: StockChange
  metadata?: ChangeMetadata
}

/** The outcome of parseWebhookPayload: a change, or every problem found. */
export type ParseResult = { ok: true; change: ParsedChange } | { ok: false; problems: PayloadProblem[] }

type Path = readonly PropertyKey[]

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

const has = (record: Record<string, unknown>, key: string): boolean => Object.hasOwn(record, key) && record[key] !== undefined

/** A stock item as the stock observer events carry it (shape.observer.cataloginventory_stock_item_save_commit_after.json). */
const stockItemEventSchema = z.looseObject({
  product_id: optionalValue(checkInteger),
  sku: optionalValue(checkSku),
  qty: requiredValue(checkDecimal),
  is_in_stock: requiredValue(checkBoolean),
})

const SUPPORTED_LIST = [...SUPPORTED_EVENTS.keys()].join(', ')

/** An event name safe to echo in a message: quoted, escaped, and cut short. */
const quote = (name: string) => JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name)

/** The problem for a missing or non-object value where an object belongs. */
function objectProblem(value: unknown, path: Path, what: string): PayloadProblem {
  return value === undefined
    ? problem(path, RULES.required, `${what} is required`)
    : problem(path, RULES.object, `${what} must be an object, got ${describeValue(value)}`)
}

/**
 * Parses one webhook body into a change. Never throws: anything unexpected, hostile or malformed
 * comes back as problems, each with the path and the rule it broke, all of them at once.
 */
export function parseWebhookPayload(body: unknown): ParseResult {
  if (!isRecord(body)) return fail([problem([], RULES.object, `the body must be a JSON object, got ${describeValue(body)}`)])
  // Before zod: a `__proto__` key would otherwise be copied onto zod's output objects. The cheap
  // scan answers for the usual clean body; only a body it doubts pays for the paths.
  if (!isStructurallyClean(body, 0)) {
    const structural = findStructuralProblems(body)
    if (structural.length > 0) return fail(structural)
  }

  if (has(body, 'specversion')) return parseCloudEvent(body, [])
  if (has(body, 'eventName')) return parseObserver(body)
  if (isRecord(body.event)) return parseJournalEntry(body.event, ['event'])
  if (isRecord(body.product) || isRecord(body.result)) return parsePlugin(body)
  if (has(body, 'sku')) return parseProductBody(body)
  return fail([
    problem(
      [],
      RULES.unrecognised,
      'expected a Commerce webhook {eventName, data}, a plugin hook {product, saveOptions}, a CloudEvent {specversion, type, data} or a Magento product {sku, …}',
    ),
  ])
}

function fail(problems: PayloadProblem[]): ParseResult {
  return { ok: false, problems }
}

/** Validates product data at `path`, REST-shaped or flat; pushes problems with body paths. */
function parseProductAt(value: unknown, path: Path, problems: PayloadProblem[]): { product?: MagentoProduct; storeId?: string } {
  if (!isRecord(value)) {
    problems.push(objectProblem(value, path, 'the product'))
    return {}
  }
  if (isRestShaped(value)) {
    const checked = checkProduct(value)
    if (checked !== INVALID) return { product: checked }
    const parsed = magentoProductSchema.safeParse(value, { reportInput: true })
    if (parsed.success) return { product: parsed.data }
    problems.push(...problemsFromZod(parsed.error, path))
    return {}
  }
  const conversion = convertFlatProduct(value)
  const checked = checkProduct(conversion.rest)
  let product: MagentoProduct
  if (checked !== INVALID) product = checked
  else {
    const parsed = magentoProductSchema.safeParse(conversion.rest, { reportInput: true })
    if (!parsed.success) {
      problems.push(...problemsFromZod(parsed.error, path, conversion.origin))
      return {}
    }
    product = parsed.data
  }
  return conversion.storeId === undefined ? { product } : { product, storeId: conversion.storeId }
}

/** REST products carry custom attributes as a list and extras under extension_attributes; model data does not. */
function isRestShaped(value: Record<string, unknown>): boolean {
  return Array.isArray(value.custom_attributes) || isRecord(value.extension_attributes) || Array.isArray(value.media_gallery_entries)
}

/** Validates a stock item at `path`. */
function parseStockAt(value: unknown, path: Path, problems: PayloadProblem[]): StockChange | undefined {
  if (!isRecord(value)) {
    problems.push(objectProblem(value, path, 'the stock item'))
    return undefined
  }
  const parsed = stockItemEventSchema.safeParse(value, { reportInput: true })
  if (!parsed.success) {
    problems.push(...problemsFromZod(parsed.error, path))
    return undefined
  }
  const { product_id: productId, sku, qty, is_in_stock: isInStock } = parsed.data
  if (productId === undefined && sku === undefined) {
    problems.push(problem([...path, 'product_id'], RULES.required, 'a stock item needs product_id or sku'))
    return undefined
  }
  return { ...(productId !== undefined && { productId }), ...(sku !== undefined && { sku }), qty, isInStock }
}

/** Builds the change of a product event from validated parts. */
function productChange(
  shape: PayloadShape,
  eventName: string,
  action: ChangeAction,
  product: MagentoProduct,
  extra: { eventId?: string; metadata?: ChangeMetadata },
): ParsedChange {
  const updatedAt = parseMagentoDate(product.updated_at)
  const change: ParsedChange = { shape, eventName, action, sku: product.sku, product }
  if (product.id !== undefined) change.productId = product.id
  if (updatedAt !== undefined) change.updatedAt = updatedAt
  if (extra.eventId !== undefined) change.eventId = extra.eventId
  if (extra.metadata !== undefined && Object.keys(extra.metadata).length > 0) change.metadata = extra.metadata
  return change
}

/** Builds the change of a stock event. */
function stockChange(shape: PayloadShape, eventName: string, stock: StockChange, extra: { eventId?: string; metadata?: ChangeMetadata }): ParsedChange {
  const change: ParsedChange = { shape, eventName, action: 'stock', stock }
  if (stock.sku !== undefined) change.sku = stock.sku
  if (stock.productId !== undefined) change.productId = stock.productId
  if (extra.eventId !== undefined) change.eventId = extra.eventId
  if (extra.metadata !== undefined && Object.keys(extra.metadata).length > 0) change.metadata = extra.metadata
  return change
}

/** The first of `keys` that holds a value in `data`. */
const firstPresent = (data: Record<string, unknown>, keys: readonly string[]): string | undefined => keys.find((key) => has(data, key))

/** Commerce Webhooks observer hook: {eventName, data: {<event objects>}}. */
function parseObserver(body: Record<string, unknown>): ParseResult {
  const name = body.eventName
  if (typeof name !== 'string') return fail([problem(['eventName'], RULES.string, `eventName must be a string, got ${describeValue(name)}`)])
  const event = resolveEvent(name)
  if (event === undefined) {
    return fail([problem(['eventName'], RULES.unsupportedEvent, `unsupported event ${quote(name)}; supported: ${SUPPORTED_LIST}`)])
  }
  const data = body.data
  if (!isRecord(data)) return fail([objectProblem(data, ['data'], 'data')])
  const problems: PayloadProblem[] = []

  if (event.action === 'stock') {
    const key = firstPresent(data, ['stock_item', 'item', 'data_object']) ?? 'stock_item'
    const stock = parseStockAt(data[key], ['data', key], problems)
    return stock === undefined ? fail(problems) : { ok: true, change: stockChange('observer', event.eventName, stock, {}) }
  }
  const key = firstPresent(data, event.eventName === PRODUCT_REPOSITORY_SAVE ? ['result', 'product'] : ['product', 'data_object']) ?? 'product'
  const { product, storeId } = parseProductAt(data[key], ['data', key], problems)
  if (product === undefined) return fail(problems)
  const shape = event.eventName === PRODUCT_REPOSITORY_SAVE ? 'plugin' : 'observer'
  return { ok: true, change: productChange(shape, event.eventName, event.action, product, { metadata: storeId === undefined ? {} : { storeId } }) }
}

/**
 * Plugin hook on ProductRepositoryInterface::save: the method's arguments by name. An after-hook
 * also sends `result`, the saved product (with id and updated_at), which is preferred.
 */
function parsePlugin(body: Record<string, unknown>): ParseResult {
  const key = isRecord(body.result) && has(body.result, 'sku') ? 'result' : 'product'
  const problems: PayloadProblem[] = []
  const { product, storeId } = parseProductAt(body[key], [key], problems)
  if (product === undefined) return fail(problems)
  return { ok: true, change: productChange('plugin', PRODUCT_REPOSITORY_SAVE, 'upsert', product, { metadata: storeId === undefined ? {} : { storeId } }) }
}

/** A plain REST product from a gateway. */
function parseProductBody(body: Record<string, unknown>): ParseResult {
  const problems: PayloadProblem[] = []
  const { product } = parseProductAt(body, [], problems)
  if (product === undefined) return fail(problems)
  return { ok: true, change: productChange('product', PRODUCT_SNAPSHOT, 'upsert', product, {}) }
}

/** Reads I/O Events `_metadata` (and the envelope's recipient) into ChangeMetadata, reporting wrong types. */
function readMetadata(envelope: Record<string, unknown>, data: Record<string, unknown>, path: Path, problems: PayloadProblem[]): ChangeMetadata {
  const metadata: ChangeMetadata = {}
  const raw = data._metadata
  if (raw !== undefined && raw !== null) {
    if (!isRecord(raw)) problems.push(objectProblem(raw, [...path, 'data', '_metadata'], '_metadata'))
    else {
      for (const key of ['storeId', 'websiteId', 'commerceVersion'] as const) {
        const value = raw[key]
        if (value === undefined || value === null) continue
        if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) metadata[key] = String(value)
        else problems.push(problem([...path, 'data', '_metadata', key], RULES.string, `expected a string, got ${describeValue(value)}`))
      }
    }
  }
  if (typeof envelope.recipient_client_id === 'string') metadata.recipientClientId = envelope.recipient_client_id
  return metadata
}

/** Adobe I/O Events CloudEvent 1.0 carrying a Commerce observer event. */
function parseCloudEvent(body: Record<string, unknown>, base: Path): ParseResult {
  const problems: PayloadProblem[] = []
  if (body.specversion !== '1.0') {
    problems.push(problem([...base, 'specversion'], RULES.specVersion, `specversion ${describeValue(body.specversion)} is not supported`))
  }
  const id = body.id
  if (id === undefined || id === null) problems.push(problem([...base, 'id'], RULES.required, 'the CloudEvent id is required'))
  else if (typeof id !== 'string') problems.push(problem([...base, 'id'], RULES.string, `expected a string, got ${describeValue(id)}`))
  else if (id.trim() === '') problems.push(problem([...base, 'id'], RULES.notEmpty, 'the CloudEvent id is blank'))

  const type = body.type
  let event: ReturnType<typeof resolveEvent>
  if (type === undefined || type === null) problems.push(problem([...base, 'type'], RULES.required, 'the CloudEvent type is required'))
  else if (typeof type !== 'string') problems.push(problem([...base, 'type'], RULES.string, `expected a string, got ${describeValue(type)}`))
  else {
    // Only observer events: a plugin event's data is the method's arguments, not a product.
    const name = type.startsWith(CLOUDEVENT_TYPE_PREFIX) ? type.slice(CLOUDEVENT_TYPE_PREFIX.length) : undefined
    event = name?.startsWith('observer.') ? resolveEvent(name) : undefined
    if (event === undefined) problems.push(problem([...base, 'type'], RULES.unsupportedEvent, `unsupported event ${quote(type)}; supported: ${SUPPORTED_LIST} as com.adobe.commerce.<name>`))
  }

  const data = body.data
  if (!isRecord(data)) {
    problems.push(objectProblem(data, [...base, 'data'], 'data'))
    return fail(problems)
  }
  const metadata = readMetadata(body, data, base, problems)
  if (event === undefined) return fail(problems)
  const eventId = typeof id === 'string' ? id : undefined
  const valuePath = [...base, 'data', 'value']
  if (event.action === 'stock') {
    const stock = parseStockAt(data.value, valuePath, problems)
    if (stock === undefined || problems.length > 0) return fail(problems)
    return { ok: true, change: stockChange('cloudevent', event.eventName, stock, { eventId: eventId!, metadata }) }
  }
  const { product } = parseProductAt(data.value, valuePath, problems)
  if (product === undefined || problems.length > 0) return fail(problems)
  return { ok: true, change: productChange('cloudevent', event.eventName, event.action, product, { eventId: eventId!, metadata }) }
}

/**
 * An I/O Events journal entry's `event`: a full CloudEvent, or (as in the docs' sample event)
 * only its `data`, which is read as an upsert of the product in `data.value`.
 */
function parseJournalEntry(event: Record<string, unknown>, base: Path): ParseResult {
  if (has(event, 'specversion') || has(event, 'type')) return parseCloudEvent(event, base)
  const problems: PayloadProblem[] = []
  const data = event.data
  if (!isRecord(data)) return fail([objectProblem(data, [...base, 'data'], 'data')])
  const metadata = readMetadata(event, data, base, problems)
  const { product } = parseProductAt(data.value, [...base, 'data', 'value'], problems)
  if (product === undefined || problems.length > 0) return fail(problems)
  const eventId = typeof event.id === 'string' && event.id !== '' ? event.id : undefined
  return { ok: true, change: productChange('cloudevent', UNTYPED_JOURNAL_EVENT, 'upsert', product, eventId === undefined ? { metadata } : { eventId, metadata }) }
}

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
function checkProduct(value: unknown): MagentoProduct | Invalid {
  return looseObject(value, PRODUCT_FIELDS) as MagentoProduct | Invalid
}

/**
 * A REST product (a search page's item) as magentoProductSchema would output it, without zod's
 * cost; undefined when the schema must decide, and then report, what is wrong with it.
 */
export function checkRestProduct(value: unknown): MagentoProduct | undefined {
  // The schema drops a `__proto__` key that the fast path would copy: such data goes to the schema.
  if (!isStructurallyClean(value, 0)) return undefined
  const product = checkProduct(value)
  return product === INVALID ? undefined : product
}

/**
 * True when the body has no prototype-pollution key and no nesting beyond MAX_DEPTH: the same
 * test as findStructuralProblems, without building a path for every value. Recursion is bounded
 * by MAX_DEPTH, so a hostile nesting cannot overflow the stack.
 */
function isStructurallyClean(value: unknown, depth: number): boolean {
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
