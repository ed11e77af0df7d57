import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createProducer, marketplaceTopicNames, partitionForKey } from '@listing-sync/kafka'
import {
  createDispatcherApp,
  dispatcherGroup,
  loadDispatcherConfig,
  readDeadLetters,
  replayDeadLetters,
  type DispatcherApp,
  type DeliveryOutcome,
  type DeliveryResult,
  type ListingUpdate,
  type MarketplaceAdapter,
} from '@listing-sync/dispatcher'
import { runId, testClients } from '../support/clients.js'
import { TopicCollector } from '../support/topic-collector.js'
import { provisionMarketplace, scriptedListingUpdate, type ListingResult } from '../support/listing-feed.js'

// The dispatcher's own behaviour — coalescing, retries with paused partitions, dead letters,
// results, commits — against the real broker and registry. The marketplace is a scripted one:
// these tests are about what the dispatcher does with each kind of answer; the adapters for the
// real APIs are tested against the simulators.

/** A marketplace answering by a script per SKU, keeping what it accepted. */
class ScriptedMarketplace implements MarketplaceAdapter {
  readonly limits = { put: { rate: 50, burst: 50 } }
  readonly batchSize = 1
  readonly calls: string[] = []
  readonly accepted = new Map<string, ListingUpdate>()
  private readonly script = new Map<string, DeliveryOutcome['status'][]>()

  constructor(readonly marketplace: string) {}

  /** The answers for a SKU's next calls, in order; after them every call is accepted. */
  answer(sku: string, ...statuses: DeliveryOutcome['status'][]): void {
    this.script.set(sku, statuses)
  }

  operation(): string {
    return 'put'
  }

  deliver(updates: readonly ListingUpdate[]): Promise<DeliveryResult> {
    return Promise.resolve({
      outcomes: updates.map((update): DeliveryOutcome => {
        this.calls.push(update.sku)
        const status = this.script.get(update.sku)?.shift() ?? 'accepted'
        if (status === 'retry') return { sku: update.sku, status, errorClass: 'http-503', message: 'Service Unavailable', retryAfterMs: 200 }
        if (status === 'rejected') return { sku: update.sku, status, errorClass: 'INVALID', reasons: [{ code: '90220', message: "'item_name' is required but not supplied.", attribute: 'item_name' }] }
        this.accepted.set(update.sku, update)
        return { sku: update.sku, status, reference: `submission-${this.calls.length}` }
      }),
    })
  }
}

const { kafka, registry } = testClients('dispatcher')
const marketplace = `dt${runId().replace(/[^a-z0-9]/g, '')}`
const topics = marketplaceTopicNames(marketplace)
const adapter = new ScriptedMarketplace(marketplace)
const producer = createProducer(kafka)
const results = new TopicCollector<ListingResult>(kafka, registry, topics.results)
const deadLetters = new TopicCollector<Buffer>(kafka, registry, topics.deadLetters, { raw: true })
let updateSchemaId: number
let dispatcher: DispatcherApp

beforeAll(async () => {
  updateSchemaId = await provisionMarketplace(kafka, registry, marketplace)
  await producer.connect()
  await Promise.all([results.start(), deadLetters.start()])
}, 60_000)
afterAll(async () => {
  await dispatcher?.http.app.close()
  await Promise.all([results.stop(), deadLetters.stop()])
  await producer.disconnect()
})

async function startDispatcher() {
  const config = loadDispatcherConfig({
    KAFKA_BROKERS: inject('kafkaBrokers').join(','),
    SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl'),
    DISPATCHER_MARKETPLACE: 'amazon',
    RETRY_BASE_MS: '50',
    RETRY_CAP_MS: '200',
    RETRY_MAX_ATTEMPTS: '3',
    LOG_LEVEL: 'warn',
  })
  dispatcher = await createDispatcherApp(config, adapter)
  await dispatcher.start()
}

let clock = Date.parse('2026-01-01T00:00:00Z')
/** Produces a listing update for a SKU, each newer than the last; returns its event id. */
async function publish(sku: string, headers: Record<string, string> = {}): Promise<string> {
  clock += 1000
  const eventId = `${sku}@${clock}`
  const value = await registry.encode(updateSchemaId, scriptedListingUpdate(marketplace, sku, eventId, new Date(clock)))
  await producer.send({ topic: topics.listings, acks: -1, messages: [{ key: sku, value, headers: { 'event-id': eventId, ...headers } }] })
  return eventId
}

