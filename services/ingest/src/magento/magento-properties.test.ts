// Property-based tests: normalisation of any valid product, the flat → REST → JSON → parse round
// trip, and junk that must never make the parser throw.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { flatToRestProduct } from './flat-product.js'
import { isInternalAttribute } from './internal-attributes.js'
import { magentoProductSchema } from './magento-product.js'
import { skuViolation } from './magento-values.js'
import { normaliseProduct, type NormaliseContext } from './normalise-product.js'
import { avroProblems, productChangedType, readFixture } from './test-fixtures.js'
import { parseWebhookPayload } from './webhook-payload.js'

const avroType = productChangedType()

const sku = fc.string({ minLength: 1, maxLength: 64 }).filter((s) => skuViolation(s) === undefined)
const text = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '')
const id = fc.integer({ min: 0, max: 2 ** 31 })
const position = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })
const amount = fc.double({ min: 0, max: 1e13, noNaN: true, noDefaultInfinity: true })
const magentoDate = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 19).replace('T', ' '))
const attributeCode = fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/).filter((c) => c !== 'constructor' && c !== 'prototype')
const optionIds = fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 3 }).map((ids) => ids.join(','))
const attributeValue = fc.oneof(optionIds, fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer({ min: 0, max: 300 }))))
const mediaFile = fc.array(fc.stringMatching(/^[a-z0-9_-]{1,8}$/), { minLength: 1, maxLength: 3 }).map((parts) => `/${parts.join('/')}.jpg`)

/** Valid REST products, everything but the fields the record needs optional. */
const restProduct = fc.record(
  {
    id,
    sku,
    name: text,
    attribute_set_id: id,
    price: amount,
    status: fc.constantFrom(1, 2),
    visibility: fc.constantFrom(1, 2, 3, 4),
    type_id: fc.constantFrom('simple', 'configurable', 'virtual', 'bundle', 'grouped', 'downloadable'),
    created_at: magentoDate,
    updated_at: magentoDate,
    weight: amount,
    extension_attributes: fc.record(
      {
        website_ids: fc.array(id, { maxLength: 3 }),
        category_links: fc.array(fc.record({ position: fc.option(position, { nil: undefined }), category_id: fc.oneof(id, id.map(String)) }), { maxLength: 4 }),
        stock_item: fc.record({ qty: amount, is_in_stock: fc.boolean(), manage_stock: fc.option(fc.boolean(), { nil: undefined }) }),
        configurable_product_options: fc.array(
          fc.record({ attribute_id: fc.oneof(id, id.map(String)), label: fc.option(text, { nil: undefined }), position: fc.option(position, { nil: undefined }), values: fc.array(fc.record({ value_index: id })) }),
          { maxLength: 3 },
        ),
        configurable_product_links: fc.array(id, { maxLength: 4 }),
      },
      { requiredKeys: [] },
    ),
    media_gallery_entries: fc.array(
      fc.record({
        id: fc.option(id, { nil: undefined }),
        media_type: fc.constantFrom('image', 'external-video'),
        label: fc.option(fc.string({ maxLength: 10 }), { nil: null }),
        position: fc.option(position, { nil: null }),
        disabled: fc.option(fc.boolean(), { nil: null }),
        types: fc.subarray(['image', 'small_image', 'thumbnail', 'swatch_image']),
        file: fc.option(mediaFile, { nil: undefined }),
      }),
      { maxLength: 4 },
    ),
    custom_attributes: fc.array(fc.record({ attribute_code: attributeCode, value: attributeValue }), { maxLength: 8 }),
  },
  { requiredKeys: ['sku', 'name', 'status', 'visibility', 'type_id'] },
)

const labels = new Map([['1', 'One'], ['2', 'Two'], ['7', ' ']])
const context: NormaliseContext = {
  storeCode: 'default',
  currency: 'EUR',
  weightUnit: 'LB',
  mediaBaseUrl: 'https://shop.example/media',
  optionLabels: (code) => Promise.resolve(code.length % 2 === 0 ? labels : undefined),
  category: (categoryId) => Promise.resolve(categoryId % 2 === 0 ? { name: `c${categoryId}`, path: ['root', `c${categoryId}`] } : undefined),
  salableQty: (s) => Promise.resolve(s.length % 2 === 0 ? { qty: 1.5, stockId: 2 } : undefined),
  childSkus: (ids) => Promise.resolve(ids.map((childId) => `child-${childId}`)),
  attributeCode: (attributeId) => Promise.resolve(attributeId % 2 === 0 ? `attr${attributeId}` : undefined),
}

