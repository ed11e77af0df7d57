import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { loadValidatedMapping, productTypeSchemaFiles, productTypeSchemasDir } from '@listing-sync/mapping'
import { createLogger } from '@listing-sync/observability'
import { createAmazonSimulator, DEMO_CREDENTIALS, fixturesDir, loadProductTypeSchemas, SpApiModels, US_MARKETPLACE_ID, type AmazonSimulator } from '@listing-sync/simulator-amazon'
import { LwaTokens, ProductTypeDefinitionsClient } from '@listing-sync/sp-api'
import { sampleProduct } from '../../../../packages/mapping/src/test-support/sample-catalog.js'
import { ApiProductTypeSchemas } from './api-product-type-schemas.js'

// The API schema source against the Amazon simulator on a real port; "Amazon is down" is the
// simulator stopped.

const models = SpApiModels.load(fixturesDir())
const productTypeSchemas = loadProductTypeSchemas({ fixturesDir: fixturesDir(), productTypesDir: productTypeSchemasDir() })
const AMAZON_MANIFEST = join(productTypeSchemasDir(), '..', 'amazon.json')
const fileOf = (productType: string) => join(productTypeSchemasDir(), `${productType}.json`)
const simulators: AmazonSimulator[] = []

afterEach(async () => {
  await Promise.all(simulators.splice(0).map((sim) => sim.app.close()))
})

async function startSimulator(): Promise<{ sim: AmazonSimulator; url: string }> {
  const sim = createAmazonSimulator({ logLevel: 'silent', models, productTypeSchemas, rateLimits: 'off' })
  simulators.push(sim)
  return { sim, url: await sim.listen('127.0.0.1', 0) }
}

/** A source of the simulator at `url` with a cache in `cacheDir`, and the warnings it logs. */
function source(url: string, cacheDir: string) {
  const warnings: { message: string; productType?: string; file?: string }[] = []
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const line = JSON.parse(chunk.toString()) as { message: string; 'log.level': string }
      if (line['log.level'] === 'warn' && line.message !== 'outbound call failed') warnings.push(line)
      done()
    },
  })
  const log = createLogger({ service: 'test', level: 'warn', destination })
  const client = new ProductTypeDefinitionsClient({ endpoint: url, tokens: new LwaTokens(`${url}/auth/o2/token`, DEMO_CREDENTIALS, log), log })
  return { schemas: new ApiProductTypeSchemas({ client, marketplaceId: US_MARKETPLACE_ID, cacheDir, log }), warnings }
}

const newCacheDir = () => mkdtemp(join(tmpdir(), 'product-type-schemas-'))

