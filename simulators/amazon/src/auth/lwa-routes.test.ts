import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AmazonSimulator } from '../app.js'
import { accessToken, contractProblems, itemUrl, newSimulator } from '../test-support/sp-api-test-kit.js'

let sim: AmazonSimulator
let now: Date

beforeEach(() => {
  now = new Date('2025-06-01T10:00:00Z')
  sim = newSimulator({ clock: () => now, credentials: { clientId: 'amzn1.application-oa2-client.test', clientSecret: 'lwa-test-secret', refreshToken: 'Atzr|test-refresh' } })
})
afterEach(async () => {
  await sim.app.close()
})

const form = (fields: Record<string, string>) => ({
  method: 'POST' as const,
  url: '/auth/o2/token',
  headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
  payload: new URLSearchParams(fields).toString(),
})
const good = { grant_type: 'refresh_token', refresh_token: 'Atzr|test-refresh', client_id: 'amzn1.application-oa2-client.test', client_secret: 'lwa-test-secret' }

describe('POST /auth/o2/token', () => {
  it('exchanges the refresh token for a bearer access token valid one hour, not cacheable', async () => {
    const response = await sim.app.inject(form(good))
    expect(response.statusCode).toBe(200)
    const body = response.json<Record<string, unknown>>()
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'token_type'])
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3600, refresh_token: 'Atzr|test-refresh' })
    expect(body.access_token).toMatch(/^Atza\|[\w-]{40,}$/)
    expect(response.headers['cache-control']).toBe('no-store')
    expect(response.headers['x-amzn-requestid']).toEqual(expect.any(String))
  })

  it('takes the same fields as JSON, as Amazon’s SDK sample clients send them', async () => {
    const response = await sim.app.inject({ method: 'POST', url: '/auth/o2/token', payload: good })
    expect(response.statusCode).toBe(200)
    expect(response.json<{ access_token: string }>().access_token).toMatch(/^Atza\|/)
  })

  it('issues a different token on every exchange', async () => {
    const first = (await sim.app.inject(form(good))).json<{ access_token: string }>().access_token
    const second = (await sim.app.inject(form(good))).json<{ access_token: string }>().access_token
    expect(first).not.toBe(second)
  })

  it.each([
    ['a wrong client secret', { ...good, client_secret: 'guess' }, 401, { error: 'invalid_client', error_description: 'Client authentication failed' }],
    ['a wrong client id', { ...good, client_id: 'amzn1.application-oa2-client.other' }, 401, { error: 'invalid_client', error_description: 'Client authentication failed' }],
    ['a wrong refresh token', { ...good, refresh_token: 'Atzr|revoked' }, 400, { error: 'invalid_grant', error_description: 'The request has an invalid grant parameter : refresh_token' }],
    ['no client secret', { grant_type: 'refresh_token', refresh_token: 'Atzr|test-refresh', client_id: 'amzn1.application-oa2-client.test' }, 400, { error: 'invalid_request', error_description: 'The request is missing a required parameter : client_secret' }],
    ['no grant type', { refresh_token: 'Atzr|test-refresh' }, 400, { error: 'invalid_request', error_description: 'The request is missing a required parameter : grant_type' }],
    ['another grant type', { ...good, grant_type: 'password' }, 400, { error: 'unsupported_grant_type' }],
  ])('answers %s with LWA’s error shape', async (_case, fields, status, error) => {
    const response = await sim.app.inject(form(fields))
    expect(response.statusCode).toBe(status)
    expect(response.json()).toMatchObject(error)
    expect(Object.keys(response.json<object>()).sort()).toEqual(['error', 'error_description'])
  })
})

describe('x-amz-access-token on SP-API calls', () => {
  const get = (headers: Record<string, string>) => sim.app.inject({ method: 'GET', url: itemUrl('24-MB01'), headers })

  it('answers 403 Unauthorized in the ErrorList shape without a token', async () => {
    const response = await get({})
    expect(response.statusCode).toBe(403)
    expect(response.json()).toEqual({ errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: '' }] })
    expect(contractProblems('getListingsItem', response)).toEqual([])
  })

  it('answers 403 for a token it did not issue', async () => {
    const response = await get({ 'x-amz-access-token': 'Atza|forged' })
    expect(response.statusCode).toBe(403)
    expect(response.json()).toEqual({ errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: 'The access token you provided is revoked, malformed or invalid.' }] })
  })

  it('accepts an issued token until it expires, then answers 403 naming the expiry', async () => {
    const token = await accessToken(sim)
    expect((await get({ 'x-amz-access-token': token })).statusCode).toBe(404)
    now = new Date(now.getTime() + 3_599_000)
    expect((await get({ 'x-amz-access-token': token })).statusCode).toBe(404)
    now = new Date(now.getTime() + 1000)
    const expired = await get({ 'x-amz-access-token': token })
    expect(expired.statusCode).toBe(403)
    expect(expired.json()).toMatchObject({ errors: [{ code: 'Unauthorized', details: 'The access token you provided has expired.' }] })
    expect(contractProblems('getListingsItem', expired)).toEqual([])
  })

  it('refuses sellers the refresh token is not authorised for, when sellers are configured', async () => {
    const restricted = newSimulator({ sellerIds: ['A3SIMSELLER0001'] })
    const token = await accessToken(restricted)
    expect((await restricted.app.inject({ url: itemUrl('24-MB01', undefined, 'A3SIMSELLER0001'), headers: { 'x-amz-access-token': token } })).statusCode).toBe(404)
    expect((await restricted.app.inject({ url: itemUrl('24-MB01', undefined, 'AOTHERSELLER'), headers: { 'x-amz-access-token': token } })).statusCode).toBe(403)
    await restricted.app.close()
  })
})
