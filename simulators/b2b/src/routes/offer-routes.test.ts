import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createB2bSimulator, type B2bSimulator, type B2bSimulatorOptions } from '../app.js'
import { fixturesDir } from '../fixtures-dir.js'
import { loadMarketplaceConfig } from '../marketplace/marketplace-config.js'
import type { StoredOffer } from '../marketplace/shop-catalog.js'
import { loadMiraklSpec } from '../test-support/mirakl-openapi.js'
import { client, offerFor, productCsv, productRow, TestClock } from '../test-support/requests.js'

const spec = loadMiraklSpec()
const examples = join(fixturesDir(), 'mirakl', 'examples')
const example = (file: string) => JSON.parse(readFileSync(join(examples, file), 'utf8')) as Record<string, unknown>
const demoConfig = loadMarketplaceConfig()
const bag = productRow('24-MB01')
const watch = productRow('24-MG04', { category: 'watches', title: 'Aim Analog Watch' })

let clock: TestClock
let sim: B2bSimulator
let api: ReturnType<typeof client>

/** A simulator without call-frequency limits (they have their own tests), whose products exist. */
async function start(options: B2bSimulatorOptions = {}, products = [bag, watch]) {
  clock = new TestClock()
  sim = createB2bSimulator({ logLevel: 'silent', clock: clock.read, rateLimits: 'off', config: demoConfig, ...options })
  api = client(sim.app)
  if (products.length > 0) {
    expect((await api.postProducts(productCsv(products))).statusCode).toBe(201)
    settle()
  }
}

/** Lets every import finish: each takes at most three one-second steps. */
function settle() {
  clock.advance(10_000)
  sim.advance()
}

async function importOffers(offers: unknown[], query = ''): Promise<number> {
  const response = await api.postOffers(offers, query)
  expect(response.statusCode).toBe(201)
  return response.json<{ import_id: number }>().import_id
}

async function status(importId: number) {
  const response = await api.get(`/api/offers/imports/${importId}`)
  expect(response.statusCode).toBe(200)
  const body = response.json<Record<string, unknown>>()
  expect(spec.validateResponse('OF02', 200, body)).toEqual([])
  return body
}

const stored = (sku: string): StoredOffer | undefined => sim.state.shop(2000).offers.get(sku)

afterEach(async () => {
  await sim.app.close()
})

