import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { convertFlatProduct } from './flat-product.js'
import { magentoProductSchema } from './magento-product.js'
import { isCompleteProduct } from './normalise-product.js'
import { problemsFromZod } from './payload-problem.js'
import { readFixture } from './test-fixtures.js'
import { checkRestProduct } from './magento-product-check.js'
import { parseWebhookPayload, type ParsedChange, type ParseResult } from './webhook-payload.js'

const FULL_PAYLOAD = 'adobe-commerce/io-events/observer.catalog_product_save_after.full-payload.json'
const CLOUDEVENT = 'adobe-commerce/io-events/cloudevent.observer.catalog_product_save_commit_after.json'
const STOCK_SHAPE = 'adobe-commerce/io-events/shape.observer.cataloginventory_stock_item_save_commit_after.json'

/** The real flat model data of the docs' full observer payload. */
const flatProduct = () => (readFixture(FULL_PAYLOAD) as { event: { data: { value: Record<string, unknown> } } }).event.data.value

function expectChange(result: ParseResult): ParsedChange {
  if (!result.ok) expect.fail(`expected a change, got problems: ${JSON.stringify(result.problems)}`)
  return result.change
}

function problemsOf(result: ParseResult): { path: string; rule: string }[] {
  if (result.ok) expect.fail(`expected problems, got a ${result.change.shape} change`)
  return result.problems.map(({ path, rule }) => ({ path, rule }))
}

/**
 * A stock item built from the field list of the events reference (the fixture gives type names,
 * not data): every listed field gets a plausible value of its type.
 */
function constructedStockItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const shape = readFixture(STOCK_SHAPE) as Record<string, string>
  const sample: Record<string, unknown> = { int: '3', float: '12.0000', bool: '1', boolean: false, string: '', array: [] }
  const item = Object.fromEntries(Object.entries(shape).map(([key, typeName]) => [key, sample[typeName]]))
  return { ...item, product_id: '3', qty: '12.0000', is_in_stock: '1', ...overrides }
}

describe('parseWebhookPayload: real fixtures', () => {
  it('reads the I/O Events CloudEvent (selected fields) as a partial upsert with its id and metadata', () => {
    const change = expectChange(parseWebhookPayload(readFixture(CLOUDEVENT)))
    expect(change).toMatchObject({
      shape: 'cloudevent',
      eventName: 'observer.catalog_product_save_commit_after',
      action: 'upsert',
      sku: 'eventtest1',
      eventId: '23f76cef-9f14-44b1-bbd0-29995789c98e',
      updatedAt: new Date('2025-07-17T15:48:41Z'),
      metadata: { storeId: '0', websiteId: '0', commerceVersion: '1.0.0-beta', recipientClientId: 'ca7b36f23be94dcb9d2ebb97f0276e3f' },
    })
    expect(change.product).toMatchObject({ sku: 'eventtest1', name: 'eventtest r', price: 32444, extension_attributes: { stock_item: { qty: 65 } } })
    expect(isCompleteProduct(change.product!)).toBe(false)
  })

  it('reads the journal form of the full observer payload as a complete upsert of the flat product', () => {
    const change = expectChange(parseWebhookPayload(readFixture(FULL_PAYLOAD)))
    expect(change).toMatchObject({ shape: 'cloudevent', eventName: 'journal.untyped', action: 'upsert', sku: 'test2', productId: 3 })
    expect(change.updatedAt).toEqual(new Date('2022-09-06T20:37:25Z'))
    expect(change.metadata).toEqual({ storeId: '0', websiteId: '1', commerceVersion: '2.4.6-beta5' })
    expect(isCompleteProduct(change.product!)).toBe(true)
  })

  it.each([
    'POST_V1_products.simple-child.response.json',
    'POST_V1_products.configurable-parent.response.json',
    'POST_V1_products.bundle.response.json',
    'POST_V1_products.grouped-example.json',
    'POST_V1_products.store-scope-media.response.json',
  ])('reads the REST product %s as a plain product upsert', (file) => {
    const body = readFixture(`magento-rest/examples/${file}`) as { sku: string; id?: number }
    const change = expectChange(parseWebhookPayload(body))
    expect(change).toMatchObject({ shape: 'product', eventName: 'product', action: 'upsert', sku: body.sku })
    expect(change.productId).toBe(body.id)
  })

  it.each(['POST_V1_products.simple-child.request.json', 'POST_V1_products.configurable-parent.request.json', 'POST_V1_products.media_gallery_entries.request.json'])(
    'reads the {product} body %s (the repository save arguments) as a plugin upsert',
    (file) => {
      const body = readFixture(`magento-rest/examples/${file}`) as { product: { sku: string } }
      const change = expectChange(parseWebhookPayload(body))
      expect(change).toMatchObject({ shape: 'plugin', eventName: 'plugin.magento.catalog.api.product_repository.save', sku: body.product.sku })
    },
  )

  it('coerces REST text numbers of a request body ("weight": "0.5", "qty": "10")', () => {
    const change = expectChange(parseWebhookPayload(readFixture('magento-rest/examples/POST_V1_products.simple-child.request.json')))
    expect(change.product).toMatchObject({ weight: 0.5, extension_attributes: { stock_item: { qty: 10, is_in_stock: true } } })
  })

  it('reads the configurable options fragment inside a product', () => {
    const extension = readFixture('magento-rest/examples/GET_V1_products_MS-Champ.extension_attributes.fragment.json')
    const change = expectChange(parseWebhookPayload({ sku: 'MS-Champ', type_id: 'configurable', extension_attributes: extension }))
    expect(change.product?.extension_attributes?.configurable_product_options?.[0]).toMatchObject({ attribute_id: 141, label: 'Size', values: [{ value_index: 168 }, { value_index: 169 }, { value_index: 170 }] })
    expect(change.product?.extension_attributes?.configurable_product_links).toEqual([2079, 2080, 2081])
  })
})