describe('properties', () => {
  it('normalises every valid REST product into an Avro-valid record without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(restProduct, async (input) => {
        const product = magentoProductSchema.parse(input)
        const canonical = await normaliseProduct(product, context)
        const event = { eventId: 'e', source: 'webhook', magentoUpdatedAt: new Date(0), observedAt: new Date(0), product: canonical }
        expect(avroProblems(avroType, event)).toEqual([])
        expect(canonical.sku).toBe(input.sku)
        if (canonical.price !== null) expect(canonical.price.amount).toMatch(/^\d+\.\d{2,4}$/)
      }),
      { numRuns: 300 },
    )
  })

  it('parses a serialised product back to the same product (the schema is idempotent)', () => {
    fc.assert(
      fc.property(restProduct, (input) => {
        const product = magentoProductSchema.parse(input)
        const change = parseWebhookPayload(JSON.parse(JSON.stringify(product)))
        expect(change.ok && change.change.product).toEqual(product)
      }),
      { numRuns: 200 },
    )
  })

  const decimalText = fc.tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 999_999 })).map(([i, f]) => `${i}.${String(f).padStart(6, '0')}`)
  const flatProduct = fc.record({
    entity_id: id.map(String),
    sku,
    name: text,
    type_id: fc.constantFrom('simple', 'virtual'),
    status: fc.constantFrom('1', '2'),
    visibility: fc.constantFrom('1', '2', '3', '4'),
    price: decimalText,
    updated_at: magentoDate,
    category_ids: fc.array(id.map(String), { maxLength: 3 }),
    website_ids: fc.dictionary(fc.integer({ min: 1, max: 9 }).map(String), fc.constant('1'), { maxKeys: 3 }),
    quantity_and_stock_status: fc.record({ qty: decimalText, is_in_stock: fc.constantFrom('0', '1') }),
    color: optionIds,
    _edit_mode: fc.boolean(),
    can_save_custom_options: fc.boolean(),
    news_from_date_is_formated: fc.boolean(),
    current_store_id: fc.constant('0'),
  })

  it('round-trips flat data through REST, JSON and the parser, keeping the fields that matter', () => {
    fc.assert(
      fc.property(flatProduct, (flat) => {
        const rest = flatToRestProduct(flat)
        const parsed = parseWebhookPayload(JSON.parse(JSON.stringify({ eventName: 'observer.catalog_product_save_after', data: { product: rest } })))
        if (!parsed.ok) expect.fail(JSON.stringify(parsed.problems))
        const product = parsed.change.product!
        expect(product).toEqual(rest)
        // And the same as parsing the flat data directly.
        const direct = parseWebhookPayload({ eventName: 'observer.catalog_product_save_after', data: { product: flat } })
        expect(direct.ok && direct.change.product).toEqual(rest)
        expect(parsed.change).toMatchObject({ sku: flat.sku, productId: Number(flat.entity_id), updatedAt: new Date(`${flat.updated_at.replace(' ', 'T')}Z`) })
        expect(product.price).toBe(Number(flat.price))
        expect(product.status).toBe(Number(flat.status))
        expect(product.visibility).toBe(Number(flat.visibility))
        expect(product.extension_attributes?.stock_item).toEqual({ qty: Number(flat.quantity_and_stock_status.qty), is_in_stock: flat.quantity_and_stock_status.is_in_stock === '1' })
        expect(product.extension_attributes?.website_ids).toEqual(Object.keys(flat.website_ids).map(Number))
        const codes = product.custom_attributes!.map((a) => a.attribute_code)
        expect(codes).toContain('color')
        expect(codes.filter(isInternalAttribute)).toEqual([])
      }),
      { numRuns: 200 },
    )
  })

  const expectProblemsOrChange = (body: unknown) => {
    const result = parseWebhookPayload(body)
    if (result.ok) expect(['observer', 'plugin', 'cloudevent', 'product']).toContain(result.change.shape)
    else {
      expect(result.problems.length).toBeGreaterThan(0)
      for (const p of result.problems) expect(typeof p.path === 'string' && typeof p.rule === 'string' && typeof p.message === 'string').toBe(true)
    }
  }

  it('never throws on arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), expectProblemsOrChange), { numRuns: 1000 })
  })

  it('never throws on arbitrary JavaScript values, including null-prototype objects and odd keys', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true }), expectProblemsOrChange), { numRuns: 500 })
  })

  it('never throws when known fields of real payloads hold junk', () => {
    const flat = (readFixture('adobe-commerce/io-events/observer.catalog_product_save_after.full-payload.json') as { event: { data: { value: Record<string, unknown> } } }).event.data.value
    const rest = readFixture('magento-rest/examples/POST_V1_products.simple-child.response.json') as Record<string, unknown>
    const envelope = readFixture('adobe-commerce/io-events/cloudevent.observer.catalog_product_save_commit_after.json') as Record<string, unknown>
    const junk = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), fc.jsonValue(), { maxKeys: 4 })
    fc.assert(
      fc.property(junk(Object.keys(flat)), junk(Object.keys(rest)), junk([...Object.keys(envelope), 'eventName', 'product', 'result']), (flatJunk, restJunk, envelopeJunk) => {
        expectProblemsOrChange({ eventName: 'observer.catalog_product_save_after', data: { product: { ...flat, ...flatJunk } } })
        expectProblemsOrChange({ ...rest, ...restJunk })
        expectProblemsOrChange({ ...envelope, ...envelopeJunk })
        expectProblemsOrChange({ product: { ...rest, ...restJunk }, saveOptions: false })
      }),
      { numRuns: 300 },
    )
  })
})
