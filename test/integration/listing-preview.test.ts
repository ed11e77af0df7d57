import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Producer } from 'kafkajs'
import type { Product } from '@listing-sync/catalog'
import { CATALOG_PRODUCT_TOPIC, createProducer, ensureTopics, marketplaceTopicNames, readSchema, topicCatalog, valueSubject } from '@listing-sync/kafka'
import { loadValidatedMapping, type MarketplaceMapping } from '@listing-sync/mapping'
import { runPreview } from '../../packages/cli/src/commands/preview.js'
import { sampleProduct } from '../../packages/mapping/src/test-support/sample-catalog.js'
import { runId, testClients } from '../support/clients.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
// A copy of the Amazon manifest under a marketplace no transformer serves, so nothing but this
// test publishes to its listing topic however many transformers run against the broker.
const MARKETPLACE = 'preview-test'
const LISTINGS = marketplaceTopicNames(MARKETPLACE).listings

const { kafka, registry } = testClients('listing-preview')
const run = runId()
let mappingsDir: string
let mapping: MarketplaceMapping
let producer: Producer
let productSchemaId: number
let listingSchemaId: number
let env: Record<string, string>

beforeAll(async () => {
  mappingsDir = await mkdtemp(join(tmpdir(), 'preview-mappings-'))
  await cp(join(ROOT, 'mappings'), mappingsDir, { recursive: true })
  const amazon = JSON.parse(await readFile(join(mappingsDir, 'amazon.json'), 'utf8')) as Record<string, unknown>
  await writeFile(join(mappingsDir, `${MARKETPLACE}.json`), JSON.stringify({ ...amazon, marketplace: MARKETPLACE }))
  await Promise.all(['amazon.json', 'b2b.json'].map((name) => rm(join(mappingsDir, name))))
  const loaded = await loadValidatedMapping(join(mappingsDir, `${MARKETPLACE}.json`))
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems))
  mapping = loaded.mapping

  const admin = kafka.admin()
  await admin.connect()
  const specs = topicCatalog([MARKETPLACE]).filter((spec) => spec.name === LISTINGS)
  await ensureTopics(admin, specs).finally(() => admin.disconnect())
  listingSchemaId = (await registry.registerTopicSchemas(specs)).get(LISTINGS)!
  productSchemaId = await registry.register(valueSubject(CATALOG_PRODUCT_TOPIC), await readSchema('catalog/product-changed.avsc'))
  producer = createProducer(kafka)
  await producer.connect()
  env = { KAFKA_BROKERS: inject('kafkaBrokers').join(','), SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl'), MAPPINGS_DIR: mappingsDir }
}, 60_000)
afterAll(async () => {
  await producer?.disconnect()
})

/** A sample-catalog product under a SKU of this run. */
async function product(sampleSku: string, sku: string): Promise<Product> {
  return { ...(await sampleProduct(sampleSku)), sku }
}

/** Publishes a ProductChanged as ingest does (key = SKU, event id header); returns the event id. */
async function publishProduct(value: Product, eventId = `${run}-${value.sku}-${Math.random().toString(36).slice(2, 8)}`): Promise<string> {
  const event = { eventId, source: 'webhook', magentoUpdatedAt: new Date(), observedAt: new Date(), product: value }
  await producer.send({ topic: CATALOG_PRODUCT_TOPIC, acks: -1, messages: [{ key: value.sku, value: await registry.encode(productSchemaId, event), headers: { 'event-id': eventId } }] })
  return eventId
}

async function deleteProduct(sku: string): Promise<void> {
  await producer.send({ topic: CATALOG_PRODUCT_TOPIC, acks: -1, messages: [{ key: sku, value: null, headers: { 'event-id': `${run}-delete-${sku}` } }] })
}