describe('OF24 POST /api/offers', () => {
  beforeEach(() => start())

  it('answers 201 with an import id and a Location header, in the shapes of the spec and the OF24 example', async () => {
    const offers = [offerFor(bag), offerFor(watch, { price: 99.5 })]
    expect(spec.validateRequest('OF24', { offers })).toEqual([])
    const response = await api.postOffers(offers)
    expect(response.statusCode).toBe(201)
    const body = response.json<{ import_id: number }>()
    expect(spec.validateResponse('OF24', 201, body)).toEqual([])
    expect(Object.keys(body)).toEqual(Object.keys(example('OF24.response.json')))
    expect(spec.responseHeaders('OF24', 201)).toEqual(['Location'])
    expect(response.headers.location).toMatch(new RegExp(`^http://[^/]+/api/offers/imports/${body.import_id}$`))
  })

  it('moves an import from WAITING to RUNNING to COMPLETE and applies its lines only when complete', async () => {
    const importId = await importOffers([offerFor(bag)])
    expect(await status(importId)).toMatchObject({ import_id: importId, status: 'WAITING', lines_read: 0, has_error_report: false })
    expect(stored('24-MB01')).toBeUndefined()
    clock.advance(1000)
    expect(await status(importId)).toMatchObject({ status: 'RUNNING', lines_read: 1, lines_in_pending: 1 })
    expect(stored('24-MB01')).toBeUndefined()
    clock.advance(1000)
    const complete = await status(importId)
    expect(complete).toMatchObject({ status: 'COMPLETE', lines_read: 1, lines_in_success: 1, lines_in_error: 0, lines_in_pending: 0, offer_inserted: 1, offer_updated: 0, offer_deleted: 0, mode: 'NORMAL' })
    expect(Object.keys(complete).sort()).toEqual(Object.keys(example('OF02.response.json')).sort())
    expect(stored('24-MB01')).toMatchObject({ shop_sku: '24-MB01', price: 34, quantity: 100, import_id: importId })
  })

  it("runs a shop's imports one after the other, so the later one wins", async () => {
    const first = await importOffers([offerFor(bag, { price: 10 })])
    const second = await importOffers([offerFor(bag, { price: 20 })])
    clock.advance(1000)
    expect([(await status(first)).status, (await status(second)).status]).toEqual(['RUNNING', 'WAITING'])
    clock.advance(1000)
    expect([(await status(first)).status, (await status(second)).status]).toEqual(['COMPLETE', 'RUNNING'])
    clock.advance(1000)
    expect(await status(second)).toMatchObject({ status: 'COMPLETE', offer_updated: 1 })
    expect(stored('24-MB01')?.price).toBe(20)
  })

  it('answers an identical request with the id of the import still waiting, as the spec documents', async () => {
    const first = await importOffers([offerFor(bag)])
    expect(await importOffers([offerFor(bag)])).toBe(first)
    expect(await importOffers([offerFor(bag, { quantity: 5 })])).not.toBe(first)
    clock.advance(1000)
    expect(await importOffers([offerFor(bag)])).not.toBe(first)
    expect(sim.stats.snapshot().imports.offers).toMatchObject({ created: 3, deduplicated: 1 })
  })

  it('answers 400 in Mirakl error shape for a body without an offers array, an empty list or a line that is no object, and imports nothing', async () => {
    for (const payload of [{}, { offers: {} }, { offers: [] }, { offers: [offerFor(bag), 'x'] }, [offerFor(bag)]]) {
      const response = await sim.app.inject({ method: 'POST', url: '/api/offers', headers: { authorization: 'sim-shop-api-key' }, payload: payload as object })
      expect(response.statusCode).toBe(400)
      expect(response.json()).toEqual({ status: 400, message: expect.stringMatching(/\S/) as unknown })
    }
    const malformed = await sim.app.inject({ method: 'POST', url: '/api/offers', headers: { authorization: 'sim-shop-api-key', 'content-type': 'application/json' }, payload: '{"offers": [' })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json()).toMatchObject({ status: 400 })
    expect(sim.imports.all().filter((item) => item.kind === 'offers')).toEqual([])
  })

  it('answers 404 for an unknown import and for an import of another shop', async () => {
    await sim.app.close()
    await start({ shopIds: [2000, 2001] })
    const importId = await importOffers([offerFor(bag)])
    expect((await api.get('/api/offers/imports/999999')).json()).toEqual({ status: 404, message: 'Offer import 999999 not found' })
    expect((await api.get(`/api/offers/imports/${importId}?shop_id=2001`)).statusCode).toBe(404)
    expect((await api.get(`/api/offers/imports/${importId}?shop_id=2000`)).statusCode).toBe(200)
  })

  it('accepts the OF24 example of the spec once its product (EAN 9400016774345) exists', async () => {
    const request = example('OF24.request.json')
    expect(spec.validateRequest('OF24', request)).toEqual([])
    expect((await api.postProducts(productCsv([productRow('MKP-EXAMPLE', { ean: '9400016774345' })]))).statusCode).toBe(201)
    settle()
    const importId = await importOffers(request.offers as unknown[])
    settle()
    expect(await status(importId)).toMatchObject({ status: 'COMPLETE', lines_in_success: 1, offer_inserted: 1 })
    // Numbers sent as strings ("quantity": "5000") are numbers once stored.
    expect(stored('Offer_SKU_001')).toMatchObject({ quantity: 5000, package_quantity: 2, price: 50, leadtime_to_ship: 5, max_order_quantity: 3, logistic_class: 'M', offer_additional_fields: [{ code: 'ecotax', value: '20' }] })
    const listed = await api.get('/api/offers?sku=Offer_SKU_001')
    expect(spec.validateResponse('OF21', 200, listed.json())).toEqual([])
    expect(listed.json()).toMatchObject({ total_count: 1, offers: [{ shop_sku: 'Offer_SKU_001', product_references: [{ reference: '9400016774345', reference_type: 'EAN' }], currency_iso_code: 'USD' }] })
  })
})

