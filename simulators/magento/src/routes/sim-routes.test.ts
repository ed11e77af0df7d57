import { generateKeyPairSync, verify } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createMagentoSimulator, type MagentoSimulator } from '../app.js'
import type { MagentoProduct } from '../catalog/product-types.js'
import { loadSampleCatalog } from '../catalog/sample-data-loader.js'
import { fixturesDir } from '../fixtures-dir.js'

interface Delivery {
  headers: Record<string, string | string[] | undefined>
  raw: Buffer
}

interface SaveAnswer {
  product: MagentoProduct
  created: boolean
  webhook: { status: number | null; body: unknown; durationMs: number; error?: string } | null
}

const seed = loadSampleCatalog(fixturesDir())
// One key for the file: generating RSA keys per test would only slow the suite down.
const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
const auth = { authorization: 'Bearer sim-admin-token' }
let receiver: FastifyInstance
let receiverUrl: string
let deliveries: Delivery[]
let answerStatus: number
let sim: MagentoSimulator
let now: Date

beforeAll(async () => {
  // A tiny webhook receiver that keeps the raw bytes, because the signature covers exactly them.
  receiver = Fastify()
  receiver.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))
  receiver.post('/webhooks/magento', async (request, reply) => {
    deliveries.push({ headers: request.headers, raw: request.body as Buffer })
    return reply.code(answerStatus).send(answerStatus < 300 ? { op: 'success' } : { op: 'exception', message: 'receiver down' })
  })
  receiverUrl = `${await receiver.listen({ host: '127.0.0.1', port: 0 })}/webhooks/magento`
})
afterAll(async () => {
  await receiver.close()
})

beforeEach(() => {
  deliveries = []
  answerStatus = 200
  now = new Date('2025-01-02T03:04:05Z')
  sim = createMagentoSimulator({ seed, logLevel: 'silent', webhookUrl: receiverUrl, webhookPrivateKeyPem: signingKey, clock: () => now })
})
afterEach(async () => {
  await sim.app.close()
})

function event(delivery: Delivery | undefined): { eventName: string; data: { product: Record<string, unknown> } } {
  if (!delivery) throw new Error('no webhook was delivered')
  return JSON.parse(delivery.raw.toString('utf8')) as { eventName: string; data: { product: Record<string, unknown> } }
}

async function put(sku: string, payload: unknown) {
  return sim.app.inject({ method: 'PUT', url: `/_sim/products/${encodeURIComponent(sku)}`, payload: payload as Record<string, unknown> })
}

