import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AmazonSimulator } from './app.js'
import { accessToken, contractProblems, itemUrl, newSimulator, shirtAttributes, US } from './test-support/sp-api-test-kit.js'

let sim: AmazonSimulator
let token: string
let now: Date

beforeEach(async () => {
  now = new Date('2025-06-01T10:00:00Z')
  sim = newSimulator({ clock: () => now })
  token = await accessToken(sim)
})
afterEach(async () => {
  await sim.app.close()
})

const getItem = () => sim.app.inject({ url: itemUrl('24-MB01'), headers: { 'x-amz-access-token': token } })
const getDefinition = () => sim.app.inject({ url: `/definitions/2020-09-01/productTypes/SHIRT?marketplaceIds=${US}`, headers: { 'x-amz-access-token': token } })
const deleteItem = () => sim.app.inject({ method: 'DELETE', url: itemUrl('24-MB01'), headers: { 'x-amz-access-token': token } })

describe('per-operation usage plans', () => {
  it('admits getListingsItem’s burst of 10, then answers 429 QuotaExceeded without Retry-After', async () => {
    const answers = []
    for (let i = 0; i < 11; i++) answers.push(await getItem())
    expect(answers.map((answer) => answer.statusCode)).toEqual([...Array<number>(10).fill(404), 429])
    const throttled = answers[10]
    if (!throttled) throw new Error('no eleventh answer')
    expect(throttled.json()).toEqual({ errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.' }] })
    expect(throttled.headers['retry-after']).toBeUndefined()
    // The model declares only x-amzn-RequestId on a 429; the admitted answers carry the limit applied.
    expect(throttled.headers['x-amzn-ratelimit-limit']).toBeUndefined()
    expect(answers[0]?.headers['x-amzn-ratelimit-limit']).toBe('5.0')
    for (const answer of answers) expect(contractProblems('getListingsItem', answer)).toEqual([])
    expect(sim.stats.snapshot().throttled).toEqual({ total: 1, rateLimit: 1, fault: 0 })
  })

  it('gives deleteListingsItem its own bucket with the burst of 5 its model declares', async () => {
    for (let i = 0; i < 10; i++) await getItem()
    const deletes = []
    for (let i = 0; i < 6; i++) deletes.push((await deleteItem()).statusCode)
    expect(deletes).toEqual([200, 200, 200, 200, 200, 429])
    expect((await getDefinition()).statusCode).toBe(200)
  })

  it('refills at the rate: one more call 200 ms later, the whole burst after two seconds', async () => {
    for (let i = 0; i < 10; i++) await getItem()
    expect((await getItem()).statusCode).toBe(429)
    now = new Date(now.getTime() + 200)
    expect((await getItem()).statusCode).toBe(404)
    expect((await getItem()).statusCode).toBe(429)
    now = new Date(now.getTime() + 2000)
    const burst = []
    for (let i = 0; i < 11; i++) burst.push((await getItem()).statusCode)
    expect(burst.filter((status) => status === 404)).toHaveLength(10)
  })

  it('does not spend tokens on calls refused for their token', async () => {
    for (let i = 0; i < 20; i++) expect((await sim.app.inject({ url: itemUrl('24-MB01') })).statusCode).toBe(403)
    expect((await getItem()).statusCode).toBe(404)
  })

  it('never throttles with rate limits off, and then sends no x-amzn-RateLimit-Limit', async () => {
    const unlimited = newSimulator({ rateLimits: 'off' })
    const unlimitedToken = await accessToken(unlimited)
    const statuses = new Set<number>()
    let limitHeader: unknown
    for (let i = 0; i < 30; i++) {
      const answer = await unlimited.app.inject({ method: 'PUT', url: itemUrl(`SKU-${i}`), headers: { 'x-amz-access-token': unlimitedToken }, payload: { productType: 'SHIRT', attributes: shirtAttributes() } })
      statuses.add(answer.statusCode)
      limitHeader ??= answer.headers['x-amzn-ratelimit-limit']
    }
    expect([...statuses]).toEqual([200])
    expect(limitHeader).toBeUndefined()
    await unlimited.app.close()
  })
})

describe('every SP-API answer', () => {
  it('carries its own x-amzn-RequestId', async () => {
    const ids = [(await getItem()).headers['x-amzn-requestid'], (await sim.app.inject({ url: itemUrl('24-MB01') })).headers['x-amzn-requestid'], (await getDefinition()).headers['x-amzn-requestid']]
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/)
    expect(new Set(ids).size).toBe(3)
  })

  it('answers unknown paths 404 in the ErrorList shape', async () => {
    const response = await sim.app.inject({ url: '/listings/2020-09-01/items/A/B', headers: { 'x-amz-access-token': token } })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toEqual({ errors: [{ code: 'NotFound', message: 'No resource at GET /listings/2020-09-01/items/A/B.' }] })
  })
})