describe('parseWebhookPayload: constructed hook shapes around real product data', () => {
  it.each(['observer.catalog_product_save_after', 'observer.catalog_product_save_commit_after', 'catalog_product_save_after'])(
    'reads an observer hook %s with the flat product under data.product',
    (eventName) => {
      const change = expectChange(parseWebhookPayload({ eventName, data: { product: flatProduct() } }))
      expect(change).toMatchObject({ shape: 'observer', action: 'upsert', sku: 'test2', productId: 3, metadata: { storeId: '0' } })
      expect(change.eventName).toBe(eventName.startsWith('observer.') ? eventName : `observer.${eventName}`)
      expect(change.eventId).toBeUndefined()
    },
  )

  it('reads the product under data.data_object', () => {
    const change = expectChange(parseWebhookPayload({ eventName: 'observer.catalog_product_save_after', data: { data_object: flatProduct() } }))
    expect(change.sku).toBe('test2')
  })

  it.each(['observer.catalog_product_delete_after', 'observer.catalog_product_delete_commit_after'])('reads %s as a delete', (eventName) => {
    const change = expectChange(parseWebhookPayload({ eventName, data: { product: flatProduct() } }))
    expect(change).toMatchObject({ action: 'delete', sku: 'test2', productId: 3 })
  })

  it.each(['stock_item', 'item', 'data_object'])('reads a stock item event with the item under data.%s', (key) => {
    const change = expectChange(parseWebhookPayload({ eventName: 'observer.cataloginventory_stock_item_save_commit_after', data: { [key]: constructedStockItem() } }))
    expect(change).toMatchObject({ shape: 'observer', action: 'stock', productId: 3, stock: { productId: 3, qty: 12, isInStock: true } })
    expect(change.sku).toBeUndefined()
  })

  it('takes the SKU of a stock event when it carries one', () => {
    const change = expectChange(parseWebhookPayload({ eventName: 'observer.cataloginventory_stock_item_save_after', data: { stock_item: constructedStockItem({ sku: 'test2', is_in_stock: false }) } }))
    expect(change).toMatchObject({ sku: 'test2', stock: { sku: 'test2', isInStock: false } })
  })

  it('reads a stock CloudEvent', () => {
    const envelope = readFixture(CLOUDEVENT) as Record<string, unknown> & { data: Record<string, unknown> }
    const body = { ...envelope, type: 'com.adobe.commerce.observer.cataloginventory_stock_item_save_commit_after', data: { ...envelope.data, value: constructedStockItem() } }
    expect(expectChange(parseWebhookPayload(body))).toMatchObject({ shape: 'cloudevent', action: 'stock', eventId: envelope.id, stock: { productId: 3, qty: 12 } })
  })

  it('reads a plugin after-hook, preferring the saved result over the argument', () => {
    const saved = readFixture('magento-rest/examples/POST_V1_products.simple-child.response.json')
    const argument = (readFixture('magento-rest/examples/POST_V1_products.simple-child.request.json') as { product: unknown }).product
    const change = expectChange(parseWebhookPayload({ product: argument, saveOptions: false, subject: [], result: saved }))
    expect(change).toMatchObject({ shape: 'plugin', sku: 'MS-Champ-S', productId: 2079, updatedAt: new Date('2017-11-29T20:40:07Z') })
  })

  it('reads a plugin before-hook whose product is flat model data', () => {
    const change = expectChange(parseWebhookPayload({ product: flatProduct(), saveOptions: false }))
    expect(change).toMatchObject({ shape: 'plugin', sku: 'test2', productId: 3 })
    expect(change.product?.custom_attributes?.map((a) => a.attribute_code)).toContain('url_key')
  })

  it('reads a full CloudEvent inside a journal entry', () => {
    const change = expectChange(parseWebhookPayload({ position: 'p1', event: readFixture(CLOUDEVENT) }))
    expect(change).toMatchObject({ shape: 'cloudevent', eventName: 'observer.catalog_product_save_commit_after', sku: 'eventtest1' })
  })
})

