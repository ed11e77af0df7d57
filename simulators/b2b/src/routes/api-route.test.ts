import { afterEach, describe, expect, it } from 'vitest'
import { createB2bSimulator, type B2bSimulator, type B2bSimulatorOptions } from '../app.js'
import { loadMarketplaceConfig } from '../marketplace/marketplace-config.js'
import { OPERATIONS, type Operation } from '../operations.js'
import { loadMiraklSpec } from '../test-support/mirakl-openapi.js'
import { AUTH, client, multipart, offerFor, productCsv, productRow, TestClock } from '../test-support/requests.js'

const demoConfig = loadMarketplaceConfig()
const bag = productRow('24-MB01')

let clock: TestClock
let sim: B2bSimulator
let api: ReturnType<typeof client>

function start(options: B2bSimulatorOptions = {}) {
  clock = new TestClock()
  sim = createB2bSimulator({ logLevel: 'silent', clock: clock.read, config: demoConfig, ...options })
  api = client(sim.app)
}

afterEach(async () => {
  await sim.app.close()
})

/** One call of every operation, as a client would make it (bodies where the operation takes one). */
const calls: Record<Operation, { method: 'GET' | 'POST'; url: string; body?: () => Promise<{ payload: Buffer | object; headers?: Record<string, string> }> }> = {
  OF21: { method: 'GET', url: '/api/offers' },
  OF22: { method: 'GET', url: '/api/offers/2101' },
  OF24: { method: 'POST', url: '/api/offers', body: () => Promise.resolve({ payload: { offers: [offerFor(bag)] } }) },
  OF02: { method: 'GET', url: '/api/offers/imports/2001' },
  OF03: { method: 'GET', url: '/api/offers/imports/2001/error_report' },
  OF61: { method: 'GET', url: '/api/offers/states' },
  P41: { method: 'POST', url: '/api/products/imports', body: async () => multipart({ file: { content: productCsv([bag]), filename: 'p.csv' } }) },
  P42: { method: 'GET', url: '/api/products/imports/2001' },
  P44: { method: 'GET', url: '/api/products/imports/2001/error_report' },
  P45: { method: 'GET', url: '/api/products/imports/2001/new_product_report' },
  PM11: { method: 'GET', url: '/api/products/attributes' },
  VL11: { method: 'GET', url: '/api/values_lists' },
}

async function callOperation(operation: Operation, headers: Record<string, string>) {
  const call = calls[operation]
  const body = await call.body?.()
  return sim.app.inject({ method: call.method, url: call.url, headers: { ...headers, ...body?.headers }, ...(body ? { payload: body.payload } : {}) })
}

describe('authentication: the shop API key in Authorization', () => {
  it('answers 401 in Mirakl error shape on every operation without the key, with a wrong key, or with the key as a Bearer token', async () => {
    start()
    expect(Object.keys(calls).sort()).toEqual([...OPERATIONS].sort())
    for (const operation of OPERATIONS) {
      for (const headers of [{}, { authorization: 'wrong-key' }, { authorization: `Bearer ${AUTH.authorization}` }] as Record<string, string>[]) {
        const response = await callOperation(operation, headers)
        expect({ operation, status: response.statusCode }).toEqual({ operation, status: 401 })
        expect(response.json()).toEqual({ status: 401, message: expect.stringContaining('Unauthorized') as unknown })
      }
    }
    expect(sim.imports.all()).toEqual([])
  })

  it('lets the raw key through on every operation', async () => {
    start({ rateLimits: 'off' })
    for (const operation of OPERATIONS) expect([200, 201, 404]).toContain((await callOperation(operation, AUTH)).statusCode)
  })

  it('takes the key it is configured with', async () => {
    start({ apiKey: 'another-key' })
    expect((await api.get('/api/offers/states')).statusCode).toBe(401)
    expect((await sim.app.inject({ url: '/api/offers/states', headers: { authorization: 'another-key' } })).statusCode).toBe(200)
  })
})

describe('coverage of the spec', () => {
  it('serves each of its operations at the method and path the spec gives, and answers the other operations 501', async () => {
    start({ rateLimits: 'off' })
    const operations = loadMiraklSpec().operations()
    expect(operations.length).toBeGreaterThan(20)
    for (const { operationId, method, path } of operations) {
      const url = path.replace(/\{[^}]+\}/g, '2001')
      const served = (OPERATIONS as readonly string[]).includes(operationId) ? calls[operationId as Operation] : undefined
      if (served) {
        expect({ operationId, method: served.method, url: served.url.replace(/\d+/g, 'N') }).toEqual({ operationId, method, url: url.replace(/\d+/g, 'N') })
        expect((await callOperation(operationId as Operation, AUTH)).json<{ message?: string }>().message ?? '').not.toMatch(/^No resource/)
      } else {
        const response = await sim.app.inject({ method: method as 'GET' | 'POST', url, headers: AUTH })
        expect({ operationId, status: response.statusCode }).toEqual({ operationId, status: 501 })
      }
    }
  })
})