describe('omitted fields reset (OF24: "Offer fields that are not sent are reset to their default value")', () => {
  // A marketplace that requires only the fields the spec requires, so that updates can omit the rest.
  const lenient = { ...demoConfig, requiredOfferFields: [] }
  const full = offerFor(bag, {
    quantity: 7,
    allow_quote_requests: true,
    leadtime_to_ship: 2,
    min_order_quantity: 2,
    max_order_quantity: 50,
    min_quantity_alert: 3,
    package_quantity: 2,
    logistic_class: 'M',
    internal_description: 'internal',
    price_additional_info: 'per unit',
    product_tax_code: 'PTC',
    available_started: '2025-01-01T00:00:00Z',
    available_ended: '2026-01-01T00:00:00Z',
    discount: { price: 30, start_date: '2025-03-01T00:00:00Z', end_date: '2025-03-31T00:00:00Z' },
    all_prices: [{ channel_code: null, unit_origin_price: 34, volume_prices: [{ quantity_threshold: 10, unit_origin_price: 30 }] }],
  })
  const minimal = { shop_sku: '24-MB01', product_id: bag.upc, product_id_type: 'UPC', state_code: '11', price: 35, update_delete: 'update' }

  it('resets quantity to 0 and allow_quote_requests to false, and deletes every other field an update omits', async () => {
    await start({ config: lenient })
    await importOffers([full])
    settle()
    const before = stored('24-MB01') as StoredOffer
    expect(before).toMatchObject({ quantity: 7, allow_quote_requests: true, discount: { price: 30 }, description: 'Offer for 24-MB01', max_order_quantity: 50 })
    expect(spec.validateRequest('OF24', { offers: [minimal] })).toEqual([])
    await importOffers([minimal])
    settle()
    const after = stored('24-MB01') as StoredOffer
    expect(after).toEqual({
      ...minimal,
      update_delete: undefined,
      price: 35,
      quantity: 0,
      allow_quote_requests: false,
      all_prices: [],
      eco_contributions: [],
      retail_prices: [],
      offer_additional_fields: [],
      offer_id: before.offer_id,
      date_created: before.date_created,
      last_updated: expect.any(String) as unknown,
      import_id: expect.any(Number) as unknown,
    })
    const view = (await api.get('/api/offers?sku=24-MB01')).json<{ offers: Record<string, unknown>[] }>()
    expect(spec.validateResponse('OF21', 200, view)).toEqual([])
    const offer = view.offers[0] as Record<string, unknown>
    // A deleted lead time shows the platform's default; a zero quantity makes the offer inactive.
    expect(offer).toMatchObject({ quantity: 0, active: false, inactivity_reasons: ['ZERO_QUANTITY'], allow_quote_requests: false, leadtime_to_ship: 3, price: 35 })
    for (const deleted of ['description', 'discount', 'max_order_quantity', 'min_order_quantity', 'min_quantity_alert', 'package_quantity', 'logistic_class', 'available_start_date', 'internal_description', 'price_additional_info', 'product_tax_code']) {
      expect(offer).not.toHaveProperty(deleted)
    }
  })

  it('keeps the product reference when an update omits product_id and product_id_type (optional at update)', async () => {
    await start({ config: lenient })
    await importOffers([full])
    settle()
    const update = Object.fromEntries(Object.entries(minimal).filter(([field]) => field !== 'product_id' && field !== 'product_id_type'))
    await importOffers([update])
    settle()
    expect(stored('24-MB01')).toMatchObject({ product_id: bag.upc, product_id_type: 'UPC', price: 35 })
    // At creation they are required.
    const importId = await importOffers([{ ...update, shop_sku: 'NEW-1' }])
    settle()
    expect(await status(importId)).toMatchObject({ lines_in_error: 1 })
  })

  it('keeps the offer id across updates and deletes the offer on update_delete "delete"', async () => {
    await start()
    await importOffers([offerFor(bag)])
    settle()
    const id = stored('24-MB01')?.offer_id
    await importOffers([offerFor(bag, { price: 12 })])
    settle()
    expect(stored('24-MB01')).toMatchObject({ offer_id: id, price: 12 })
    const deletion = await importOffers([{ shop_sku: '24-MB01', update_delete: 'delete' }])
    settle()
    expect(await status(deletion)).toMatchObject({ status: 'COMPLETE', offer_deleted: 1, lines_in_success: 1 })
    expect(stored('24-MB01')).toBeUndefined()
    await importOffers([offerFor(bag)])
    settle()
    expect(stored('24-MB01')?.offer_id).not.toBe(id)
  })
})

