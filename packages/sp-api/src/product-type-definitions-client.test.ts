import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { isAppError, LS_ERR_MARKETPLACE_PRODUCT_TYPE_DEFINITION } from '@listing-sync/errors'
import { createLogger } from '@listing-sync/observability'
import { createAmazonSimulator, fixturesDir, loadProductTypeSchemas, SpApiModels, US_MARKETPLACE_ID, type AmazonSimulator, type AmazonSimulatorOptions } from '@listing-sync/simulator-amazon'
import { productTypeSchemasDir } from '@listing-sync/mapping'
import { LwaTokens } from './lwa-tokens.js'
import { ProductTypeDefinitionsClient } from './product-type-definitions-client.js'

// The client against the Amazon simulator on a real port: the simulator checks every call against
// Amazon's model and serves the schemas (and checksums) the definitions link to.

const models = SpApiModels.load(fixturesDir())
const productTypeSchemas = loadProductTypeSchemas({ fixturesDir: fixturesDir(), productTypesDir: productTypeSchemasDir() })
const simulators: AmazonSimulator[] = []

afterEach(async () => {
  await Promise.all(simulators.splice(0).map((sim) => sim.app.close()))
})

/** A simulator listening on a free port, and a client of it whose debug log lines are kept. */
async function setUp(options: AmazonSimulatorOptions = {}) {
  const sim = createAmazonSimulator({ logLevel: 'silent', models, productTypeSchemas, ...options })
  simulators.push(sim)
  const url = await sim.listen('127.0.0.1', 0)
  const lines: string[] = []
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString())
      done()
    },
  })
  const log = createLogger({ service: 'test', level: 'debug', destination })
  const tokens = new LwaTokens(`${url}/auth/o2/token`, sim.credentials, log)
  return { sim, lines, client: new ProductTypeDefinitionsClient({ endpoint: url, tokens, log }) }
}