/** A SKU that lands on the same partition as `sku`, so its record queues behind it. */
function samePartitionAs(sku: string, prefix: string): string {
  const target = partitionForKey(sku, 12)
  for (let n = 0; ; n++) if (partitionForKey(`${prefix}-${n}`, 12) === target) return `${prefix}-${n}`
}

describe('the dispatcher', () => {
  it('sends only the newest of several queued updates of a SKU, and records the outcome', async () => {
    await publish('MULTI')
    await publish('MULTI')
    const newest = await publish('MULTI')
    const single = await publish('SINGLE')
    await startDispatcher()
    const accepted = await results.waitFor((r) => r.value?.sourceEventId === newest)
    expect(accepted.value).toMatchObject({ sku: 'MULTI', outcome: 'ACCEPTED', attempts: 1 })
    expect(accepted.value?.reference).toMatch(/^submission-/)
    await results.waitFor((r) => r.value?.sourceEventId === single)
    expect(adapter.calls.filter((sku) => sku === 'MULTI')).toEqual(['MULTI'])
    expect(adapter.accepted.get('MULTI')?.sourceEventId).toBe(newest)
  })

  it('times a live change from its receipt to its acceptance, and from Magento only when it came by webhook or reconcile', async () => {
    const count = async (histogram: string) => {
      const body = (await dispatcher.http.app.inject({ method: 'GET', url: '/metrics' })).body
      return Number(new RegExp(`^${histogram}_count\\{[^}]*marketplace="${marketplace}"[^}]*\\} (\\d+)$`, 'm').exec(body)?.[1] ?? 0)
    }
    const counts = async () => ({ receipt: await count('listing_sync_receipt_to_acceptance_seconds'), endToEnd: await count('listing_sync_end_to_end_seconds') })
    const before = await counts()
    const resynced = await publish('NO-RECEIPT')
    await results.waitFor((r) => r.value?.sourceEventId === resynced)
    expect(await counts()).toEqual(before)
    const backfilled = await publish('BACKFILLED', { 'observed-at': String(Date.now() - 2000), 'change-source': 'backfill' })
    await results.waitFor((r) => r.value?.sourceEventId === backfilled)
    expect(await counts()).toEqual({ receipt: before.receipt + 1, endToEnd: before.endToEnd })
    const live = await publish('RECEIVED', { 'observed-at': String(Date.now() - 2000), 'change-source': 'webhook' })
    await results.waitFor((r) => r.value?.sourceEventId === live)
    expect(await counts()).toEqual({ receipt: before.receipt + 2, endToEnd: before.endToEnd + 1 })
  })

  it('retries a transient failure after pausing the partition, sending the other SKU behind it once', async () => {
    const behind = samePartitionAs('FLAKY', 'BEHIND')
    adapter.answer('FLAKY', 'retry', 'retry')
    const flaky = await publish('FLAKY')
    const next = await publish(behind)
    const result = await results.waitFor((r) => r.value?.sourceEventId === flaky)
    expect(result.value).toMatchObject({ outcome: 'ACCEPTED', attempts: 3 })
    await results.waitFor((r) => r.value?.sourceEventId === next)
    // Other SKUs need not wait for the retries (per-SKU order is what is kept), and one delivered
    // before the partition was re-read from FLAKY is not sent again.
    expect(adapter.calls.filter((sku) => sku === 'FLAKY')).toEqual(['FLAKY', 'FLAKY', 'FLAKY'])
    expect(adapter.calls.filter((sku) => sku === behind)).toEqual([behind])
  })

  it('dead-letters a rejected update with its reasons and moves on', async () => {
    adapter.answer('BAD', 'rejected')
    const bad = await publish('BAD')
    const after = await publish(samePartitionAs('BAD', 'AFTER-BAD'))
    const result = await results.waitFor((r) => r.value?.sourceEventId === bad)
    expect(result.value).toMatchObject({ outcome: 'REJECTED', reasons: [{ code: '90220', message: "'item_name' is required but not supplied." }] })
    const letter = await deadLetters.waitFor((r) => r.headers['event-id'] === bad)
    expect(letter.headers).toMatchObject({ 'dlt-error-class': 'INVALID', 'dlt-attempts': '1', 'dlt-source-topic': topics.listings })
    expect(letter.headers['dlt-error-message']).toContain('item_name')
    // The original record, byte for byte: a replay re-sends what was mapped.
    expect((await registry.decode<ListingUpdate>(letter.value!)).sourceEventId).toBe(bad)
    await results.waitFor((r) => r.value?.sourceEventId === after)
  })

  it('dead-letters an update whose retries are exhausted', async () => {
    adapter.answer('DOWN', 'retry', 'retry', 'retry')
    const down = await publish('DOWN')
    const result = await results.waitFor((r) => r.value?.sourceEventId === down)
    expect(result.value).toMatchObject({ outcome: 'REJECTED', attempts: 3, reasons: [{ code: 'http-503', message: 'gave up after 3 attempts: Service Unavailable' }] })
    const letter = await deadLetters.waitFor((r) => r.headers['event-id'] === down)
    expect(letter.headers['dlt-error-class']).toBe('retries-exhausted:http-503')
  })

  it('dead-letters a record that does not decode and delivers the next one', async () => {
    await producer.send({ topic: topics.listings, acks: -1, messages: [{ key: 'POISON', value: Buffer.from('not avro'), headers: { 'event-id': 'poison-1' } }] })
    const after = await publish(samePartitionAs('POISON', 'AFTER-POISON'))
    const letter = await deadLetters.waitFor((r) => r.headers['event-id'] === 'poison-1')
    expect(letter.headers).toMatchObject({ 'dlt-error-class': 'undecodable', 'dlt-attempts': '0' })
    expect(letter.value?.toString()).toBe('not avro')
    await results.waitFor((r) => r.value?.sourceEventId === after)
  })

  it('replays a dead letter that is still the newest listing of its SKU, and not one that was superseded', async () => {
    adapter.answer('FIXED', 'rejected')
    adapter.answer('MOVED-ON', 'rejected')
    const fixed = await publish('FIXED')
    const old = await publish('MOVED-ON')
    await deadLetters.waitFor((r) => r.headers['event-id'] === fixed)
    await deadLetters.waitFor((r) => r.headers['event-id'] === old)
    // MOVED-ON changed since: its dead letter must not overwrite the newer listing.
    const newer = await publish('MOVED-ON')
    await results.waitFor((r) => r.value?.sourceEventId === newer)

    const letters = await readDeadLetters(kafka, marketplace)
    expect(letters.find((letter) => letter.eventId === fixed)).toMatchObject({ sku: 'FIXED', errorClass: 'INVALID', attempts: 1, source: { topic: topics.listings } })
    const report = await replayDeadLetters(kafka, registry, producer, marketplace, { skus: ['FIXED', 'MOVED-ON', 'POISON'] })
    expect(report.replayed.map((letter) => letter.sku)).toEqual(['FIXED'])
    expect(report.superseded.map((letter) => letter.sku)).toEqual(['MOVED-ON'])
    expect(report.undecodable.map((letter) => letter.sku)).toEqual(['POISON'])
    // Delivered again (the marketplace accepts it now), as the same update.
    const accepted = await results.waitFor((r) => r.value?.sourceEventId === fixed && r.value.outcome === 'ACCEPTED')
    expect(accepted.value?.sku).toBe('FIXED')
    expect(adapter.accepted.get('MOVED-ON')?.sourceEventId).toBe(newer)
  })

  it('commits every partition to its end once every record has an outcome', async () => {
    const admin = kafka.admin()
    await admin.connect()
    try {
      const ends = await admin.fetchTopicOffsets(topics.listings)
      await expect
        .poll(async () => {
          const [committed] = await admin.fetchOffsets({ groupId: dispatcherGroup(marketplace), topics: [topics.listings] })
          return ends.every((end) => committed!.partitions.find((p) => p.partition === end.partition)?.offset === end.offset || end.offset === '0')
        }, { timeout: 15_000 })
        .toBe(true)
    } finally {
      await admin.disconnect()
    }
  })
})