describe('per-line errors and the OF03 error report', () => {
  beforeEach(() => start())

  async function errorReport(importId: number) {
    const response = await api.get(`/api/offers/imports/${importId}/error_report`)
    expect(response.statusCode).toBe(200)
    expect(spec.responseMediaTypes('OF03', 200)).toContain(response.headers['content-type'])
    const rows = parse<Record<string, string>>(response.body, { delimiter: ';', columns: true })
    return { header: response.body.split('\n', 1)[0] as string, rows }
  }

  it('applies the good lines, rejects the bad ones without changing anything, and reports each with its SKU, line and errors', async () => {
    await importOffers([offerFor(bag, { quantity: 100 })])
    settle()
    const unknown = productRow('NOT-IMPORTED')
    const importId = await importOffers([
      offerFor(watch),
      offerFor(bag, { quantity: 5, price: -1 }),
      offerFor(unknown),
      { shop_sku: 'HALF', price: 3 },
    ])
    settle()
    expect(await status(importId)).toMatchObject({ status: 'COMPLETE', lines_read: 4, lines_in_success: 1, lines_in_error: 3, offer_inserted: 1, offer_updated: 0, has_error_report: true })
    expect(stored('24-MG04')).toBeDefined()
    expect(stored('24-MB01')).toMatchObject({ quantity: 100, price: 34 })
    expect(stored('NOT-IMPORTED')).toBeUndefined()

    const { header, rows } = await errorReport(importId)
    // The columns of Mirakl's offer file, in the order of the spec's OF03 example, then the error columns.
    const exampleHeader = String(spec.examples().find((item) => item.operationId === 'OF03' && item.name.endsWith('-0'))?.value).split('\n', 1)[0] as string
    const exampleColumns = exampleHeader.split(';').filter((column) => !column.includes('[channel='))
    expect(header.split(';').slice(0, 19)).toEqual(exampleColumns.slice(0, 19))
    expect(header.split(';').slice(-2)).toEqual(['"error-line"', '"error-message"'])
    expect(rows.map((row) => [row.sku, row['error-line']])).toEqual([
      ['24-MB01', '3'],
      ['NOT-IMPORTED', '4'],
      ['HALF', '5'],
    ])
    expect(rows[0]).toMatchObject({ quantity: '5', price: '-1', 'error-message': "The field 'price' must be greater than 0 (got -1)" })
    expect(rows[1]?.['error-message']).toBe('The product does not exist')
    expect(rows[2]?.['error-message']).toContain("The field 'product_id' is required; The field 'product_id_type' is required")
    expect(rows[2]?.['error-message']).toContain("The field 'quantity' is required")
  })

  it.each([
    ['an unknown offer state', { state_code: '1' }, "The offer state '1' does not exist"],
    ['an id type the marketplace does not take', { product_id_type: 'GTIN' }, "The product id type 'GTIN' is not accepted"],
    ['a UPC with a wrong check digit', { product_id: '012345678901' }, 'wrong check digit'],
    ['a quantity that is no integer', { quantity: 'many' }, "The field 'quantity' must be an integer"],
    ['a negative lead time', { leadtime_to_ship: -1 }, "The field 'leadtime_to_ship' must be at least 0"],
    ['a minimum order above the maximum', { min_order_quantity: 10, max_order_quantity: 5 }, 'The minimum order quantity (10) is greater than the maximum order quantity (5)'],
    ['a discount price not below the price', { discount: { price: 40 } }, 'The discount price (40) must be lower than the price (34)'],
    ['a discount ending before it starts', { discount: { price: 30, start_date: '2025-04-01', end_date: '2025-03-01' } }, "'discount.start_date' (2025-04-01) is after 'discount.end_date'"],
    ['an unknown update_delete', { update_delete: 'upsert' }, "The field 'update_delete' must be"],
    ['an additional field the marketplace does not define', { offer_additional_fields: [{ code: 'gift-wrap', value: 'yes' }] }, "The additional field 'gift-wrap' does not exist"],
    ['a LIST value outside its value list', { offer_additional_fields: [{ code: 'color', value: 'Teal' }] }, "The attribute 'color' has the value \"Teal\", which is not in the value list 'colors'"],
    ['a TEXT value over its length', { offer_additional_fields: [{ code: 'title', value: 'x'.repeat(101) }] }, "The attribute 'title' must be at most 100 characters"],
    ['a DECIMAL value that is no number', { offer_additional_fields: [{ code: 'ecotax', value: 'high' }] }, "The attribute 'ecotax' must be a decimal number"],
    ['a volume price without threshold', { all_prices: [{ channel_code: null, unit_origin_price: 34, volume_prices: [{ unit_origin_price: 30 }] }] }, "The field 'all_prices[0].volume_prices[0].quantity_threshold' is required"],
  ])('rejects a line with %s', async (_name, overrides, message) => {
    const importId = await importOffers([offerFor(bag, overrides)])
    settle()
    expect(await status(importId)).toMatchObject({ lines_in_error: 1, lines_in_success: 0 })
    const { rows } = await errorReport(importId)
    expect(rows[0]?.['error-message']).toContain(message)
    expect(stored('24-MB01')).toBeUndefined()
  })

  it('rejects a second line for the same SKU in one import, and the delete of an offer that does not exist', async () => {
    const importId = await importOffers([offerFor(bag), offerFor(bag, { price: 1 }), { shop_sku: 'GONE', update_delete: 'delete' }])
    settle()
    const { rows } = await errorReport(importId)
    expect(rows.map((row) => row['error-message'])).toEqual(["The offer '24-MB01' appears more than once in this import", "The offer 'GONE' does not exist and cannot be deleted"])
    expect(stored('24-MB01')?.price).toBe(34)
  })

  it('writes one column per channel and per additional field of the rejected lines', async () => {
    const importId = await importOffers([
      offerFor(bag, { state_code: 'x', all_prices: [{ channel_code: 'US', unit_origin_price: 40, volume_prices: [{ quantity_threshold: 5, unit_origin_price: 38 }] }], discount: { price: 30, ranges: [{ quantity_threshold: 5, price: 29 }] } }),
    ])
    settle()
    const { rows } = await errorReport(importId)
    expect(rows[0]).toMatchObject({ 'price[channel=US]': '40', 'prices-ranges[channel=US]': '5|38', 'discount-ranges': '5|29', 'discount-price': '30', 'manufacturer-part-number': 'MPN-24-MB01', brand: 'Luma', state: 'x' })
  })

  it('answers 404 for the error report of an import without errors and of one not processed yet', async () => {
    const clean = await importOffers([offerFor(bag)])
    expect((await api.get(`/api/offers/imports/${clean}/error_report`)).statusCode).toBe(404)
    settle()
    expect((await status(clean)).has_error_report).toBe(false)
    expect((await api.get(`/api/offers/imports/${clean}/error_report`)).json()).toEqual({ status: 404, message: `Import ${clean} has no error report` })
  })

  it('rejects lines for products that were never imported, unless the marketplace is set to take offers alone', async () => {
    const lone = productRow('LONE')
    const rejected = await importOffers([offerFor(lone)])
    settle()
    expect(await status(rejected)).toMatchObject({ lines_in_error: 1 })
    await sim.app.close()
    await start({ offersRequireProduct: false }, [])
    const accepted = await importOffers([offerFor(lone)])
    settle()
    expect(await status(accepted)).toMatchObject({ lines_in_success: 1 })
    const view = (await api.get('/api/offers')).json<Record<string, unknown>>()
    expect(spec.validateResponse('OF21', 200, view)).toEqual([])
    expect(view).toMatchObject({ offers: [{ product_sku: lone.upc, product_title: lone.upc, category_code: '' }] })
  })
})