describe('PUT /_sim/products/{sku}', () => {
  it('saves the change, bumps updated_at and serves it over REST', async () => {
    const response = await put('24-MB01', { price: 12.5, custom_attributes: [{ attribute_code: 'color', value: '52' }], extension_attributes: { stock_item: { qty: 3 } } })
    expect(response.statusCode).toBe(200)
    const product = (await sim.app.inject({ url: '/rest/V1/products/24-MB01', headers: auth })).json<MagentoProduct>()
    expect(product.price).toBe(12.5)
    expect(product.updated_at).toBe('2025-01-02 03:04:05')
    expect(product.custom_attributes).toContainEqual({ attribute_code: 'color', value: '52' })
    expect(product.extension_attributes.stock_item).toMatchObject({ qty: 3, is_in_stock: true })
  })

  it('fires observer.catalog_product_save_after, signed over the raw body with the published key', async () => {
    const response = await put('24-MB01', { price: 12.5, extension_attributes: { stock_item: { qty: 0 } } })
    expect(response.json<SaveAnswer>().webhook).toMatchObject({ status: 200, body: { op: 'success' } })
    expect(deliveries).toHaveLength(1)
    const delivery = deliveries[0] as Delivery
    expect(delivery.headers['content-type']).toBe('application/json')
    expect(delivery.headers['x-adobe-commerce-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)

    const publicKey = (await sim.app.inject({ url: '/_sim/webhook-public-key' })).body
    expect(publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/)
    const signature = Buffer.from(String(delivery.headers['x-adobe-commerce-webhook-signature']), 'base64')
    expect(verify('sha256', delivery.raw, publicKey, signature)).toBe(true)
    // One changed byte and the signature no longer holds.
    const tampered = Buffer.from(delivery.raw)
    const index = tampered.length - 2
    tampered[index] = (tampered[index] ?? 0) ^ 1
    expect(verify('sha256', tampered, publicKey, signature)).toBe(false)
  })

  it('sends the flat model data array, as the observer payload carries it', async () => {
    await put('24-MB01', { price: 12.5, extension_attributes: { stock_item: { qty: 0 } } })
    const body = event(deliveries[0])
    expect(body.eventName).toBe('observer.catalog_product_save_after')
    expect(body.data.product).toMatchObject({
      entity_id: '1',
      sku: '24-MB01',
      name: 'Joust Duffle Bag',
      price: '12.500000',
      status: '1',
      visibility: '4',
      type_id: 'simple',
      attribute_set_id: '15',
      updated_at: '2025-01-02 03:04:05',
      category_ids: ['3', '4'],
      website_ids: { '1': '1' },
      quantity_and_stock_status: { is_in_stock: '0', qty: '0' },
      stock_data: { qty: '0', is_in_stock: '0', manage_stock: '1' },
      url_key: 'joust-duffle-bag',
    })
    expect(body.data.product.gtin).toMatch(/^\d{12}$/)
    expect(body.data.product.material).toMatch(/^\d+(,\d+)*$/)
    expect(Object.values((body.data.product.media_gallery as { images: Record<string, { file: string }> }).images).map((image) => image.file)).toEqual(['/m/b/mb01-blue-0.jpg'])
  })

  it('sends a new request id on every call', async () => {
    await put('24-MB01', { price: 1 })
    await put('24-MB01', { price: 2 })
    expect(deliveries[0]?.headers['x-adobe-commerce-request-id']).not.toBe(deliveries[1]?.headers['x-adobe-commerce-request-id'])
  })

  it('creates a product for a new SKU, with 201', async () => {
    const response = await put('NEW-1', { name: 'New bracket', price: 9.99, custom_attributes: [{ attribute_code: 'brand', value: '204' }] })
    expect(response.statusCode).toBe(201)
    expect(response.json<SaveAnswer>().product).toMatchObject({ sku: 'NEW-1', id: seed.products.length + 1, type_id: 'simple', created_at: '2025-01-02 03:04:05' })
    expect(event(deliveries[0]).data.product).toMatchObject({ sku: 'NEW-1', brand: '204', price: '9.990000' })
    expect((await sim.app.inject({ url: '/rest/V1/products/NEW-1', headers: auth })).statusCode).toBe(200)
  })

  it('keeps the save and reports the failure when the receiver answers 500', async () => {
    answerStatus = 500
    const response = await put('24-MB01', { price: 7 })
    expect(response.statusCode).toBe(200)
    expect(response.json<SaveAnswer>().webhook).toMatchObject({ status: 500, body: { op: 'exception' } })
    expect((await sim.app.inject({ url: '/_sim/state?sku=24-MB01' })).json<{ product: MagentoProduct }>().product.price).toBe(7)
    expect((await sim.app.inject({ url: '/_sim/stats' })).json()).toMatchObject({ webhooks: { sent: 1, failed: 1 } })
  })

  it('keeps the save and reports the failure when no receiver listens', async () => {
    await sim.app.close()
    sim = createMagentoSimulator({ seed, logLevel: 'silent', webhookUrl: 'http://127.0.0.1:1/webhooks/magento', clock: () => now })
    const answer = (await put('24-MB01', { price: 7 })).json<SaveAnswer>()
    expect(answer.product.price).toBe(7)
    expect(answer.webhook).toMatchObject({ status: null })
    expect(answer.webhook?.error).toBeTruthy()
  })

  it('answers 400 naming each bad field and its rule, and changes nothing', async () => {
    const response = await put('24-MB01', { price: -1, status: 3, colour: 'red', custom_attributes: [{ attribute_code: 'color', value: 'Red' }], extension_attributes: { stock_item: { qty: 'many' } } })
    expect(response.statusCode).toBe(400)
    const errors = response.json<{ errors: { field: string; rule: string }[] }>().errors
    expect(errors.map((error) => error.field).sort()).toEqual(['colour', 'extension_attributes.stock_item.qty', 'price', 'status'])
    expect(errors.find((error) => error.field === 'price')?.rule).toBe('must be a number >= 0')
    const optionError = await put('24-MB01', { custom_attributes: [{ attribute_code: 'color', value: 'Red' }] })
    expect(optionError.json<{ errors: { field: string; rule: string }[] }>().errors).toEqual([
      { field: 'custom_attributes.0.value', rule: 'must be an option id of color (see GET /V1/products/attributes/color/options), got "Red"' },
    ])
    const create = await put('NEW-2', { price: 1 })
    expect(create.json<{ errors: { field: string }[] }>().errors).toEqual([{ field: 'name', rule: 'is required to create a product' }])
    expect(deliveries).toHaveLength(0)
    expect((await sim.app.inject({ url: '/_sim/state?sku=24-MB01' })).json<{ product: MagentoProduct }>().product.price).toBe(34)
  })
})

describe('DELETE /_sim/products/{sku}', () => {
  it('removes the product and fires observer.catalog_product_delete_after with the flat product', async () => {
    const response = await sim.app.inject({ method: 'DELETE', url: '/_sim/products/MH01-XS-Black' })
    expect(response.statusCode).toBe(200)
    const body = event(deliveries[0])
    expect(body.eventName).toBe('observer.catalog_product_delete_after')
    expect(body.data.product).toMatchObject({ sku: 'MH01-XS-Black', type_id: 'simple', price: '52.000000' })
    expect((await sim.app.inject({ url: '/rest/V1/products/MH01-XS-Black', headers: auth })).statusCode).toBe(404)
    const parent = (await sim.app.inject({ url: '/rest/V1/products/MH01', headers: auth })).json<MagentoProduct>()
    expect(parent.extension_attributes.configurable_product_links).not.toContain(Number(body.data.product.entity_id))
    expect(parent.extension_attributes.configurable_product_links).toHaveLength(14)
  })

  it('answers 404 for an unknown SKU and fires nothing', async () => {
    expect((await sim.app.inject({ method: 'DELETE', url: '/_sim/products/NOPE' })).statusCode).toBe(404)
    expect(deliveries).toHaveLength(0)
  })
})

describe('POST /_sim/mass-update', () => {
  it('changes products without any webhook, visible only through updated_at', async () => {
    const response = await sim.app.inject({ method: 'POST', url: '/_sim/mass-update', payload: { skus: ['24-MB01', 'MH01'], changes: { status: 2, price: 5 } } })
    expect(response.statusCode).toBe(200)
    expect(deliveries).toHaveLength(0)
    expect((await sim.app.inject({ url: '/_sim/stats' })).json()).toMatchObject({ webhooks: { sent: 0, failed: 0 } })
    const query = 'searchCriteria[filter_groups][0][filters][0][field]=updated_at&searchCriteria[filter_groups][0][filters][0][value]=2025-01-01 00:00:00&searchCriteria[filter_groups][0][filters][0][condition_type]=gteq'
    const changed = (await sim.app.inject({ url: `/rest/V1/products?${query}`, headers: auth })).json<{ items: MagentoProduct[] }>()
    expect(changed.items.map((item) => [item.sku, item.status, item.price])).toEqual([
      ['24-MB01', 2, 5],
      ['MH01', 2, 5],
    ])
  })

  it('refuses unknown SKUs with 400', async () => {
    const response = await sim.app.inject({ method: 'POST', url: '/_sim/mass-update', payload: { skus: ['NOPE'], changes: { price: 1 } } })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ errors: [{ field: 'skus', rule: 'unknown SKUs: NOPE' }] })
  })
})

