import { parse } from 'csv-parse/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createB2bSimulator, type B2bSimulator } from '../app.js'
import { loadMarketplaceConfig } from '../marketplace/marketplace-config.js'
import type { SimStatsSnapshot } from '../sim-stats.js'
import { client, offerFor, productCsv, productRow, TestClock } from '../test-support/requests.js'

const demoConfig = loadMarketplaceConfig()
const bag = productRow('24-MB01')

let clock: TestClock
let sim: B2bSimulator
let api: ReturnType<typeof client>

beforeEach(() => {
  clock = new TestClock()
  sim = createB2bSimulator({ logLevel: 'silent', clock: clock.read, config: demoConfig, rateLimits: { OF24: 'off', OF02: 'off', P41: 'off', P42: 'off', PM11: 'off' } })
  api = client(sim.app)
})
afterEach(async () => {
  await sim.app.close()
})

const fault = (body: object) => sim.app.inject({ method: 'POST', url: '/_sim/faults', payload: body })
const stats = async () => (await sim.app.inject({ url: '/_sim/stats' })).json<SimStatsSnapshot>()

async function listBag() {
  await api.postProducts(productCsv([bag]))
  clock.advance(5000)
  await api.postOffers([offerFor(bag)])
  clock.advance(5000)
}

describe('GET /_sim/state', () => {
  it('shows the offers and products the marketplace holds, by SKU, and the imports', async () => {
    await listBag()
    const state = (await sim.app.inject({ url: '/_sim/state' })).json<{ shopId: number; offers: Record<string, { quantity: number }>; products: Record<string, { attributes: Record<string, string> }>; imports: { kind: string; status: string }[] }>()
    expect(state.shopId).toBe(2000)
    expect(state.offers['24-MB01']).toMatchObject({ quantity: 100, price: 34, product_id: bag.upc })
    expect(state.products['24-MB01']?.attributes).toMatchObject({ title: 'Product 24-MB01', upc: bag.upc })
    expect(state.imports.map((item) => [item.kind, item.status])).toEqual([
      ['products', 'COMPLETE'],
      ['offers', 'COMPLETE'],
    ])
    expect((await sim.app.inject({ url: '/_sim/state?sku=24-MB01' })).json()).toMatchObject({ offer: { shop_sku: '24-MB01' }, product: { sku: '24-MB01' } })
    expect((await sim.app.inject({ url: '/_sim/state?sku=NOPE' })).statusCode).toBe(404)
    expect((await sim.app.inject({ url: '/_sim/state?shop_id=1' })).statusCode).toBe(404)
  })
})

describe('GET /_sim/stats', () => {
  it('counts calls per operation and status, throttled calls and imports with their lines', async () => {
    await listBag()
    await api.get('/api/offers/imports/999')
    await api.get('/api/values_lists')
    await api.get('/api/values_lists')
    expect(await stats()).toMatchObject({
      calls: { P41: 1, OF24: 1, OF02: 1, VL11: 2 },
      statuses: { OF02: { '404': 1 }, VL11: { '200': 1, '429': 1 } },
      throttled: { VL11: 1 },
      errors: { OF02: 1, VL11: 1 },
      imports: {
        offers: { created: 1, complete: 1, linesRead: 1, linesInSuccess: 1, linesInError: 0 },
        products: { created: 1, complete: 1, linesRead: 1, linesInSuccess: 1 },
      },
    })
    const metrics = (await sim.app.inject({ url: '/metrics' })).body
    expect(metrics).toMatch(/listing_sync_simulator_requests_total\{operation="VL11",status="429",service="b2b-simulator"\} 1/)
  })

  it('counts offer lines that left the offer exactly as it was: duplicate writes', async () => {
    await listBag()
    await api.postOffers([offerFor(bag)])
    clock.advance(5000)
    await api.postOffers([offerFor(bag, { price: 35 })])
    clock.advance(5000)
    expect((await stats()).imports.offers).toMatchObject({ complete: 3, linesInSuccess: 3, unchangedLines: 1 })
  })
})

