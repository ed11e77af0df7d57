import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDispatcherApp, loadDispatcherConfig, MiraklAdapter, type DispatcherApp } from '@listing-sync/dispatcher'
import { createProducer, marketplaceTopicNames } from '@listing-sync/kafka'
import { createB2bSimulator, type B2bSimulator } from '@listing-sync/simulator-b2b'
import { runId, testClients } from '../support/clients.js'
import { ListingFeed, type ListingResult } from '../support/listing-feed.js'
import { TopicCollector } from '../support/topic-collector.js'

// Product creation through the B2B dispatcher: the simulator, like Mirakl, refuses an OF24 offer
// whose product it does not have; the adapter then creates the product from the manifest's
// `product` part with a P41 file (followed with P42, refusals read from P44) and sends the offer
// again. Mirakl's limits (OF24 once a minute, P41 every 15 minutes) are scaled to a second on
// both sides, so the test shows the pacing without taking minutes.

type B2bPayload = { offer: Record<string, unknown>; product: Record<string, unknown> }

const SHOP = 2000
const { kafka, registry, log } = testClients('dispatcher-b2b-products')
const marketplace = `b2bp${runId().replace(/[^a-z0-9]/g, '')}`
const topics = marketplaceTopicNames(marketplace)
const producer = createProducer(kafka)
const results = new TopicCollector<ListingResult>(kafka, registry, topics.results)
const deadLetters = new TopicCollector<Buffer>(kafka, registry, topics.deadLetters, { raw: true })
let simulator: B2bSimulator
let dispatcher: DispatcherApp
let feed: ListingFeed

beforeAll(async () => {
  simulator = createB2bSimulator({
    logLevel: 'warn',
    importStepMs: 200,
    offersRequireProduct: true,
    rateLimits: { OF24: { calls: 1, perSeconds: 1 }, P41: { calls: 1, perSeconds: 1 }, OF02: 'off', OF03: 'off', P42: 'off' },
  })
  const url = await simulator.listen('127.0.0.1', 0)
  await producer.connect()
  feed = await ListingFeed.create(kafka, registry, producer, marketplace, 'b2b')
  await Promise.all([results.start(), deadLetters.start()])
  const config = loadDispatcherConfig({
    KAFKA_BROKERS: inject('kafkaBrokers').join(','),
    SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl'),
    DISPATCHER_MARKETPLACE: 'b2b',
    DISPATCHER_RATE_LIMITS: JSON.stringify({ OF24: { rate: 1, burst: 1 }, P41: { rate: 1, burst: 1 } }),
    RETRY_BASE_MS: '200',
    RETRY_CAP_MS: '1000',
    LOG_LEVEL: 'warn',
  })
  const polling = { firstMs: 500, intervalMs: 500 }
  const adapter = new MiraklAdapter({ marketplace, baseUrl: url, apiKey: config.B2B_API_KEY, shopId: SHOP, offerPolling: polling, productPolling: polling, log })
  dispatcher = await createDispatcherApp(config, adapter)
  await dispatcher.start()
}, 60_000)
afterAll(async () => {
  await dispatcher?.http.app.close()
  await Promise.all([results.stop(), deadLetters.stop()])
  await producer.disconnect()
  await simulator?.app.close()
})

function shop() {
  simulator.advance()
  return simulator.state.shop(SHOP)
}

const calls = (operation: string) => simulator.stats.snapshot().calls[operation] ?? 0

describe('the B2B (Mirakl) dispatcher creating products', () => {
  it('creates the product of a new SKU with P41, then sends its offer, and says so in the result', async () => {
    const eventId = await feed.publish<B2bPayload>('24-MB02')
    const result = (await results.waitFor((r) => r.value?.sourceEventId === eventId)).value!
    const product = shop().products.get('24-MB02')
    expect(product?.attributes).toMatchObject({ sku: '24-MB02', category: 'bags', title: 'Fusion Backpack' })
    // OF24 (product missing), P41 (product created), OF24 (offer accepted).
    expect(result).toMatchObject({ outcome: 'ACCEPTED', operation: 'OF24', attempts: 3 })
    expect(result.reference).toMatch(new RegExp(`^\\d+ \\(product created by P41 import ${product?.import_id}\\)$`))
    expect(shop().offers.get('24-MB02')).toMatchObject({ product_id: product?.attributes.upc, product_id_type: 'UPC' })
  })

  it('dead-letters a SKU whose product Mirakl refuses, with the reason of the P44 report', async () => {
    const eventId = await feed.publish<B2bPayload>('24-WB04', (p) => { p.product.color = 'Chartreuse' })
    const result = (await results.waitFor((r) => r.value?.sourceEventId === eventId)).value!
    expect(result).toMatchObject({ outcome: 'REJECTED', operation: 'P41' })
    expect(result.reasons).toHaveLength(1)
    expect(result.reasons[0]).toMatchObject({ code: 'P41', attribute: 'product.color' })
    expect(result.reasons[0]?.message).toMatch(/Chartreuse.*value list 'colors'/)
    const letter = await deadLetters.waitFor((r) => r.headers['event-id'] === eventId)
    expect(letter.headers).toMatchObject({ 'dlt-error-class': 'P41-line', 'dlt-source-topic': topics.listings })
    expect(letter.headers['dlt-error-message']).toContain('Chartreuse')
    expect(shop().products.has('24-WB04')).toBe(false)
    expect(shop().offers.has('24-WB04')).toBe(false)
  })

  it('sends the offer of an existing product in one OF24 call, without P41', async () => {
    const productImports = calls('P41')
    const eventId = await feed.publish<B2bPayload>('24-MB02', (p) => { p.offer.price = 41.5 })
    const result = (await results.waitFor((r) => r.value?.sourceEventId === eventId)).value!
    expect(result).toMatchObject({ outcome: 'ACCEPTED', operation: 'OF24', attempts: 1 })
    expect(result.reference).toMatch(/^\d+$/)
    expect(shop().offers.get('24-MB02')).toMatchObject({ price: 41.5 })
    expect(calls('P41')).toBe(productImports)
  })
})
