import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AmazonAdapter, createDispatcherApp, loadDispatcherConfig, type DispatcherApp } from '@listing-sync/dispatcher'
import { createProducer, marketplaceTopicNames } from '@listing-sync/kafka'
import { createAmazonSimulator, type AmazonSimulator } from '@listing-sync/simulator-amazon'
import { runId, testClients } from '../support/clients.js'
import { ListingFeed, type ListingResult } from '../support/listing-feed.js'
import { TopicCollector } from '../support/topic-collector.js'

// The Amazon adapter through the dispatcher, against the Amazon simulator (which checks every call
// against Amazon's models) and the real broker. Listings are the shipped manifest's mappings of
// Luma products. A marketplace id of its own keeps these topics apart from the running demo's.

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
let feed: ListingFeed

beforeAll(async () => {
  simulator = createAmazonSimulator({ logLevel: 'warn' })
  const url = await simulator.listen('127.0.0.1', 0)
  simulatorUrl = url
  await producer.connect()
  feed = await ListingFeed.create(kafka, registry, producer, marketplace, 'amazon')
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

function listed(sku: string) {
  return simulator.store.get(SELLER, MARKETPLACE_ID, sku)
}

type AmazonPayload = { attributes: Record<string, unknown> }

function price(payload: AmazonPayload, amount: number) {
  const offers = payload.attributes.purchasable_offer as { our_price: { schedule: { value_with_tax: number }[] }[] }[]
  offers[0]!.our_price[0]!.schedule[0]!.value_with_tax = amount
}

describe('the Amazon dispatcher', () => {
  it('lists a product with putListingsItem and records the submission id', async () => {
    const eventId = await feed.publish<AmazonPayload>('24-MB01')
    const result = (await results.waitFor((r) => r.value?.sourceEventId === eventId)).value!
    expect(result).toMatchObject({ sku: '24-MB01', outcome: 'ACCEPTED', operation: 'putListingsItem', attempts: 1 })
    expect(listed('24-MB01')).toMatchObject({ productType: 'LUGGAGE', submissionId: result.reference })
    expect((listed('24-MB01')!.attributes.item_name as { value: string }[])[0]!.value).toBe('Joust Duffle Bag')
  })

  it('sends a price-only change as patchListingsItem, and the listing shows the new price', async () => {
    const eventId = await feed.publish<AmazonPayload>('24-MB01', (payload) => price(payload, 29.99))
    const result = (await results.waitFor((r) => r.value?.sourceEventId === eventId)).value!
    expect(result).toMatchObject({ outcome: 'ACCEPTED', operation: 'patchListingsItem' })
    const offer = (listed('24-MB01')!.attributes.purchasable_offer as { our_price: { schedule: { value_with_tax: number }[] }[] }[])[0]!
    expect(offer.our_price[0]!.schedule[0]!.value_with_tax).toBe(29.99)
  })

  it('deletes a listing with deleteListingsItem', async () => {
    await results.waitFor((r) => r.value?.sku === '24-MB01')
    const eventId = await feed.publish<AmazonPayload>('24-MB01', undefined, 'DELETE')
    const result = (await results.waitFor((r) => r.value?.sourceEventId === eventId)).value!
    expect(result).toMatchObject({ outcome: 'ACCEPTED', operation: 'deleteListingsItem' })
    expect(listed('24-MB01')).toBeUndefined()
  })

  it('retries through a 503 window and delivers once it closes', async () => {
    await fetch(`${simulatorUrl}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'status', status: 503, durationMs: 1500 }) })
    const eventId = await feed.publish<AmazonPayload>('24-MB02')
    const result = (await results.waitFor((r) => r.value?.sourceEventId === eventId, 30_000)).value!
    expect(result.outcome).toBe('ACCEPTED')
    expect(result.attempts).toBeGreaterThan(1)
    expect(listed('24-MB02')).toBeDefined()
  })

  it('dead-letters a listing Amazon refuses, with its issues as reasons', async () => {
    await fetch(`${simulatorUrl}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'required-attribute', productType: 'SHIRT', attribute: 'style' }) })
    const eventId = await feed.publish<AmazonPayload>('MH02-XS-Black')
    const result = (await results.waitFor((r) => r.value?.sourceEventId === eventId)).value!
    expect(result).toMatchObject({ outcome: 'REJECTED', operation: 'putListingsItem', attempts: 1 })
    expect(result.reasons).toContainEqual(expect.objectContaining({ code: '90220', attribute: 'style' }))
    expect(listed('MH02-XS-Black')).toBeUndefined()
    await fetch(`${simulatorUrl}/_sim/faults`, { method: 'DELETE' })
  })

  it('paces a burst of listings to the official limits: Amazon throttles none of them', async () => {
    const skus = ['24-MB03', '24-MB04', '24-MB05', '24-MB06', '24-UB02', '24-WB01', '24-WB02', '24-WB03', '24-WB04', '24-WB06', '24-WB07', 'MH01-XS-Black', 'MH01-S-Black', 'MH01-M-Black']
    const eventIds = await Promise.all(skus.flatMap((sku) => [feed.publish<AmazonPayload>(sku), feed.publish<AmazonPayload>(sku, (payload) => price(payload, 10))]))
    for (const eventId of eventIds.filter((_, index) => index % 2 === 1)) await results.waitFor((r) => r.value?.sourceEventId === eventId, 30_000)
    const stats = simulator.stats.snapshot()
    expect(stats.throttled.rateLimit).toBe(0)
    for (const sku of skus) expect(listed(sku)).toBeDefined()
  })
})