/** Publishes a ListingUpdate as the transformer does. */
async function publishListing(sku: string, payload: unknown): Promise<void> {
  const update = {
    marketplace: MARKETPLACE,
    sku,
    action: 'UPSERT',
    productType: 'LUGGAGE',
    payloadJson: JSON.stringify(payload),
    payloadHash: 'not-checked-by-preview',
    sourceEventId: `${run}-listing-${sku}`,
    magentoUpdatedAt: new Date(),
    manifestVersion: mapping.version,
    mappedAt: new Date(),
  }
  await producer.send({ topic: LISTINGS, acks: -1, messages: [{ key: sku, value: await registry.encode(listingSchemaId, update) }] })
}

/** What the current manifest makes of a product, to compare the preview with. */
async function expectedPayload(value: Product): Promise<{ attributes: Record<string, { value?: unknown }[]> }> {
  const outcome = await mapping.map(value)
  if (!outcome.ok) throw new Error(`sample product does not map: ${JSON.stringify(outcome.problems)}`)
  return outcome.payload as { attributes: Record<string, { value?: unknown }[]> }
}

async function preview(sku: string, options: { json?: boolean; marketplace?: string } = {}): Promise<string> {
  let text = ''
  const args = ['--sku', sku, '--marketplace', options.marketplace ?? MARKETPLACE, ...(options.json ? ['--json'] : [])]
  expect(await runPreview(args, env, (chunk) => (text += chunk))).toBe(0)
  return text
}

interface PreviewJson {
  sku: string
  marketplace: string
  productType: string | null
  valid: boolean | null
  deleted: boolean
  problems: { stage: string; rule: string; path: string; message: string }[]
  payload: unknown
  lastPublished: { action: string; payload: unknown; manifestVersion: string } | null
  diff: { type: string; path: (string | number)[] }[] | null
  source: { topic: string; partition: number; eventId: string }
}
const previewJson = async (sku: string) => JSON.parse(await preview(sku, { json: true })) as PreviewJson