describe('shop_id', () => {
  it('keeps each shop apart, uses the first shop without shop_id, and refuses an unknown (403) or malformed (400) shop', async () => {
    start({ shopIds: [2000, 2002], rateLimits: 'off', offersRequireProduct: false })
    await api.postOffers([offerFor(bag)], '?shop_id=2002')
    clock.advance(5000)
    expect((await api.get('/api/offers?shop_id=2002')).json()).toMatchObject({ total_count: 1 })
    expect((await api.get('/api/offers')).json()).toMatchObject({ total_count: 0 })
    expect((await api.get('/api/offers?shop_id=2001')).json()).toEqual({ status: 403, message: 'The API key gives no access to shop 2001' })
    expect((await api.get('/api/offers?shop_id=abc')).statusCode).toBe(400)
  })
})

describe("call frequencies: Mirakl's maximum usage as token buckets, 429 with Retry-After", () => {
  it('allows one OF24 a minute per shop and tells how many seconds to wait', async () => {
    start({ shopIds: [2000, 2002] })
    expect((await api.postOffers([offerFor(bag)])).statusCode).toBe(201)
    const throttled = await api.postOffers([offerFor(bag)])
    expect(throttled.statusCode).toBe(429)
    expect(throttled.headers['retry-after']).toBe('60')
    expect(throttled.json()).toEqual({ status: 429, message: 'Too many requests: OF24 allows 1 call(s) per 60 s per shop; retry after 60 s' })
    // Another shop has its own bucket.
    expect((await api.postOffers([offerFor(bag)], '?shop_id=2002')).statusCode).toBe(201)
    clock.advance(59_000)
    expect((await api.postOffers([offerFor(bag)])).headers['retry-after']).toBe('1')
    clock.advance(1000)
    expect((await api.postOffers([offerFor(bag)])).statusCode).toBe(201)
    expect(sim.stats.snapshot()).toMatchObject({ throttled: { OF24: 2 }, statuses: { OF24: { '201': 3, '429': 2 } } })
    expect(sim.imports.all().filter((item) => item.kind === 'offers')).toHaveLength(3)
  })

  it('does not count refused keys against the limit', async () => {
    start()
    for (let attempt = 0; attempt < 3; attempt++) expect((await sim.app.inject({ method: 'POST', url: '/api/offers', headers: { authorization: 'wrong' }, payload: { offers: [offerFor(bag)] } })).statusCode).toBe(401)
    expect((await api.postOffers([offerFor(bag)])).statusCode).toBe(201)
  })

  it('limits status polls per import: one OF02 a minute for each import', async () => {
    start({ rateLimits: { OF24: 'off' } })
    const first = (await api.postOffers([offerFor(bag)])).json<{ import_id: number }>().import_id
    const second = (await api.postOffers([offerFor(bag, { price: 1 })])).json<{ import_id: number }>().import_id
    expect((await api.get(`/api/offers/imports/${first}`)).statusCode).toBe(200)
    const again = await api.get(`/api/offers/imports/${first}`)
    expect(again.statusCode).toBe(429)
    expect(again.headers['retry-after']).toBe('60')
    expect(again.json<{ message: string }>().message).toContain('per import')
    expect((await api.get(`/api/offers/imports/${second}`)).statusCode).toBe(200)
  })

  it('allows one P41 every 15 minutes per shop', async () => {
    start()
    expect((await api.postProducts(productCsv([bag]))).statusCode).toBe(201)
    const throttled = await api.postProducts(productCsv([bag]))
    expect(throttled.statusCode).toBe(429)
    expect(throttled.headers['retry-after']).toBe('900')
  })

  it('takes overrides: more calls per interval with a burst, or no limit', async () => {
    start({ rateLimits: { OF24: { calls: 2, perSeconds: 60 } } })
    expect((await api.postOffers([offerFor(bag)])).statusCode).toBe(201)
    expect((await api.postOffers([offerFor(bag, { price: 2 })])).statusCode).toBe(201)
    const throttled = await api.postOffers([offerFor(bag, { price: 3 })])
    expect(throttled.statusCode).toBe(429)
    expect(throttled.headers['retry-after']).toBe('30')
    await sim.app.close()
    start({ rateLimits: 'off' })
    for (let call = 0; call < 5; call++) expect((await api.postOffers([offerFor(bag, { price: call + 1 })])).statusCode).toBe(201)
  })
})
