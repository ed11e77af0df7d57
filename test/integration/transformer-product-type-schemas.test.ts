import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Producer } from 'kafkajs'
import type { Product } from '@listing-sync/catalog'
import { CATALOG_PRODUCT_TOPIC, createProducer, marketplaceTopicNames, provisionTopology, readSchema, valueSubject } from '@listing-sync/kafka'
import { createAmazonSimulator, type AmazonSimulator } from '@listing-sync/simulator-amazon'
import { createTransformerApp, loadTransformerConfig, type TransformerApp } from '@listing-sync/transformer'
import { sampleProduct } from '../../packages/mapping/src/test-support/sample-catalog.js'
import { runId, testClients } from '../support/clients.js'
import { TopicCollector } from '../support/topic-collector.js'

// The transformer with AMAZON_PRODUCT_TYPE_SCHEMAS=api against the Amazon simulator and the real
// broker. A copy of the Amazon manifest under a marketplace id of this run, and a consumer group of
// its own that starts at the end of the catalog topic, keep it apart from any other transformer.

interface ListingUpdate {
  sku: string
  productType: string | null
  sourceEventId: string
}
interface ListingRejected {
  sku: string
  productType: string | null
  problems: { stage: string; rule: string; path: string; message: string }[]
  sourceEventId: string
}

const MAPPINGS = fileURLToPath(new URL('../../mappings/', import.meta.url))
const run = runId()
const MARKETPLACE = `ptd${run.replace(/[^a-z0-9]/g, '')}`
const GROUP = `listing-sync-transformer-${run}`
const topics = marketplaceTopicNames(MARKETPLACE)
const { kafka, registry } = testClients('transformer-product-type-schemas')
const listings = new TopicCollector<ListingUpdate>(kafka, registry, topics.listings)
const rejections = new TopicCollector<ListingRejected>(kafka, registry, topics.invalid)
let simulator: AmazonSimulator
let simulatorUrl: string
let transformer: TransformerApp
let producer: Producer
let productSchemaId: number

beforeAll(async () => {
  simulator = createAmazonSimulator({ logLevel: 'warn' })
  simulatorUrl = await simulator.listen('127.0.0.1', 0)

  const mappingsDir = await mkdtemp(join(tmpdir(), 'ptd-mappings-'))
  await cp(MAPPINGS, mappingsDir, { recursive: true })
  const amazon = JSON.parse(await readFile(join(mappingsDir, 'amazon.json'), 'utf8')) as Record<string, unknown>
  await writeFile(join(mappingsDir, `${MARKETPLACE}.json`), JSON.stringify({ ...amazon, marketplace: MARKETPLACE }))
  await Promise.all(['amazon.json', 'b2b.json'].map((name) => rm(join(mappingsDir, name))))

  const admin = kafka.admin()
  await admin.connect()
  try {
    await provisionTopology(admin, registry, [MARKETPLACE])
    // The group starts where the catalog topic ends now: earlier runs' products are not its business.
    const ends = await admin.fetchTopicOffsets(CATALOG_PRODUCT_TOPIC)
    await admin.setOffsets({ groupId: GROUP, topic: CATALOG_PRODUCT_TOPIC, partitions: ends.map(({ partition, offset }) => ({ partition, offset })) })
  } finally {
    await admin.disconnect()
  }
  productSchemaId = await registry.register(valueSubject(CATALOG_PRODUCT_TOPIC), await readSchema('catalog/product-changed.avsc'))
  producer = createProducer(kafka)
  await producer.connect()
  await Promise.all([listings.start(), rejections.start()])

  const config = loadTransformerConfig({
    KAFKA_BROKERS: inject('kafkaBrokers').join(','),
    SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl'),
    MAPPINGS_DIR: mappingsDir,
    AMAZON_PRODUCT_TYPE_SCHEMAS: 'api',
    AMAZON_SP_API_ENDPOINT: simulatorUrl,
    AMAZON_LWA_ENDPOINT: `${simulatorUrl}/auth/o2/token`,
    AMAZON_PRODUCT_TYPE_REFRESH_MS: '1000',
    AMAZON_PRODUCT_TYPE_CACHE_DIR: await mkdtemp(join(tmpdir(), 'ptd-cache-')),
    LOG_LEVEL: 'warn',
  })
  transformer = await createTransformerApp(config, { consumerGroup: GROUP })
  await transformer.start()
}, 120_000)
afterAll(async () => {
  await transformer?.http.app.close()
  await Promise.all([listings.stop(), rejections.stop()])
  await producer?.disconnect()
  await simulator?.app.close()
})

/** Publishes a ProductChanged as ingest does (key = SKU, event id header); returns the event id. */
async function publish(product: Product): Promise<string> {
  const eventId = `${run}-${Math.random().toString(36).slice(2, 10)}`
  const event = { eventId, source: 'webhook', magentoUpdatedAt: new Date(), observedAt: new Date(), product }
  await producer.send({ topic: CATALOG_PRODUCT_TOPIC, acks: -1, messages: [{ key: product.sku, value: await registry.encode(productSchemaId, event), headers: { 'event-id': eventId } }] })
  return eventId
}

/** Makes a product type require one more of its attributes, as when Amazon publishes a new schema version. */
async function requireAttribute(productType: string, attribute: string): Promise<void> {
  const response = await fetch(`${simulatorUrl}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'required-attribute', productType, attribute }) })
  expect(response.status, await response.text()).toBe(201)
}

describe('the transformer with product type schemas from the Product Type Definitions API', () => {
  it('rejects a product to .invalid once Amazon requires a new attribute and the schemas are refreshed, where it was valid before', async () => {
    // A Luma duffle bag: a LUGGAGE listing without item_type_keyword, which LUGGAGE defines but does not require yet.
    const product = { ...(await sampleProduct('24-MB01')), sku: `${run}-24-MB01` }
    const before = await publish(product)
    expect((await listings.waitFor((record) => record.value?.sourceEventId === before)).value).toMatchObject({ sku: product.sku, productType: 'LUGGAGE' })
    // The schemas came from the API: one definition per product type the manifest names.
    expect(simulator.stats.snapshot().calls.getDefinitionsProductType?.['200']).toBeGreaterThanOrEqual(8)

    await requireAttribute('LUGGAGE', 'item_type_keyword')
    const metrics = async () => (await transformer.http.app.inject({ url: '/metrics' })).body
    await expect.poll(metrics, { timeout: 20_000, interval: 200 }).toMatch(new RegExp(`listing_sync_manifest_reloads_total\\{[^}]*marketplace="${MARKETPLACE}"[^}]*result="applied"[^}]*\\} [1-9]`))

    const after = await publish(product)
    const rejection = (await rejections.waitFor((record) => record.value?.sourceEventId === after)).value!
    expect(rejection).toMatchObject({ sku: product.sku, productType: 'LUGGAGE' })
    expect(rejection.problems).toEqual([{ stage: 'VALIDATION', rule: 'item_type_keyword', path: 'attributes.item_type_keyword', message: expect.any(String) as unknown }])
    expect(listings.records.filter((record) => record.value?.sourceEventId === after)).toEqual([])
  })
})
