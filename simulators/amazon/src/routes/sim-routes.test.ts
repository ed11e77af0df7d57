import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AmazonSimulator } from '../app.js'
import { accessToken, contractProblems, GENEROUS_LIMITS, itemUrl, newSimulator, SELLER, shirtAttributes, text, US } from '../test-support/sp-api-test-kit.js'

let sim: AmazonSimulator
let token: string
let now: Date
let slept: number[]

beforeEach(async () => {
  now = new Date('2025-06-01T10:00:00Z')
  slept = []
  sim = newSimulator({
    clock: () => now,
    rateLimits: GENEROUS_LIMITS,
    sleep: (ms) => {
      slept.push(ms)
      return Promise.resolve()
    },
  })
  token = await accessToken(sim)
})
afterEach(async () => {
  await sim.app.close()
})

const put = (sku: string, attributes = shirtAttributes()) => sim.app.inject({ method: 'PUT', url: itemUrl(sku), headers: { 'x-amz-access-token': token }, payload: { productType: 'SHIRT', requirements: 'LISTING', attributes } })
const get = (sku: string) => sim.app.inject({ url: itemUrl(sku), headers: { 'x-amz-access-token': token } })
const fault = (body: unknown) => sim.app.inject({ method: 'POST', url: '/_sim/faults', payload: body as object })
const later = (ms: number) => {
  now = new Date(now.getTime() + ms)
}

describe('GET /_sim/state', () => {
  it('lists the stored listings per SKU with their attributes and write counts', async () => {
    await put('MH01-XS-Black')
    await put('MH01-XS-Black', shirtAttributes({ style: text('Hoodie') }))
    await put('24-MB01')
    const state = (await sim.app.inject({ url: '/_sim/state' })).json<{ listings: number; skus: Record<string, { marketplaceId: string; sellerId: string; writes: number; attributes: Record<string, unknown> }[]> }>()
    expect(state.listings).toBe(2)
    expect(Object.keys(state.skus)).toEqual(['24-MB01', 'MH01-XS-Black'])
    expect(state.skus['MH01-XS-Black']).toEqual([expect.objectContaining({ sellerId: SELLER, marketplaceId: US, productType: 'SHIRT', writes: 2, attributes: shirtAttributes({ style: text('Hoodie') }) })])
  })

  it('answers one SKU with ?sku= and 404 for a SKU it does not hold', async () => {
    await put('24-MB01')
    expect((await sim.app.inject({ url: '/_sim/state?sku=24-MB01' })).json()).toMatchObject({ sku: '24-MB01', listings: [{ marketplaceId: US, writes: 1 }] })
    expect((await sim.app.inject({ url: '/_sim/state?sku=NOPE' })).statusCode).toBe(404)
  })
})

describe('GET /_sim/stats', () => {
  it('counts accepted writes that left the listing as it was', async () => {
    await put('24-MB01')
    await put('24-MB01')
    await put('24-MB01', shirtAttributes({ style: text('Hoodie') }))
    expect((await sim.app.inject({ url: '/_sim/stats' })).json()).toMatchObject({ unchangedWrites: 1, submissions: { ACCEPTED: 3 } })
  })

  it('counts calls per operation and status, 429s, and submissions', async () => {
    await put('24-MB01')
    await put('24-MB02', {})
    await get('24-MB01')
    await get('NOPE')
    await sim.app.inject({ url: itemUrl('24-MB01') })
    await fault({ type: 'status', status: 429, operations: ['getListingsItem'] })
    await get('24-MB01')
    expect((await sim.app.inject({ url: '/_sim/stats' })).json()).toEqual({
      calls: { lwaToken: { '200': 1 }, putListingsItem: { '200': 2 }, getListingsItem: { '200': 1, '404': 1, '403': 1, '429': 1 } },
      throttled: { total: 1, rateLimit: 0, fault: 1 },
      unchangedWrites: 0,
      faultsInjected: 0,
      submissions: { ACCEPTED: 1, INVALID: 1, VALID: 0 },
    })
  })
})