describe('POST and DELETE /_sim/faults', () => {
  it('answers the named operations 503 until the window closes, and leaves the others and /_sim alone', async () => {
    const created = await fault({ type: 'status', status: 503, durationMs: 30_000, operations: ['OF24'], retryAfterSeconds: 5 })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({ type: 'status', status: 503, operations: ['OF24'], until: new Date(clock.now + 30_000).toISOString() })
    const refused = await api.postOffers([offerFor(bag)])
    expect(refused.statusCode).toBe(503)
    expect(refused.headers['retry-after']).toBe('5')
    expect(refused.json()).toEqual({ status: 503, message: 'Service temporarily unavailable (injected fault)' })
    expect((await api.get('/api/offers')).statusCode).toBe(200)
    expect((await sim.app.inject({ url: '/_sim/state' })).json()).toMatchObject({ faults: [{ type: 'status' }] })
    clock.advance(30_000)
    expect((await api.postOffers([offerFor(bag)])).statusCode).toBe(201)
    expect(await stats()).toMatchObject({ faultsInjected: 1, statuses: { OF24: { '503': 1, '201': 1 } } })
    expect(sim.imports.all()).toHaveLength(1)
  })

  it('answers every operation 503 by default, even without the key', async () => {
    await fault({ type: 'status' })
    expect((await api.get('/api/offers/states')).statusCode).toBe(503)
    expect((await sim.app.inject({ url: '/api/values_lists' })).statusCode).toBe(503)
    expect((await sim.app.inject({ url: '/healthz' })).statusCode).toBe(200)
  })

  it('throttles everything in a 429 storm, with Retry-After counting down to the end of the window', async () => {
    await fault({ type: 'rateLimitStorm', durationMs: 30_000 })
    const first = await api.get('/api/offers')
    expect(first.statusCode).toBe(429)
    expect(first.headers['retry-after']).toBe('30')
    clock.advance(10_000)
    expect((await api.postOffers([offerFor(bag)])).headers['retry-after']).toBe('20')
    clock.advance(20_000)
    expect((await api.get('/api/offers')).statusCode).toBe(200)
    expect(await stats()).toMatchObject({ throttled: { OF21: 1, OF24: 1 }, faultsInjected: 2 })
  })

  it('delays answers with a latency fault and still answers them', async () => {
    await fault({ type: 'latency', ms: 20, operations: ['OF21'] })
    expect((await sim.app.inject({ url: '/_sim/state' })).json()).toMatchObject({ faults: [{ type: 'latency', ms: 20, operations: ['OF21'] }] })
    expect((await api.get('/api/offers')).statusCode).toBe(200)
    expect((await stats()).faultsInjected).toBe(0)
  })

  it('makes a product attribute required for imports processed in the window, and shows it in PM11', async () => {
    await fault({ type: 'requiredAttribute', code: 'warranty_years', durationMs: 60_000 })
    const attributes = (await api.get('/api/products/attributes')).json<{ attributes: { code: string; requirement_level: string }[] }>().attributes
    expect(attributes.find((attribute) => attribute.code === 'warranty_years')?.requirement_level).toBe('REQUIRED')
    const importId = (await api.postProducts(productCsv([bag, productRow('24-MG04', { warranty_years: '2' })]))).json<{ import_id: number }>().import_id
    clock.advance(5000)
    expect((await api.get(`/api/products/imports/${importId}`)).json()).toMatchObject({ import_status: 'COMPLETE', transform_lines_in_error: 1, transform_lines_in_success: 1 })
    const report = parse<Record<string, string>>((await api.get(`/api/products/imports/${importId}/error_report`)).body, { delimiter: ';', columns: true })
    expect(report).toEqual([expect.objectContaining({ sku: '24-MB01', 'error-message': "The attribute 'warranty_years' is required" })])
    // After the window the same line passes.
    clock.advance(60_000)
    const later = (await api.postProducts(productCsv([bag]))).json<{ import_id: number }>().import_id
    clock.advance(5000)
    expect((await api.get(`/api/products/imports/${later}`)).json()).toMatchObject({ transform_lines_in_success: 1, transform_lines_in_error: 0 })
  })

  it('makes an offer additional field required, even one the marketplace did not define', async () => {
    await api.postProducts(productCsv([bag]))
    clock.advance(5000)
    await fault({ type: 'requiredAttribute', code: 'hazmat-class', target: 'offer', durationMs: 60_000 })
    const without = (await api.postOffers([offerFor(bag)])).json<{ import_id: number }>().import_id
    const withIt = (await api.postOffers([offerFor(bag, { offer_additional_fields: [{ code: 'hazmat-class', value: 'none' }] })])).json<{ import_id: number }>().import_id
    clock.advance(5000)
    expect((await api.get(`/api/offers/imports/${without}`)).json()).toMatchObject({ lines_in_error: 1 })
    expect((await api.get(`/api/offers/imports/${without}/error_report`)).body).toContain("The additional field 'hazmat-class' is required")
    expect((await api.get(`/api/offers/imports/${withIt}`)).json()).toMatchObject({ lines_in_success: 1 })
  })

  it('applies a required-attribute window to imports processed in it, even when observed later', async () => {
    await api.postProducts(productCsv([bag]))
    await fault({ type: 'requiredAttribute', code: 'warranty_years', durationMs: 3000 })
    // Nobody looks until long after both the import and the window ended.
    clock.advance(600_000)
    const state = (await sim.app.inject({ url: '/_sim/state' })).json<{ imports: { lines_in_error: number }[] }>()
    expect(state.imports[0]?.lines_in_error).toBe(1)
  })

  it('refuses a malformed fault with 400 naming the field, and clears every fault on DELETE', async () => {
    const wrong = await fault({ type: 'status', status: 200 })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json()).toMatchObject({ errors: [{ field: 'status', rule: 'must be between 400 and 599' }] })
    expect((await fault({ type: 'status', operations: ['OF99'] })).json()).toMatchObject({ errors: [{ field: 'operations.0' }] })
    expect((await fault({ type: 'flood' })).json()).toMatchObject({ errors: [{ field: 'type' }] })
    await fault({ type: 'status', status: 500 })
    expect((await api.get('/api/offers')).json()).toEqual({ status: 500, message: 'Injected fault 500' })
    expect((await sim.app.inject({ method: 'DELETE', url: '/_sim/faults' })).statusCode).toBe(204)
    expect((await api.get('/api/offers')).statusCode).toBe(200)
  })
})

describe('POST /_sim/reset', () => {
  it('empties the marketplace, the imports, the faults, the counters and the rate limits', async () => {
    await listBag()
    await api.get('/api/values_lists')
    await fault({ type: 'status' })
    expect((await sim.app.inject({ method: 'POST', url: '/_sim/reset' })).statusCode).toBe(204)
    expect((await sim.app.inject({ url: '/_sim/state' })).json()).toEqual({ shopId: 2000, offers: {}, products: {}, imports: [], faults: [] })
    expect((await stats()).calls).toEqual({})
    expect((await api.get('/api/values_lists')).statusCode).toBe(200)
    expect((await api.postProducts(productCsv([bag]))).json()).toEqual({ import_id: 2001 })
  })
})