describe('OF21 GET /api/offers and OF22 GET /api/offers/{offer}', () => {
  beforeEach(async () => {
    const products = Array.from({ length: 12 }, (_, index) => productRow(`SKU-${String(index).padStart(2, '0')}`, { title: `Title ${String.fromCharCode(90 - index)}` }))
    await start({}, products)
    await importOffers(products.map((product, index) => offerFor(product, { price: 10 + ((index * 7) % 12), state_code: '11' })))
    settle()
  })

  it("lists the shop's offers in the spec's shape, 10 by default, paged with offset and max, with total_count", async () => {
    const first = (await api.get('/api/offers')).json<{ offers: { shop_sku: string; total_price: number }[]; total_count: number }>()
    expect(spec.validateResponse('OF21', 200, first)).toEqual([])
    expect(first.total_count).toBe(12)
    expect(first.offers).toHaveLength(10)
    const rest = (await api.get('/api/offers?offset=10&max=10')).json<typeof first>()
    expect(rest.offers).toHaveLength(2)
    const skus = [...first.offers, ...rest.offers].map((offer) => offer.shop_sku)
    expect(new Set(skus).size).toBe(12)
    // Sorted by total price, ascending, by default.
    const prices = [...first.offers, ...rest.offers].map((offer) => offer.total_price)
    expect(prices).toEqual([...prices].sort((a, b) => a - b))
  })

  it('sorts by price or product title in either order, and filters by shop SKU, product SKU and offer state', async () => {
    const byTitle = (await api.get('/api/offers?sort=productTitle&order=desc&max=3')).json<{ offers: { product_title: string }[] }>()
    expect(byTitle.offers.map((offer) => offer.product_title)).toEqual(['Title Z', 'Title Y', 'Title X'])
    const byPrice = (await api.get('/api/offers?sort=price&order=desc&max=1')).json<{ offers: { price: number }[] }>()
    expect(byPrice.offers[0]?.price).toBe(21)
    const one = (await api.get('/api/offers?sku=SKU-03')).json<{ offers: { product_sku: string }[]; total_count: number }>()
    expect(one.total_count).toBe(1)
    expect((await api.get(`/api/offers?product_id=${one.offers[0]?.product_sku}`)).json()).toMatchObject({ total_count: 1 })
    expect((await api.get('/api/offers?offer_state_codes=10')).json()).toEqual({ offers: [], total_count: 0 })
  })

  it('refuses a page size over 100, a negative offset and an unknown sort with 400', async () => {
    for (const query of ['max=101', 'max=0', 'offset=-1', 'sort=name', 'order=up']) {
      const response = await api.get(`/api/offers?${query}`)
      expect(response.statusCode).toBe(400)
      expect(response.json()).toMatchObject({ status: 400 })
    }
  })

  it('answers one offer by its id (OF22), and 404 for an unknown id', async () => {
    const listed = (await api.get('/api/offers?sku=SKU-05')).json<{ offers: { offer_id: number }[] }>().offers[0]
    const one = await api.get(`/api/offers/${listed?.offer_id}`)
    expect(one.statusCode).toBe(200)
    expect(spec.validateResponse('OF22', 200, one.json())).toEqual([])
    expect(one.json()).toEqual(listed)
    expect((await api.get('/api/offers/1')).json()).toEqual({ status: 404, message: 'Offer 1 not found' })
  })
})