describe('faults', () => {
  it('answers REST calls with the injected status until the window closes', async () => {
    const created = await sim.app.inject({ method: 'POST', url: '/_sim/faults', payload: { type: 'status', status: 503, durationMs: 60_000, paths: '/rest' } })
    expect(created.statusCode).toBe(201)
    expect((await sim.app.inject({ url: '/rest/V1/products/24-MB01', headers: auth })).statusCode).toBe(503)
    // /_sim and health are outside the window's paths.
    expect((await sim.app.inject({ url: '/_sim/state' })).statusCode).toBe(200)
    expect((await sim.app.inject({ url: '/healthz' })).statusCode).toBe(200)
    now = new Date(now.getTime() + 60_001)
    expect((await sim.app.inject({ url: '/rest/V1/products/24-MB01', headers: auth })).statusCode).toBe(200)
    expect((await sim.app.inject({ url: '/_sim/stats' })).json()).toMatchObject({ faultsInjected: 1, errors: { GetV1ProductsSku: 1 } })
  })

  it('clears every fault on DELETE /_sim/faults', async () => {
    await sim.app.inject({ method: 'POST', url: '/_sim/faults', payload: { type: 'status', status: 500 } })
    const faulted = await sim.app.inject({ url: '/rest/V1/products/24-MB01', headers: auth })
    expect(faulted.statusCode).toBe(500)
    expect(faulted.json<{ message: string }>().message).toMatch(/^Internal Error\. Details are available in Magento log file\. Report ID: webapi-/)
    expect((await sim.app.inject({ method: 'DELETE', url: '/_sim/faults' })).statusCode).toBe(204)
    expect((await sim.app.inject({ url: '/rest/V1/products/24-MB01', headers: auth })).statusCode).toBe(200)
  })

  it('delays matching calls with a latency fault and still answers them', async () => {
    await sim.app.inject({ method: 'POST', url: '/_sim/faults', payload: { type: 'latency', ms: 20, paths: ['/rest/V1/stockItems'] } })
    expect((await sim.app.inject({ url: '/_sim/state' })).json()).toMatchObject({ faults: [{ type: 'latency', ms: 20, paths: ['/rest/V1/stockItems'] }] })
    expect((await sim.app.inject({ url: '/rest/V1/stockItems/24-MB01', headers: auth })).statusCode).toBe(200)
  })

  it('refuses a malformed fault with 400 naming the field', async () => {
    const response = await sim.app.inject({ method: 'POST', url: '/_sim/faults', payload: { type: 'status', status: 200 } })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ errors: [{ field: 'status', rule: 'must be between 400 and 599' }] })
  })
})

