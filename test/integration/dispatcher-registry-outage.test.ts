import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createProducer, marketplaceTopicNames } from '@listing-sync/kafka'
import { createDispatcherApp, loadDispatcherConfig, type DeliveryResult, type DispatcherApp, type ListingUpdate, type MarketplaceAdapter } from '@listing-sync/dispatcher'
import { runId, testClients } from '../support/clients.js'
import { TopicCollector } from '../support/topic-collector.js'
import { provisionMarketplace, scriptedListingUpdate, type ListingResult } from '../support/listing-feed.js'

// A listing record whose schema the registry cannot serve for a while is not poison: it waits and
// is delivered, instead of being dead-lettered as undecodable (which took it off the marketplace's
// way until someone replayed it).

/** A marketplace that accepts everything. */
class AcceptingMarketplace implements MarketplaceAdapter {
  readonly limits = { put: { rate: 50, burst: 50 } }
  readonly batchSize = 1
  constructor(readonly marketplace: string) {}
  operation(): string {
    return 'put'
  }
  deliver(updates: readonly ListingUpdate[]): Promise<DeliveryResult> {
    return Promise.resolve({ outcomes: updates.map((update) => ({ sku: update.sku, status: 'accepted' as const, reference: `submission-${update.sku}` })) })
  }
}

const { kafka, registry } = testClients('dispatcher-registry-outage')
const marketplace = `dr${runId().replace(/[^a-z0-9]/g, '')}`
const topics = marketplaceTopicNames(marketplace)
const producer = createProducer(kafka)
const results = new TopicCollector<ListingResult>(kafka, registry, topics.results)
const deadLetters = new TopicCollector<Buffer>(kafka, registry, topics.deadLetters, { raw: true })
const registryUrl = new URL(inject('schemaRegistryUrl'))

// The dispatcher's registry: the real one behind a switch that answers 503 while it is down.
let registryDown = false
const proxy: Server = createServer((request, response) => {
  const chunks: Buffer[] = []
  request.on('data', (chunk: Buffer) => chunks.push(chunk))
  request.on('end', () => {
    if (registryDown) {
      response.writeHead(503).end()
      return
    }
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined
    fetch(`${registryUrl.origin}${request.url}`, { method: request.method, headers: { accept: request.headers.accept ?? '*/*', 'content-type': request.headers['content-type'] ?? 'application/json' }, body })
      .then(async (answer) => response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await answer.arrayBuffer())))
      .catch(() => response.writeHead(502).end())
  })
})
let dispatcher: DispatcherApp | undefined
let updateSchemaId: number

beforeAll(async () => {
  updateSchemaId = await provisionMarketplace(kafka, registry, marketplace)
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  await producer.connect()
  await Promise.all([results.start(), deadLetters.start()])
}, 60_000)
afterAll(async () => {
  await dispatcher?.http.app.close()
  await Promise.all([results.stop(), deadLetters.stop()])
  await producer.disconnect()
  proxy.closeAllConnections()
  await new Promise((resolve) => proxy.close(resolve))
})

describe('the dispatcher while the schema registry is down', () => {
  it('reads a record whose schema it cannot fetch again later and delivers it, without dead-lettering it', async () => {
    const config = loadDispatcherConfig({
      KAFKA_BROKERS: inject('kafkaBrokers').join(','),
      SCHEMA_REGISTRY_URL: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${registryUrl.pathname}`,
      DISPATCHER_MARKETPLACE: 'amazon',
      LOG_LEVEL: 'silent',
    })
    dispatcher = await createDispatcherApp(config, new AcceptingMarketplace(marketplace))
    await dispatcher.start()

    // Down before the dispatcher ever decoded a listing: it has not cached the schema.
    registryDown = true
    const eventId = `OUTAGE@${Date.now()}`
    const value = await registry.encode(updateSchemaId, scriptedListingUpdate(marketplace, 'OUTAGE', eventId, new Date()))
    await producer.send({ topic: topics.listings, acks: -1, messages: [{ key: 'OUTAGE', value, headers: { 'event-id': eventId } }] })
    // Long enough for the dispatcher to read the record and fail the schema fetch (the registry
    // client tries 4 times within about 3 s).
    await sleep(6000)
    expect(results.records.some((record) => record.value?.sourceEventId === eventId)).toBe(false)
    registryDown = false

    const accepted = await results.waitFor((record) => record.value?.sourceEventId === eventId, 30_000)
    expect(accepted.value).toMatchObject({ sku: 'OUTAGE', outcome: 'ACCEPTED' })
    expect(deadLetters.records.filter((record) => record.headers['event-id'] === eventId)).toEqual([])
  })
})