describe('prices in OF21', () => {
  beforeEach(() => start())

  it('shows the default and channel prices with a volume price for one, and the discount only within its period', async () => {
    await importOffers([
      offerFor(bag, {
        price: 34,
        discount: { price: 30, start_date: '2025-03-01T00:00:00Z', end_date: '2025-03-10T00:00:00Z' },
        all_prices: [
          { channel_code: null, unit_origin_price: 34, unit_discount_price: 30, discount_start_date: '2025-03-01T00:00:00Z', discount_end_date: '2025-03-10T00:00:00Z', volume_prices: [{ quantity_threshold: 10, unit_origin_price: 31, unit_discount_price: 28 }] },
          { channel_code: 'US', unit_origin_price: 40, volume_prices: [] },
        ],
      }),
    ])
    settle()
    const during = (await api.get('/api/offers')).json<{ offers: Record<string, unknown>[] }>()
    expect(spec.validateResponse('OF21', 200, during)).toEqual([])
    expect(during.offers[0]).toMatchObject({
      price: 30,
      channels: ['US'],
      applicable_pricing: { channel_code: null, price: 30 },
      all_prices: [
        {
          channel_code: null,
          price: 30,
          unit_origin_price: 34,
          unit_discount_price: 30,
          volume_prices: [
            { quantity_threshold: 1, unit_origin_price: 34, unit_discount_price: 30, price: 30 },
            { quantity_threshold: 10, unit_origin_price: 31, unit_discount_price: 28, price: 28 },
          ],
        },
        { channel_code: 'US', context: { channel_codes: ['US'] }, price: 40, volume_prices: [{ quantity_threshold: 1, price: 40 }] },
      ],
      discount: { discount_price: 30, origin_price: 34 },
    })
    expect((await api.get('/api/offers?pricing_channel_code=US')).json()).toMatchObject({ offers: [{ applicable_pricing: { channel_code: 'US', price: 40 }, price: 40 }] })
    clock.advance(30 * 86_400_000)
    expect((await api.get('/api/offers')).json()).toMatchObject({ offers: [{ price: 34, all_prices: [{ price: 34, volume_prices: [{ price: 34 }, { price: 31 }] }, {}] }] })
  })

  it('lists the offer states the marketplace has (OF61)', async () => {
    const response = await api.get('/api/offers/states')
    expect(spec.validateResponse('OF61', 200, response.json())).toEqual([])
    expect(response.json()).toEqual({ offer_states: [{ code: '11', label: 'New' }], total_count: 1 })
  })
})