describe('listing-sync preview', () => {
  it('maps the newest canonical record of the SKU, validates it and says nothing was published yet', async () => {
    const sku = `PREVIEW-NEW-${run}`
    await publishProduct({ ...(await product('24-MB01', sku)), price: { amount: '10.00', currency: 'USD' } })
    const newest = { ...(await product('24-MB01', sku)), price: { amount: '20.00', currency: 'USD' } }
    const eventId = await publishProduct(newest)
    const payload = await expectedPayload(newest)

    const result = await previewJson(sku)
    expect(result).toMatchObject({ sku, marketplace: MARKETPLACE, productType: 'LUGGAGE', valid: true, deleted: false, problems: [], lastPublished: null, diff: null })
    expect(result.source).toMatchObject({ topic: CATALOG_PRODUCT_TOPIC, eventId })
    expect(result.payload).toEqual(payload)
    expect(JSON.stringify(payload.attributes.purchasable_offer)).toContain('20')
    expect(payload.attributes.item_name?.[0]?.value).toBe(newest.name)

    const text = await preview(sku)
    expect(text).toContain(`${sku} on ${MARKETPLACE}: product type LUGGAGE, manifest ${MARKETPLACE} ${mapping.version}`)
    expect(text).toContain(`event ${eventId}`)
    expect(text).toContain(`payload:\n${JSON.stringify(payload, null, 2)}\n`)
    expect(text).toContain('\nvalidation: valid\n')
    expect(text).toContain('\nlast published: nothing published yet\n')
  })

  it('shows what changed since the last published listing, path by path', async () => {
    const sku = `PREVIEW-DIFF-${run}`
    const current = await product('24-MB01', sku)
    await publishProduct(current)
    const payload = await expectedPayload(current)
    // What was published before: another title, one attribute the manifest writes now was not
    // there, and one it no longer writes was.
    const published = structuredClone(payload)
    published.attributes.item_name![0]!.value = 'Old title'
    const added = Object.keys(published.attributes).find((name) => name !== 'item_name')!
    delete published.attributes[added]
    published.attributes.legacy_note = [{ value: 'gone' }]
    await publishListing(sku, published)

    const result = await previewJson(sku)
    expect(result.lastPublished).toMatchObject({ action: 'UPSERT', payload: published, manifestVersion: mapping.version })
    expect(result.diff?.map((change) => `${change.type} ${change.path.join('.')}`).sort()).toEqual(
      [`CHANGE attributes.item_name.0.value`, `CREATE attributes.${added}`, 'REMOVE attributes.legacy_note'].sort(),
    )
    const text = await preview(sku)
    expect(text).toMatch(/last published: UPSERT at listing\.preview-test\.v1 partition \d+ offset \d+; product type LUGGAGE/)
    expect(text).toContain('diff against last published (3 changes):\n')
    expect(text).toContain(`  ~ attributes.item_name[0].value: "Old title" -> ${JSON.stringify(current.name)}\n`)
    expect(text).toContain(`  + attributes.${added}: ${JSON.stringify(payload.attributes[added])}\n`)
    expect(text).toContain('  - attributes.legacy_note\n')
  })

  it('says the listing is unchanged when it equals the last published one', async () => {
    const sku = `PREVIEW-SAME-${run}`
    const current = await product('24-MB01', sku)
    await publishProduct(current)
    await publishListing(sku, await expectedPayload(current))
    expect((await previewJson(sku)).diff).toEqual([])
    expect(await preview(sku)).toContain('unchanged: the payload equals the one last published')
  })

  it('lists every problem, with rule, path and message, of a product that cannot be listed', async () => {
    const sku = `PREVIEW-NOGTIN-${run}`
    const current = await product('24-WB04', sku)
    delete current.attributes.gtin
    await publishProduct(current)
    const outcome = await mapping.map(current)
    expect(outcome.ok).toBe(false)

    const result = await previewJson(sku)
    expect(result.valid).toBe(false)
    expect(result.problems).toEqual(outcome.ok ? [] : outcome.problems)
    expect(result.problems).toContainEqual({ stage: 'MAPPING', rule: 'attributes.externally_assigned_product_identifier', path: 'attributes.gtin.raw', message: 'required value is missing: attributes.gtin.raw gives no value' })
    const text = await preview(sku)
    expect(text).toMatch(new RegExp(`validation: ${result.problems.length} problems? \\(the transformer sends it to listing\\.preview-test\\.invalid`))
    for (const problem of result.problems) expect(text).toContain(`  ${problem.stage} rule ${problem.rule}, path ${problem.path}: ${problem.message}\n`)
  })

  it('says a product deleted in Magento (a tombstone) is deleted', async () => {
    const sku = `PREVIEW-GONE-${run}`
    await publishProduct(await product('24-MB01', sku))
    await deleteProduct(sku)
    const result = await previewJson(sku)
    expect(result).toMatchObject({ deleted: true, valid: null, payload: null, diff: null, lastPublished: null })
    expect(await preview(sku)).toMatch(new RegExp(`^${sku} on preview-test: deleted in Magento \\(tombstone at catalog\\.product\\.v1 partition \\d+ offset \\d+\\)`))
  })

  it('refuses a marketplace no manifest maps, listing the known ones', async () => {
    await expect(preview(`PREVIEW-NEW-${run}`, { marketplace: 'ebay' })).rejects.toThrow(/no manifest for marketplace ebay in .*; known marketplaces: preview-test/)
  })

  it('exits 1 from the command line for a SKU the canonical topic does not hold, naming it', async () => {
    const sku = `PREVIEW-UNKNOWN-${run}`
    const failure = await promisify(execFile)(process.execPath, [join(ROOT, 'packages/cli/bin/listing-sync.js'), 'preview', '--sku', sku, '--marketplace', MARKETPLACE], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    }).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    )
    expect(failure?.code).toBe(1)
    expect(failure?.stderr).toContain(`LS_ERR_MAPPING_PRODUCT_UNKNOWN: no product with SKU ${sku} on catalog.product.v1`)
    expect(failure?.stdout).toBe('')
  })
})