describe('parseWebhookPayload: hostile and malformed input', () => {
  const observer = (product: Record<string, unknown>) => ({ eventName: 'observer.catalog_product_save_after', data: { product } })

  it.each([null, [], 'text', 42, true])('refuses a body that is not an object (%j)', (body) => {
    expect(problemsOf(parseWebhookPayload(body))).toEqual([{ path: '(root)', rule: 'must be a JSON object' }])
  })

  it('refuses an unrecognisable object', () => {
    expect(problemsOf(parseWebhookPayload({ hello: 'world' }))).toEqual([{ path: '(root)', rule: 'unrecognised payload' }])
  })

  it('lists every failing path at once', () => {
    const result = parseWebhookPayload(observer({ price: '-1', status: '7', visibility: 'x', updated_at: '2024-02-31 10:00:00' }))
    expect(problemsOf(result)).toEqual(
      expect.arrayContaining([
        { path: 'data.product.sku', rule: 'required' },
        { path: 'data.product.price', rule: 'must be a number >= 0' },
        { path: 'data.product.status', rule: 'must be 1 (enabled) or 2 (disabled)' },
        { path: 'data.product.visibility', rule: 'must be an integer from 1 to 4' },
        { path: 'data.product.updated_at', rule: 'must be a date "YYYY-MM-DD HH:MM:SS"' },
      ]),
    )
    expect(problemsOf(result)).toHaveLength(5)
  })

  it.each([
    ['a negative price', -0.01, 'must be a number >= 0'],
    ['a word', 'abc', 'must be a number >= 0'],
    ['"NaN"', 'NaN', 'must be a number >= 0'],
    ['"Infinity"', 'Infinity', 'must be a number >= 0'],
    ['"1e999"', '1e999', 'must be a number >= 0'],
    ['"1e3" (exponent text)', '1e3', 'must be a number >= 0'],
    ['"0x10" (hex)', '0x10', 'must be a number >= 0'],
    ['" 12" (padded)', ' 12', 'must be a number >= 0'],
    ['Infinity (a number)', Number.POSITIVE_INFINITY, 'must be a number >= 0'],
    ['NaN (a number)', Number.NaN, 'must be a number >= 0'],
    ['a huge number', 1e300, 'must be less than 100000000000000'],
    ['a 400-digit integer', '9'.repeat(400), 'must be a number >= 0'],
    ['an object', { value: 1 }, 'must be a number >= 0'],
    ['a boolean', true, 'must be a number >= 0'],
  ])('refuses %s as a price', (_label, price, rule) => {
    expect(problemsOf(parseWebhookPayload({ sku: 'S1', price }))).toEqual([{ path: 'price', rule }])
  })

  it.each([
    ['negative', '-3'],
    ['non-finite', 'Infinity'],
    ['exponent', '1e999'],
  ])('refuses a %s stock quantity', (_label, qty) => {
    const body = { eventName: 'observer.cataloginventory_stock_item_save_after', data: { stock_item: constructedStockItem({ qty }) } }
    expect(problemsOf(parseWebhookPayload(body))).toEqual([{ path: 'data.stock_item.qty', rule: 'must be a number >= 0' }])
  })

  it('reports flat product problems at the flat keys Magento sent', () => {
    const flat = { ...flatProduct(), entity_id: 'abc', stock_data: { qty: '-5', is_in_stock: 'maybe' }, category_ids: ['4', 'x'], website_ids: { one: '1' } }
    expect(problemsOf(parseWebhookPayload(observer(flat)))).toEqual(
      expect.arrayContaining([
        { path: 'data.product.entity_id', rule: 'must be an integer >= 0' },
        { path: 'data.product.stock_data.qty', rule: 'must be a number >= 0' },
        { path: 'data.product.stock_data.is_in_stock', rule: 'must be a boolean (true, false, 0 or 1)' },
        { path: 'data.product.category_ids.1', rule: 'must be an integer >= 0' },
        { path: 'data.product.website_ids.one', rule: 'must be an integer >= 0' },
      ]),
    )
  })

  it.each([
    ['empty', '', 'must not be empty'],
    ['blank', '   ', 'must not be empty'],
    ['65 characters', 'x'.repeat(65), 'must be at most 64 characters'],
    ['a NUL', 'ab\u0000c', 'must not contain control characters'],
    ['a newline', 'ab\nc', 'must not contain control characters'],
    ['a C1 control', 'ab\u0085c', 'must not contain control characters'],
    ['a line separator', 'ab\u2028c', 'must not contain control characters'],
    ['a number', 123, 'must be a string'],
  ])('refuses a SKU that is %s', (_label, sku, rule) => {
    expect(problemsOf(parseWebhookPayload(observer({ sku })))).toEqual([{ path: 'data.product.sku', rule }])
    expect(problemsOf(parseWebhookPayload({ sku }))).toEqual([{ path: 'sku', rule }])
  })

  it('accepts a SKU of exactly 64 characters, counting astral characters once', () => {
    expect(parseWebhookPayload({ sku: 'x'.repeat(64) }).ok).toBe(true)
    expect(parseWebhookPayload({ sku: '😀'.repeat(64) }).ok).toBe(true)
    expect(problemsOf(parseWebhookPayload({ sku: '😀'.repeat(65) }))).toEqual([{ path: 'sku', rule: 'must be at most 64 characters' }])
  })

  it('refuses a stock event without product_id or sku', () => {
    const item = constructedStockItem()
    delete item.product_id
    const body = { eventName: 'observer.cataloginventory_stock_item_save_after', data: { stock_item: item } }
    expect(problemsOf(parseWebhookPayload(body))).toEqual([{ path: 'data.stock_item.product_id', rule: 'required' }])
  })

  it.each([
    ['__proto__ at the top', '{"__proto__": {"polluted": true}, "sku": "S1"}', '__proto__'],
    ['__proto__ inside the product', '{"eventName": "observer.catalog_product_save_after", "data": {"product": {"sku": "S1", "__proto__": {"x": 1}}}}', 'data.product.__proto__'],
    ['constructor inside an array', '{"sku": "S1", "custom_attributes": [{"attribute_code": "a", "value": "1", "constructor": {"prototype": {}}}]}', 'custom_attributes.0.constructor'],
    ['prototype', '{"sku": "S1", "extension_attributes": {"prototype": 1}}', 'extension_attributes.prototype'],
  ])('refuses the prototype-pollution key %s', (_label, json, path) => {
    const body = JSON.parse(json) as unknown
    expect(problemsOf(parseWebhookPayload(body))).toEqual([{ path, rule: 'forbidden key' }])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('requires a custom attribute value and wrong container types, naming each path', () => {
    const body = { sku: 'S', custom_attributes: [{ attribute_code: 'a' }], media_gallery_entries: 'x', extension_attributes: { website_ids: 'x' } }
    expect(problemsOf(parseWebhookPayload(body))).toEqual([
      { path: 'extension_attributes.website_ids', rule: 'must be an array' },
      { path: 'media_gallery_entries', rule: 'must be an array' },
      { path: 'custom_attributes.0.value', rule: 'required' },
    ])
  })

  it('refuses "constructor" as a custom attribute code', () => {
    const body = { sku: 'S1', custom_attributes: [{ attribute_code: 'constructor', value: '1' }] }
    expect(problemsOf(parseWebhookPayload(body))).toEqual([{ path: 'custom_attributes.0.attribute_code', rule: 'forbidden key' }])
  })

  it('refuses a media path that climbs out of catalog/product', () => {
    const body = { sku: 'S1', media_gallery_entries: [{ media_type: 'image', label: null, position: 1, disabled: false, types: [], file: '/../../../etc/passwd' }] }
    expect(problemsOf(parseWebhookPayload(body))).toEqual([{ path: 'media_gallery_entries.0.file', rule: 'must be a media path like "/m/j/file.jpg"' }])
  })

  it('refuses an unknown observer event, naming it', () => {
    const result = parseWebhookPayload({ eventName: 'observer.sales_order_place_after', data: { order: {} } })
    expect(problemsOf(result)).toEqual([{ path: 'eventName', rule: 'unsupported event' }])
    expect(result.ok ? '' : result.problems[0]!.message).toContain('"observer.sales_order_place_after"')
  })

  it('refuses an unknown CloudEvent type and a plugin event dressed as one', () => {
    const envelope = readFixture(CLOUDEVENT) as Record<string, unknown>
    for (const type of ['com.adobe.commerce.observer.customer_save_after', 'com.example.product', 'com.adobe.commerce.plugin.magento.catalog.api.product_repository.save']) {
      expect(problemsOf(parseWebhookPayload({ ...envelope, type }))).toEqual([{ path: 'type', rule: 'unsupported event' }])
    }
  })

  it('lists every envelope problem of a CloudEvent', () => {
    const envelope = readFixture(CLOUDEVENT) as Record<string, unknown>
    const withoutId = Object.fromEntries(Object.entries(envelope).filter(([key]) => key !== 'id'))
    expect(problemsOf(parseWebhookPayload({ ...withoutId, specversion: '0.3', data: { value: { sku: '' }, _metadata: { storeId: {} } } }))).toEqual([
      { path: 'specversion', rule: 'must be "1.0"' },
      { path: 'id', rule: 'required' },
      { path: 'data._metadata.storeId', rule: 'must be a string' },
      { path: 'data.value.sku', rule: 'must not be empty' },
    ])
  })

  it('refuses an observer hook without data or product', () => {
    expect(problemsOf(parseWebhookPayload({ eventName: 'observer.catalog_product_save_after' }))).toEqual([{ path: 'data', rule: 'required' }])
    expect(problemsOf(parseWebhookPayload({ eventName: 'observer.catalog_product_save_after', data: {} }))).toEqual([{ path: 'data.product', rule: 'required' }])
    expect(problemsOf(parseWebhookPayload({ eventName: 42, data: {} }))).toEqual([{ path: 'eventName', rule: 'must be a string' }])
  })

  it('refuses nesting deeper than 32 levels without overflowing the stack', () => {
    let deep: unknown = 'x'
    for (let level = 0; level < 100_000; level++) deep = { a: deep }
    const problems = problemsOf(parseWebhookPayload({ sku: 'S1', deep }))
    expect(problems).toHaveLength(1)
    expect(problems[0]!.rule).toBe('too deeply nested')
  })

  it('refuses a cyclic object instead of looping', () => {
    const body: Record<string, unknown> = { sku: 'S1' }
    body.self = body
    expect(problemsOf(parseWebhookPayload(body))[0]!.rule).toBe('too deeply nested')
  })
})

describe('parseWebhookPayload: the fast product check and magentoProductSchema agree', () => {
  // Values each valid for some fields and junk for others: ids, decimals in text, flags, dates,
  // SKUs, media paths, attribute codes, category id lists, containers of the wrong type.
  const leaf = fc.constantFrom<unknown>(
    null, 0, 1, 2, 3, 4, 7, -1, 1.5, -0.5, 2 ** 31, 2 ** 53, 1e14, Number.NaN, Number.POSITIVE_INFINITY,
    '', ' ', '0', '1', '2', '12.500000', '-3', '1e3', '0x10', ' 12', 'abc', 'x'.repeat(70), 'a\u0000b',
    true, false, [], {}, ['1', 2], [1, 'x'], { a: [1, { b: null }] },
    '2024-03-06 12:01:00', '2024-02-31 10:00:00', '2024-03-06T12:01:00+02:00',
    '/m/j/a.jpg', '/../etc/passwd', 'm/j/a.jpg', 'color', 'category_ids', 'constructor', '1,2', '1,x',
    // Values no JSON body holds, which callers in code might pass.
    new Date(0), Object.assign(Object.create(null) as object, { a: 1 }), { [Symbol('s')]: 1 }, Object.create({ inherited: 1 }) as object,
  )

  /** Products shaped like the schema, from its own definition, so a field added to it is covered here. */
  function like(schema: z.core.$ZodType): fc.Arbitrary<unknown> {
    const def = schema._zod.def as unknown as { type: string; shape?: Record<string, z.core.$ZodType>; innerType?: z.core.$ZodType; element?: z.core.$ZodType; in?: z.core.$ZodType }
    switch (def.type) {
      case 'object': {
        const shape = def.shape!
        const keys = Object.keys(shape)
        // A few fields per object, so that many products are valid and both paths are exercised.
        return fc.subarray(keys, { maxLength: Math.min(3, keys.length) }).chain((keys) => fc.record(Object.fromEntries(keys.map((key) => [key, like(shape[key]!)]))))
      }
      case 'optional':
      case 'nullable':
        return like(def.innerType!)
      case 'array':
        return fc.oneof({ arbitrary: fc.array(like(def.element!), { maxLength: 3 }), weight: 3 }, { arbitrary: leaf, weight: 1 })
      case 'pipe':
        return like(def.in!)
      default:
        return leaf
    }
  }

  const base = readFixture('magento-rest/examples/POST_V1_products.simple-child.response.json') as Record<string, unknown>
  const product = fc.oneof(
    like(magentoProductSchema).map((fields) => ({ ...base, ...(fields as Record<string, unknown>) })),
    like(magentoProductSchema),
  )

  /** What the schema alone makes of product data, REST-shaped or flat. */
  function bySchema(value: Record<string, unknown>) {
    const restShaped = Array.isArray(value.custom_attributes) || (typeof value.extension_attributes === 'object' && value.extension_attributes !== null && !Array.isArray(value.extension_attributes)) || Array.isArray(value.media_gallery_entries)
    if (restShaped) return { parsed: magentoProductSchema.safeParse(value, { reportInput: true }), origin: (path: readonly PropertyKey[]) => path }
    const conversion = convertFlatProduct(value)
    return { parsed: magentoProductSchema.safeParse(conversion.rest, { reportInput: true }), origin: conversion.origin }
  }

  it('accepts exactly what the schema accepts, with the same output, and reports the same problems', () => {
    let accepted = 0
    fc.assert(
      fc.property(product, (value) => {
        const { parsed, origin } = bySchema(value as Record<string, unknown>)
        const result = parseWebhookPayload({ product: value, saveOptions: true })
        if (parsed.success) {
          accepted++
          expect(expectChange(result).product).toEqual(parsed.data)
        } else {
          expect(result).toEqual({ ok: false, problems: problemsFromZod(parsed.error, ['product'], origin) })
        }
        // The same check on REST search items (backfill, reconcile): the schema's output or nothing.
        const rest = checkRestProduct(value)
        if (rest !== undefined) expect(magentoProductSchema.parse(value)).toEqual(rest)
      }),
      { numRuns: 1000 },
    )
    // Both outcomes must be common, or the property proves little.
    expect(accepted).toBeGreaterThan(100)
    expect(accepted).toBeLessThan(900)
  })

  it('leaves REST data with a __proto__ key to the schema, which drops the key', () => {
    expect(checkRestProduct(JSON.parse('{"sku": "S1", "__proto__": {"x": 1}}'))).toBeUndefined()
  })

  it('gives the catalog products the schema output', () => {
    for (const file of ['POST_V1_products.simple-child.response.json', 'POST_V1_products.configurable-parent.response.json', 'POST_V1_products.bundle.response.json', 'POST_V1_products.store-scope-media.response.json']) {
      const value = readFixture(`magento-rest/examples/${file}`)
      expect(expectChange(parseWebhookPayload({ product: value, saveOptions: true })).product).toEqual(magentoProductSchema.parse(value))
      expect(checkRestProduct(value)).toEqual(magentoProductSchema.parse(value))
    }
  })
})