/** The error a promise rejects with. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason as Error,
  )
  if (error === undefined) throw new Error('expected a rejection')
  return error
}

describe('ProductTypeDefinitionsClient', () => {
  it('gets a definition and downloads the schema it links to: the schema the simulator serves, checksum verified', async () => {
    const { sim, client } = await setUp()
    const served = sim.catalog.schema('LUGGAGE')
    const definition = await client.getDefinitionsProductType('LUGGAGE', [US_MARKETPLACE_ID])
    expect(definition).toMatchObject({
      productType: 'LUGGAGE',
      requirements: 'LISTING',
      requirementsEnforced: 'ENFORCED',
      marketplaceIds: [US_MARKETPLACE_ID],
      locale: 'en_US',
      schema: { checksum: served.checksum },
      productTypeVersion: { version: sim.catalog.version('LUGGAGE'), latest: true },
    })
    const downloaded = await client.downloadSchema('LUGGAGE', definition.schema)
    expect(downloaded).toEqual({ schema: served.schema, checksum: served.checksum })
  })

  it('asks for the requirements and locale given', async () => {
    const { client } = await setUp()
    const definition = await client.getDefinitionsProductType('SHIRT', [US_MARKETPLACE_ID], 'LISTING_OFFER_ONLY', 'en_GB')
    expect(definition).toMatchObject({ productType: 'SHIRT', requirements: 'LISTING_OFFER_ONLY', locale: 'en_GB' })
  })

  it('downloads Amazon’s real BRACELET schema intact', async () => {
    const { sim, client } = await setUp()
    const definition = await client.getDefinitionsProductType('BRACELET', [US_MARKETPLACE_ID])
    expect((await client.downloadSchema('BRACELET', definition.schema)).schema).toEqual(sim.catalog.schema('BRACELET').schema)
  })

  it('reuses one LWA access token for every call', async () => {
    const { sim, client } = await setUp()
    for (const productType of ['LUGGAGE', 'SHIRT', 'WATCH']) await client.getDefinitionsProductType(productType, [US_MARKETPLACE_ID])
    expect(sim.stats.snapshot().calls).toMatchObject({ lwaToken: { '200': 1 }, getDefinitionsProductType: { '200': 3 } })
  })

  it("paces definition calls to the operation's usage plan: a dozen in a row are not throttled", async () => {
    const { sim, client } = await setUp()
    for (let call = 0; call < 12; call++) await client.getDefinitionsProductType('SHIRT', [US_MARKETPLACE_ID])
    expect(sim.stats.snapshot().calls.getDefinitionsProductType).toEqual({ '200': 12 })
  })

  it('takes a new access token after Amazon refused the one it had (403)', async () => {
    let now = Date.now()
    const { sim, client } = await setUp({ clock: () => new Date(now) })
    await client.getDefinitionsProductType('LUGGAGE', [US_MARKETPLACE_ID])
    // Amazon's clock says the token expired; the client's does not know yet.
    now += 2 * 3600_000
    const refused = await rejection(client.getDefinitionsProductType('LUGGAGE', [US_MARKETPLACE_ID]))
    expect(refused.message).toMatch(/answered 403/)
    await client.getDefinitionsProductType('LUGGAGE', [US_MARKETPLACE_ID])
    expect(sim.stats.snapshot().calls).toMatchObject({ lwaToken: { '200': 2 }, getDefinitionsProductType: { '200': 2, '403': 1 } })
  })

  it('refuses a schema whose bytes do not match the checksum of the definition', async () => {
    const { client } = await setUp()
    const definition = await client.getDefinitionsProductType('LUGGAGE', [US_MARKETPLACE_ID])
    const error = await rejection(client.downloadSchema('LUGGAGE', { ...definition.schema, checksum: 'AAAAAAAAAAAAAAAAAAAAAA==' }))
    expect(isAppError(error, LS_ERR_MARKETPLACE_PRODUCT_TYPE_DEFINITION)).toBe(true)
    expect(error.message).toMatch(/^cannot get the product type definition of LUGGAGE: the schema's checksum is \S+, the definition says AAAAAAAAAAAAAAAAAAAAAA==$/)
  })

  it("names the product type and Amazon's error when the definition is refused", async () => {
    const { client } = await setUp()
    const error = await rejection(client.getDefinitionsProductType('NO_SUCH_TYPE', [US_MARKETPLACE_ID]))
    expect(isAppError(error, LS_ERR_MARKETPLACE_PRODUCT_TYPE_DEFINITION)).toBe(true)
    expect(error.message).toBe("cannot get the product type definition of NO_SUCH_TYPE: getDefinitionsProductType answered 404: NOT_FOUND: Product type 'NO_SUCH_TYPE' not found.")
  })

  it('fails with the product type named when Amazon cannot be reached', async () => {
    const { sim, client } = await setUp()
    await sim.app.close()
    const error = await rejection(client.getDefinitionsProductType('LUGGAGE', [US_MARKETPLACE_ID]))
    expect(isAppError(error, LS_ERR_MARKETPLACE_PRODUCT_TYPE_DEFINITION)).toBe(true)
    expect(error.message).toMatch(/^cannot get the product type definition of LUGGAGE: LWA token request failed/)
  })

  it('logs every call, with the access token and the LWA secrets redacted', async () => {
    const { sim, client, lines } = await setUp()
    const definition = await client.getDefinitionsProductType('LUGGAGE', [US_MARKETPLACE_ID])
    await client.downloadSchema('LUGGAGE', definition.schema)
    const calls = lines.map((line) => JSON.parse(line) as { message: string; url?: { full: string } }).filter((line) => line.message === 'outbound call')
    expect(calls.map((line) => new URL(line.url!.full).pathname)).toEqual(['/auth/o2/token', '/definitions/2020-09-01/productTypes/LUGGAGE', '/_sim/schemas/LUGGAGE.json'])
    const logged = lines.join('')
    expect(logged).toContain('[redacted]')
    for (const secret of [sim.credentials.clientSecret, sim.credentials.refreshToken, 'Atza|']) expect(logged).not.toContain(secret)
  })

  it('does not log the signature of a pre-signed schema link', async () => {
    const { client, lines } = await setUp()
    const definition = await client.getDefinitionsProductType('LUGGAGE', [US_MARKETPLACE_ID])
    // Amazon's links are pre-signed S3 URLs; the simulator's answer the same with the query added.
    const resource = `${definition.schema.link.resource}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIASECRETKEYID%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=0123456789abcdef`
    await client.downloadSchema('LUGGAGE', { ...definition.schema, link: { ...definition.schema.link, resource } })
    const logged = lines.join('')
    expect(logged).toContain('X-Amz-Algorithm=AWS4-HMAC-SHA256')
    for (const secret of ['AKIASECRETKEYID', '0123456789abcdef']) expect(logged).not.toContain(secret)
  })
})