/** Makes a product type require one more attribute, as when Amazon publishes a new schema version. */
async function requireAttribute(url: string, productType: string, attribute: string): Promise<void> {
  const response = await fetch(`${url}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'required-attribute', productType, attribute }) })
  expect(response.status).toBe(201)
}

describe('ApiProductTypeSchemas', () => {
  it('gives the schema the API serves and keeps it on disk', async () => {
    const { sim, url } = await startSimulator()
    const cacheDir = await newCacheDir()
    const { schemas, warnings } = source(url, cacheDir)
    const served = sim.catalog.schema('LUGGAGE')
    expect(await schemas.schema('LUGGAGE', fileOf('LUGGAGE'))).toEqual({ schema: served.schema, digest: served.checksum })
    const cached = JSON.parse(await readFile(join(cacheDir, US_MARKETPLACE_ID, 'LUGGAGE.json'), 'utf8')) as Record<string, unknown>
    expect(cached).toMatchObject({ productType: 'LUGGAGE', marketplaceId: US_MARKETPLACE_ID, checksum: served.checksum, version: sim.catalog.version('LUGGAGE'), schema: served.schema })
    expect(warnings).toEqual([])
  })

  it('gives the schema in memory to later loads, without asking Amazon again', async () => {
    const { sim, url } = await startSimulator()
    const { schemas } = source(url, await newCacheDir())
    const first = await schemas.schema('LUGGAGE', fileOf('LUGGAGE'))
    expect(await schemas.schema('LUGGAGE', fileOf('LUGGAGE'))).toBe(first)
    expect(sim.stats.snapshot().calls.getDefinitionsProductType).toEqual({ '200': 1 })
  })

  it('finds no change on a refresh while the schema stays the same, and downloads nothing', async () => {
    const { url } = await startSimulator()
    const cacheDir = await newCacheDir()
    const { schemas } = source(url, cacheDir)
    const before = await schemas.schema('LUGGAGE', fileOf('LUGGAGE'))
    const cachedAt = (JSON.parse(await readFile(join(cacheDir, US_MARKETPLACE_ID, 'LUGGAGE.json'), 'utf8')) as { fetchedAt: string }).fetchedAt
    expect(await schemas.refresh()).toBe(false)
    expect(await schemas.schema('LUGGAGE', fileOf('LUGGAGE'))).toBe(before)
    expect((JSON.parse(await readFile(join(cacheDir, US_MARKETPLACE_ID, 'LUGGAGE.json'), 'utf8')) as { fetchedAt: string }).fetchedAt).toBe(cachedAt)
  })

  it('picks up a newly required attribute on the next refresh', async () => {
    const { sim, url } = await startSimulator()
    const { schemas } = source(url, await newCacheDir())
    const before = await schemas.schema('LUGGAGE', fileOf('LUGGAGE'))
    expect(before.schema).not.toMatchObject({ required: expect.arrayContaining(['item_type_keyword']) as unknown })
    await requireAttribute(url, 'LUGGAGE', 'item_type_keyword')
    expect(await schemas.refresh()).toBe(true)
    const after = await schemas.schema('LUGGAGE', fileOf('LUGGAGE'))
    expect(after).toEqual({ schema: sim.catalog.schema('LUGGAGE').schema, digest: sim.catalog.schema('LUGGAGE').checksum })
    expect(after.schema).toMatchObject({ required: expect.arrayContaining(['item_type_keyword']) as unknown })
  })

  it('keeps the schema in use when a refresh cannot reach Amazon', async () => {
    const { sim, url } = await startSimulator()
    const { schemas, warnings } = source(url, await newCacheDir())
    const before = await schemas.schema('LUGGAGE', fileOf('LUGGAGE'))
    await sim.app.close()
    expect(await schemas.refresh()).toBe(false)
    expect(await schemas.schema('LUGGAGE', fileOf('LUGGAGE'))).toBe(before)
    expect(warnings).toMatchObject([{ message: 'product type definition refresh failed, the schema in use stays', productType: 'LUGGAGE' }])
  })

  it('validates with the cached schema after a restart while Amazon is down, and says so', async () => {
    const { sim, url } = await startSimulator()
    const cacheDir = await newCacheDir()
    await requireAttribute(url, 'LUGGAGE', 'item_type_keyword')
    const fetched = await source(url, cacheDir).schemas.schema('LUGGAGE', fileOf('LUGGAGE'))
    await sim.app.close()
    // A new process: nothing in memory, Amazon unreachable.
    const { schemas, warnings } = source(url, cacheDir)
    expect(await schemas.schema('LUGGAGE', fileOf('LUGGAGE'))).toEqual(fetched)
    expect(warnings).toMatchObject([{ message: 'product type definition unavailable, validating with the cached schema', productType: 'LUGGAGE' }])
  })

  it("validates with the manifest's file when Amazon is down and nothing is cached, and says so", async () => {
    const { sim, url } = await startSimulator()
    await sim.app.close()
    const { schemas, warnings } = source(url, await newCacheDir())
    expect(await schemas.schema('SHIRT', fileOf('SHIRT'))).toEqual(await productTypeSchemaFiles.schema('SHIRT', fileOf('SHIRT')))
    expect(warnings).toMatchObject([{ message: "product type definition unavailable and none cached, validating with the manifest's schema file", productType: 'SHIRT', file: fileOf('SHIRT') }])
  })

  it('asks Amazon again within minutes while a product type runs on its file, and daily once it answered', async () => {
    const { sim, url } = await startSimulator()
    const port = Number(new URL(url).port)
    await sim.app.close()
    const { schemas } = source(url, await newCacheDir())
    await schemas.schema('SHIRT', fileOf('SHIRT'))
    const day = 24 * 60 * 60 * 1000
    expect(schemas.refreshDelay(day)).toBe(5 * 60 * 1000)
    // Amazon is back on the same address: the refresh replaces the file with Amazon's schema.
    const back = createAmazonSimulator({ logLevel: 'silent', models, productTypeSchemas, rateLimits: 'off' })
    simulators.push(back)
    await back.listen('127.0.0.1', port)
    expect(await schemas.refresh()).toBe(true)
    expect(await schemas.schema('SHIRT', fileOf('SHIRT'))).toEqual({ schema: back.catalog.schema('SHIRT').schema, digest: back.catalog.schema('SHIRT').checksum })
    expect(schemas.refreshDelay(day)).toBe(day)
  })

  it('feeds loadValidatedMapping: a product valid before a newly required attribute is invalid after the refresh', async () => {
    const { url } = await startSimulator()
    const { schemas } = source(url, await newCacheDir())
    const product = await sampleProduct('24-MB01')
    const before = await loadValidatedMapping(AMAZON_MANIFEST, { productTypeSchemas: schemas })
    if (!before.ok) throw new Error(JSON.stringify(before.problems))
    expect(await before.mapping.map(product)).toMatchObject({ ok: true, productType: 'LUGGAGE' })

    await requireAttribute(url, 'LUGGAGE', 'item_type_keyword')
    await schemas.refresh()
    const after = await loadValidatedMapping(AMAZON_MANIFEST, { productTypeSchemas: schemas })
    if (!after.ok) throw new Error(JSON.stringify(after.problems))
    expect(after.mapping.fingerprint).not.toBe(before.mapping.fingerprint)
    expect(await after.mapping.map(product)).toMatchObject({ ok: false, productType: 'LUGGAGE', problems: [{ stage: 'VALIDATION', rule: 'item_type_keyword', path: 'attributes.item_type_keyword' }] })
  }, 60_000)
})
