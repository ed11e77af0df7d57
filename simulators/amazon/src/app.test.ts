import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AmazonSimulator } from './app.js'
import { itemUrl, newSimulator } from './test-support/sp-api-test-kit.js'

const secrets = { clientId: 'amzn1.application-oa2-client.logtest', clientSecret: 'lwa-secret-never-logged', refreshToken: 'Atzr|refresh-never-logged' }
let sim: AmazonSimulator
let lines: string[]

beforeEach(() => {
  sim = newSimulator({ logLevel: 'trace', credentials: secrets })
  lines = []
  // Read what the logger writes by taking over its destination stream.
  const stream = (sim.log as unknown as Record<symbol, { write: (line: string) => boolean }>)[pino.symbols.streamSym]
  if (!stream) throw new Error('logger has no stream')
  stream.write = (line: string) => {
    lines.push(line)
    return true
  }
})
afterEach(async () => {
  await sim.app.close()
})

describe('request logging', () => {
  it('logs one line per request and never a client secret, refresh token or access token', async () => {
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: secrets.refreshToken, client_id: secrets.clientId, client_secret: secrets.clientSecret }).toString()
    const token = (await sim.app.inject({ method: 'POST', url: '/auth/o2/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form })).json<{ access_token: string }>().access_token
    await sim.app.inject({ method: 'POST', url: '/auth/o2/token', payload: { grant_type: 'refresh_token', refresh_token: secrets.refreshToken, client_id: secrets.clientId, client_secret: 'wrong-secret-never-logged' } })
    await sim.app.inject({ url: itemUrl('24-MB01'), headers: { 'x-amz-access-token': token } })
    await sim.app.inject({ method: 'PUT', url: itemUrl('24-MB01'), headers: { 'x-amz-access-token': token }, payload: { productType: 'SHIRT', attributes: {} } })

    const requests = lines.map((line) => JSON.parse(line) as { message: string; operation?: string }).filter((line) => line.message === 'request completed')
    expect(requests.map((line) => line.operation)).toEqual([undefined, undefined, 'getListingsItem', 'putListingsItem'])
    const logged = lines.join('\n')
    for (const secret of [secrets.clientSecret, secrets.refreshToken, token, 'wrong-secret-never-logged']) expect(logged).not.toContain(secret)
  })
})
