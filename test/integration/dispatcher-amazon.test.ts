import { createHash } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AmazonAdapter, createDispatcherApp, loadDispatcherConfig, type DispatcherApp } from '@listing-sync/dispatcher'
import { createProducer, marketplaceTopicNames, provisionTopology, topicCatalog } from '@listing-sync/kafka'
import { loadValidatedMapping } from '@listing-sync/mapping'
import { createAmazonSimulator, type AmazonSimulator } from '@listing-sync/simulator-amazon'
import { sampleProduct } from '../../packages/mapping/src/test-support/sample-catalog.js'
import { runId, testClients } from '../support/clients.js'
import { TopicCollector } from '../support/topic-collector.js'

// The Amazon adapter through the dispatcher, against the Amazon simulator (which checks every call
// against Amazon's models) and the real broker. Listings are the shipped manifest's mappings of
// Luma products. A marketplace id of its own keeps these topics apart from the running demo's.

interface ListingResult {
  sku: string
  outcome: 'ACCEPTED' | 'REJECTED'
  operation: string
  reference: string | null
  reasons: { code: string; message: string; attribute: string | null }[]
  attempts: number
  sourceEventId: string
}

const SELLER = 'A2LISTINGSYNCDEMO'
const MARKETPLACE_ID = 'ATVPDKIKX0DER'
const { kafka, registry, log } = testClients('dispatcher-amazon')
const marketplace = `amz${runId().replace(/[^a-z0-9]/g, '')}`
const topics = marketplaceTopicNames(marketplace)
const producer = createProducer(kafka)
const results = new TopicCollector<ListingResult>(kafka, registry, topics.results)
let simulator: AmazonSimulator
let simulatorUrl: string
let dispatcher: DispatcherApp
let updateSchemaId: number

beforeAll(async () => {
  simulator = createAmazonSimulator({ logLevel: 'warn' })
  const url = await simulator.listen('127.0.0.1', 0)
  simulatorUrl = url
  const admin = kafka.admin()
  await admin.connect()
  await provisionTopology(admin, registry, [marketplace])
  await admin.disconnect()
  const ids = await registry.registerTopicSchemas(topicCatalog([marketplace]).filter((spec) => spec.name === topics.listings))
  updateSchemaId = ids.get(topics.listings)!
  await producer.connect()
  await results.start()
  const config = loadDispatcherConfig({
    KAFKA_BROKERS: inject('kafkaBrokers').join(','),
    SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl'),
    DISPATCHER_MARKETPLACE: 'amazon',
    RETRY_BASE_MS: '100',
    RETRY_CAP_MS: '1000',
    RETRY_MAX_ATTEMPTS: '20',
    LOG_LEVEL: 'warn',
  })
  const adapter = new AmazonAdapter({
    marketplace,
    endpoint: url,
    lwaTokenUrl: `${url}/auth/o2/token`,
    credentials: { clientId: config.AMAZON_LWA_CLIENT_ID, clientSecret: config.AMAZON_LWA_CLIENT_SECRET, refreshToken: config.AMAZON_LWA_REFRESH_TOKEN },
    sellerId: SELLER,
    marketplaceId: MARKETPLACE_ID,
    log,
  })
  dispatcher = await createDispatcherApp(config, adapter)
  await dispatcher.start()
}, 60_000)
afterAll(async () => {
  await dispatcher?.http.app.close()
  await results.stop()
  await producer.disconnect()
  await simulator?.app.close()
})

const mapping = loadValidatedMapping(fileURLToPath(new URL('../../mappings/amazon.json', import.meta.url)))
let clock = Date.parse('2026-02-01T00:00:00Z')

/** The shipped manifest's listing of a Luma product, changed by `edit`, as a ListingUpdate on the topic. */
async function publishListing(sku: string, edit: (payload: { attributes: Record<string, unknown> }) => void = () => undefined, action: 'UPSERT' | 'DELETE' = 'UPSERT'): Promise<string> {
  const loaded = await mapping
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems))
  const outcome = await loaded.mapping.map(await sampleProduct(sku))
  if (!outcome.ok) throw new Error(`${sku} does not map: ${JSON.stringify(outcome.problems)}`)
  const payload = structuredClone(outcome.payload) as { attributes: Record<string, unknown> }
  edit(payload)
  clock += 1000
  const eventId = `${sku}@${clock}`
  const payloadJson = JSON.stringify(payload)
  const value = await registry.encode(updateSchemaId, {
    marketplace,
    sku,
    action,
    productType: action === 'DELETE' ? null : outcome.productType,
    payloadJson: action === 'DELETE' ? null : payloadJson,
    payloadHash: action === 'DELETE' ? null : createHash('sha256').update(payloadJson).digest('hex'),
    sourceEventId: eventId,
    magentoUpdatedAt: new Date(clock),
    manifestVersion: loaded.mapping.version,
    mappedAt: new Date(),
  })
  await producer.send({ topic: topics.listings, acks: -1, messages: [{ key: sku, value, headers: { 'event-id': eventId } }] })
  return eventId
}