describe('POST /_sim/faults', () => {
  it('answers 503 ServiceUnavailable for the window, then serves again', async () => {
    expect((await fault({ type: 'status', status: 503, durationMs: 10_000 })).statusCode).toBe(201)
    const down = await put('24-MB01')
    expect(down.statusCode).toBe(503)
    expect(down.json()).toEqual({ errors: [{ code: 'ServiceUnavailable', message: 'Service temporarily unavailable. Please retry later.' }] })
    expect(contractProblems('putListingsItem', down)).toEqual([])
    expect(sim.store.size).toBe(0)
    later(10_000)
    expect((await put('24-MB01')).statusCode).toBe(200)
    expect(sim.stats.snapshot().faultsInjected).toBe(1)
  })

  it('throttles only the named operations during a 429 storm, without Retry-After', async () => {
    await fault({ type: 'status', status: 429, durationMs: 5000, operations: ['putListingsItem'] })
    const storm = await put('24-MB01')
    expect(storm.statusCode).toBe(429)
    expect(storm.json()).toEqual({ errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.' }] })
    expect(contractProblems('putListingsItem', storm)).toEqual([])
    expect((await get('24-MB01')).statusCode).toBe(404)
    later(5000)
    expect((await put('24-MB01')).statusCode).toBe(200)
  })

  it('delays calls by the injected latency, added up over overlapping faults', async () => {
    await fault({ type: 'latency', ms: 250 })
    await fault({ type: 'latency', ms: 100, operations: ['getListingsItem'] })
    await put('24-MB01')
    await get('24-MB01')
    expect(slept).toEqual([250, 350])
    await sim.app.inject({ method: 'DELETE', url: '/_sim/faults' })
    await get('24-MB01')
    expect(slept).toEqual([250, 350])
  })

  it('makes a product type require one more attribute: listings without it turn INVALID', async () => {
    expect((await put('MH01-XS-Black')).json()).toMatchObject({ status: 'ACCEPTED' })
    const response = await fault({ type: 'required-attribute', productType: 'SHIRT', attribute: 'style', durationMs: 60_000 })
    expect(response.json()).toEqual({ type: 'required-attribute', productType: 'SHIRT', attribute: 'style', durationMs: 60_000, until: '2025-06-01T10:01:00.000Z' })
    expect((await put('MH01-XS-Black')).json()).toMatchObject({ status: 'INVALID', issues: [{ code: '90220', message: "'style' is required but not supplied.", attributeNames: ['style'], categories: ['MISSING_ATTRIBUTE'] }] })
    expect((await put('MH01-XS-Black', shirtAttributes({ style: text('Hoodie') }))).json()).toMatchObject({ status: 'ACCEPTED' })
    later(60_000)
    expect((await put('MH01-XS-Black')).json()).toMatchObject({ status: 'ACCEPTED' })
  })

  it('refuses a fault that names no rule, a bad status or an attribute the product type lacks', async () => {
    const problems = async (body: unknown) => (await fault(body)).json<{ errors: { field: string }[] }>().errors.map((error) => error.field)
    expect(await problems({ type: 'flood' })).toEqual(['type'])
    expect(await problems({ type: 'status', status: 418 })).toEqual(['status'])
    expect(await problems({ type: 'required-attribute', productType: 'SHIRT', attribute: 'warp_drive' })).toEqual(['attribute'])
    expect(await problems({ type: 'required-attribute', productType: 'SPACESHIP', attribute: 'style' })).toEqual(['productType'])
    expect((await sim.app.inject({ url: '/_sim/faults' })).json()).toEqual([])
  })

  it('lists the faults in force and clears them all with DELETE', async () => {
    await fault({ type: 'status', status: 500, durationMs: 1000 })
    await fault({ type: 'required-attribute', productType: 'SHIRT', attribute: 'style' })
    expect((await sim.app.inject({ url: '/_sim/faults' })).json()).toEqual([
      { type: 'status', status: 500, durationMs: 1000, until: '2025-06-01T10:00:01.000Z' },
      { type: 'required-attribute', productType: 'SHIRT', attribute: 'style', until: null },
    ])
    const failing = await get('24-MB01')
    expect(failing.statusCode).toBe(500)
    expect(contractProblems('getListingsItem', failing)).toEqual([])
    expect((await sim.app.inject({ method: 'DELETE', url: '/_sim/faults' })).statusCode).toBe(204)
    expect((await get('24-MB01')).statusCode).toBe(404)
  })
})

describe('POST /_sim/reset', () => {
  it('forgets listings, faults and counters and refills the buckets, keeping issued tokens valid', async () => {
    const limited = newSimulator()
    const limitedToken = await accessToken(limited)
    const deleteItem = () => limited.app.inject({ method: 'DELETE', url: itemUrl('24-MB01'), headers: { 'x-amz-access-token': limitedToken } })
    for (let i = 0; i < 5; i++) await deleteItem()
    expect((await deleteItem()).statusCode).toBe(429)
    await limited.app.inject({ method: 'PUT', url: itemUrl('24-MB01'), headers: { 'x-amz-access-token': limitedToken }, payload: { productType: 'SHIRT', attributes: shirtAttributes() } })
    await limited.app.inject({ method: 'POST', url: '/_sim/faults', payload: { type: 'latency', ms: 1 } })
    expect((await limited.app.inject({ method: 'POST', url: '/_sim/reset' })).statusCode).toBe(204)
    expect(limited.store.size).toBe(0)
    expect(limited.faults.active()).toEqual([])
    expect(limited.stats.snapshot().calls).toEqual({})
    expect((await deleteItem()).statusCode).toBe(200)
    await limited.app.close()
  })
})