describe('state and stats', () => {
  it('reports product counts and one product by SKU', async () => {
    expect((await sim.app.inject({ url: '/_sim/state' })).json()).toMatchObject({ products: seed.products.length, productsByType: { configurable: 147 } })
    expect((await sim.app.inject({ url: '/_sim/state?sku=MH01' })).json<{ product: MagentoProduct }>().product.type_id).toBe('configurable')
    expect((await sim.app.inject({ url: '/_sim/state?sku=NOPE' })).statusCode).toBe(404)
  })

  it('counts calls per operation and errors', async () => {
    await sim.app.inject({ url: '/rest/V1/products/24-MB01', headers: auth })
    await sim.app.inject({ url: '/rest/V1/products/NOPE', headers: auth })
    await sim.app.inject({ url: '/rest/V1/products?searchCriteria[pageSize]=1', headers: auth })
    expect((await sim.app.inject({ url: '/_sim/stats' })).json()).toMatchObject({ calls: { GetV1ProductsSku: 2, GetV1Products: 1 }, errors: { GetV1ProductsSku: 1 } })
  })

  it('goes back to the seeded catalog on POST /_sim/reset', async () => {
    await put('24-MB01', { price: 1 })
    await sim.app.inject({ method: 'POST', url: '/_sim/reset' })
    expect((await sim.app.inject({ url: '/_sim/state?sku=24-MB01' })).json<{ product: MagentoProduct }>().product.price).toBe(34)
  })
})
