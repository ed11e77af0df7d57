import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDispatcherApp, loadDispatcherConfig, MiraklAdapter, type DispatcherApp } from '@listing-sync/dispatcher'
import { createProducer, marketplaceTopicNames, partitionForKey } from '@listing-sync/kafka'
import { createB2bSimulator, type B2bSimulator } from '@listing-sync/simulator-b2b'
import { runId, testClients } from '../support/clients.js'
import { ListingFeed, type ListingResult } from '../support/listing-feed.js'
import { TopicCollector } from '../support/topic-collector.js'

// The Mirakl adapter through the dispatcher, against the B2B simulator (Mirakl's seller spec) and the
// real broker: offers batched into OF24 calls, imports followed to their end, per-line errors split
// into per-SKU outcomes. Limits are scaled from a minute to a second on both sides, so the test
// shows the pacing without taking minutes.

const SHOP = 2000
const { kafka, registry, log } = testClients('dispatcher-b2b')
const marketplace = `b2b${runId().replace(/[^a-z0-9]/g, '')}`
const topics = marketplaceTopicNames(marketplace)
const producer = createProducer(kafka)
const results = new TopicCollector<ListingResult>(kafka, registry, topics.results)
let simulator: B2bSimulator
let dispatcher: DispatcherApp
let feed: ListingFeed

beforeAll(async () => {
  // Offers of products the operator's catalog already has (matched by UPC); one OF24 call a second.
  simulator = createB2bSimulator({ logLevel: 'warn', importStepMs: 200, offersRequireProduct: false, rateLimits: { OF24: { calls: 1, perSeconds: 1 }, OF02: 'off', OF03: 'off' } })
  const url = await simulator.listen('127.0.0.1', 0)
  await producer.connect()
  feed = await ListingFeed.create(kafka, registry, producer, marketplace, 'b2b')
  await results.start()
  const config = loadDispatcherConfig({
    KAFKA_BROKERS: inject('kafkaBrokers').join(','),
    SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl'),
    DISPATCHER_MARKETPLACE: 'b2b',
    DISPATCHER_RATE_LIMITS: JSON.stringify({ OF24: { rate: 1, burst: 1 } }),
    RETRY_BASE_MS: '200',
    RETRY_CAP_MS: '1000',
    LOG_LEVEL: 'warn',
  })
  const adapter = new MiraklAdapter({ marketplace, baseUrl: url, apiKey: config.B2B_API_KEY, shopId: SHOP, offerPolling: { firstMs: 500, intervalMs: 500 }, productPolling: { firstMs: 500, intervalMs: 500 }, log })
  dispatcher = await createDispatcherApp(config, adapter)
  await dispatcher.start()
}, 60_000)
afterAll(async () => {
  await dispatcher?.http.app.close()
  await results.stop()
  await producer.disconnect()
  await simulator?.app.close()
})

type B2bPayload = { offer: Record<string, unknown> }

function offer(sku: string) {
  simulator.advance()
  return simulator.state.shop(SHOP).offers.get(sku)
}

describe('the B2B (Mirakl) dispatcher', () => {
  it('sends pending offers together in OF24 calls and records the import id per SKU', async () => {
    const skus = ['24-MB01', '24-MB02', '24-MB03', '24-MB04', '24-MB05', '24-MB06', '24-WB01', '24-WB02']
    const eventIds = await Promise.all(skus.map((sku) => feed.publish<B2bPayload>(sku)))
    const accepted = await Promise.all(eventIds.map((eventId) => results.waitFor((r) => r.value?.sourceEventId === eventId, 30_000)))
    for (const result of accepted) expect(result.value).toMatchObject({ outcome: 'ACCEPTED', operation: 'OF24', attempts: 1 })
    // Offers of several partitions share a call: fewer imports than partitions they come from.
    const partitions = new Set(skus.map((sku) => partitionForKey(sku, 12)))
    expect(partitions.size).toBeGreaterThan(2)
    expect(new Set(accepted.map((result) => result.value!.reference)).size).toBeLessThan(partitions.size)
    expect(offer('24-MB01')).toMatchObject({ price: 34, quantity: 100 })
    expect(simulator.stats.snapshot().throttled).toEqual({})
  })

  it('gives a line Mirakl rejects its own outcome, with the error report message, and the other lines theirs', async () => {
    const bad = await feed.publish<B2bPayload>('24-UB02', (p) => { p.offer.price = -5 })
    const good = await feed.publish<B2bPayload>('24-WB03')
    const rejected = (await results.waitFor((r) => r.value?.sourceEventId === bad, 30_000)).value!
    expect(rejected).toMatchObject({ outcome: 'REJECTED', operation: 'OF24' })
    expect(rejected.reasons[0]?.message).toMatch(/price/i)
    expect((await results.waitFor((r) => r.value?.sourceEventId === good, 30_000)).value?.outcome).toBe('ACCEPTED')
    expect(offer('24-UB02')).toBeUndefined()
  })

  it('sends the full offer every time and deletes with update_delete', async () => {
    const changed = await feed.publish<B2bPayload>('24-MB01', (p) => { p.offer.quantity = 7 })
    await results.waitFor((r) => r.value?.sourceEventId === changed, 30_000)
    expect(offer('24-MB01')).toMatchObject({ quantity: 7, price: 34 })
    const deleted = await feed.publish<B2bPayload>('24-MB01', undefined, 'DELETE')
    expect((await results.waitFor((r) => r.value?.sourceEventId === deleted, 30_000)).value?.outcome).toBe('ACCEPTED')
    expect(offer('24-MB01')).toBeUndefined()
    // Deleting it again: the shop already is as the delete wants it.
    const again = await feed.publish<B2bPayload>('24-MB01', undefined, 'DELETE')
    expect((await results.waitFor((r) => r.value?.sourceEventId === again, 30_000)).value?.outcome).toBe('ACCEPTED')
  })
})
