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
import { checkProductFields, isStructurallyClean } from './magento-product-check.js'
import { checkBoolean, checkDecimal, checkInteger, checkSku, optionalValue, parseMagentoDate, requiredValue } from './magento-values.js'
import { RULES, describeValue, findStructuralProblems, problem, problemsFromZod, type PayloadProblem } from './payload-problem.js'

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
  if (!isStructurallyClean(body)) {
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
    const checked = checkProductFields(value)
    if (checked !== undefined) return { product: checked }
    const parsed = magentoProductSchema.safeParse(value, { reportInput: true })
    if (parsed.success) return { product: parsed.data }
    problems.push(...problemsFromZod(parsed.error, path))
    return {}
  }
  const conversion = convertFlatProduct(value)
  const checked = checkProductFields(conversion.rest)
  let product: MagentoProduct
  if (checked !== undefined) product = checked
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