function listed(sku: string) {
  return simulator.store.get(SELLER, MARKETPLACE_ID, sku)
}

function price(payload: { attributes: Record<string, unknown> }, amount: number) {
  const offers = payload.attributes.purchasable_offer as { our_price: { schedule: { value_with_tax: number }[] }[] }[]
  offers[0]!.our_price[0]!.schedule[0]!.value_with_tax = amount
}

describe('the Amazon dispatcher', () => {
  it('lists a product with putListingsItem and records the submission id', async () => {
    const eventId = await publishListing('24-MB01')
    const result = (await results.waitFor((r) => r.value?.sourceEventId === eventId)).value!
    expect(result).toMatchObject({ sku: '24-MB01', outcome: 'ACCEPTED', operation: 'putListingsItem', attempts: 1 })
    expect(listed('24-MB01')).toMatchObject({ productType: 'LUGGAGE', submissionId: result.reference })
    expect((listed('24-MB01')!.attributes.item_name as { value: string }[])[0]!.value).toBe('Joust Duffle Bag')
  })

  it('sends a price-only change as patchListingsItem, and the listing shows the new price', async () => {
    const eventId = await publishListing('24-MB01', (payload) => price(payload, 29.99))
    const result = (await results.waitFor((r) => r.value?.sourceEventId === eventId)).value!
    expect(result).toMatchObject({ outcome: 'ACCEPTED', operation: 'patchListingsItem' })
    const offer = (listed('24-MB01')!.attributes.purchasable_offer as { our_price: { schedule: { value_with_tax: number }[] }[] }[])[0]!
    expect(offer.our_price[0]!.schedule[0]!.value_with_tax).toBe(29.99)
  })

  it('deletes a listing with deleteListingsItem', async () => {
    await results.waitFor((r) => r.value?.sku === '24-MB01')
    const eventId = await publishListing('24-MB01', undefined, 'DELETE')
    const result = (await results.waitFor((r) => r.value?.sourceEventId === eventId)).value!
    expect(result).toMatchObject({ outcome: 'ACCEPTED', operation: 'deleteListingsItem' })
    expect(listed('24-MB01')).toBeUndefined()
  })

  it('retries through a 503 window and delivers once it closes', async () => {
    await fetch(`${simulatorUrl}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'status', status: 503, durationMs: 1500 }) })
    const eventId = await publishListing('24-MB02')
    const result = (await results.waitFor((r) => r.value?.sourceEventId === eventId, 30_000)).value!
    expect(result.outcome).toBe('ACCEPTED')
    expect(result.attempts).toBeGreaterThan(1)
    expect(listed('24-MB02')).toBeDefined()
  })

  it('dead-letters a listing Amazon refuses, with its issues as reasons', async () => {
    await fetch(`${simulatorUrl}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'required-attribute', productType: 'SHIRT', attribute: 'style' }) })
    const eventId = await publishListing('MH02-XS-Black')
    const result = (await results.waitFor((r) => r.value?.sourceEventId === eventId)).value!
    expect(result).toMatchObject({ outcome: 'REJECTED', operation: 'putListingsItem', attempts: 1 })
    expect(result.reasons).toContainEqual(expect.objectContaining({ code: '90220', attribute: 'style' }))
    expect(listed('MH02-XS-Black')).toBeUndefined()
    await fetch(`${simulatorUrl}/_sim/faults`, { method: 'DELETE' })
  })

  it('paces a burst of listings to the official limits: Amazon throttles none of them', async () => {
    const skus = ['24-MB03', '24-MB04', '24-MB05', '24-MB06', '24-UB02', '24-WB01', '24-WB02', '24-WB03', '24-WB04', '24-WB06', '24-WB07', 'MH01-XS-Black', 'MH01-S-Black', 'MH01-M-Black']
    const eventIds = await Promise.all(skus.flatMap((sku) => [publishListing(sku), publishListing(sku, (payload) => price(payload, 10))]))
    for (const eventId of eventIds.filter((_, index) => index % 2 === 1)) await results.waitFor((r) => r.value?.sourceEventId === eventId, 30_000)
    const stats = simulator.stats.snapshot()
    expect(stats.throttled.rateLimit).toBe(0)
    for (const sku of skus) expect(listed(sku)).toBeDefined()
  })
})
