// The operations console with 50,000 SKUs (BENCH_SKUS): each SKU has a canonical record (a
// tombstone on catalog.product.v1, which every consumer handles and compaction removes), and on
// each of two marketplaces of this run's own a listing update with a real Amazon payload and an
// accepted result; 2% of the SKUs have a dead letter and 2% an .invalid record on each. All goes
// through the real broker and registry. The console's production bundle then reads every topic;
// measured: time until its index caught up (/readyz), its RSS, and the latency of each page and
// API a person uses.
// Run: npm run bench -- console
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Kafka } from 'kafkajs'
import { AvroRegistry, CATALOG_PRODUCT_TOPIC, createKafka, createProducer, ensureTopics, topicCatalog } from '@listing-sync/kafka'
import { createLogger } from '@listing-sync/observability'
import { LocalStack } from '@listing-sync/stack'
import { ServiceProcess } from './service-process.js'
import { buildBundles, machine, writeResult } from './support.js'

const SKUS = Number(process.env.BENCH_SKUS ?? 50_000)
const PORT = 8185
const TOKEN = 'bench-console-token-0123456789abcdef'
const ROOT = fileURLToPath(new URL('../', import.meta.url))
/** Requests per page measured, after a few to warm up. */
const REQUESTS = 200

interface Message {
  readonly key: string
  readonly value: Buffer | null
  readonly headers?: Record<string, string>
}

export async function run() {
  await buildBundles()
  const stack = new LocalStack()
  await stack.up(['amazon', 'b2b'])
  const log = createLogger({ service: 'bench', level: 'error' })
  const kafka = createKafka({ brokers: stack.endpoints.brokers, clientId: 'bench-console', log })
  const registry = new AvroRegistry(stack.endpoints.registryUrl)
  // Marketplaces of this run's own: their topics hold exactly what the benchmark writes.
  const run = Date.now().toString(36)
  const marketplaces = [`benchcona${run}`, `benchconb${run}`]
  const specs = topicCatalog(marketplaces).filter((spec) => marketplaces.some((marketplace) => spec.name.startsWith(`listing.${marketplace}.`)))
  const admin = kafka.admin()
  await admin.connect()
  await ensureTopics(admin, specs)
  const ids = await registry.registerTopicSchemas(specs)

  const payload = JSON.stringify(samplePayload())
  const now = Date.now()
  // The same SKUs every run: their canonical tombstones replace the last run's.
  const sku = (i: number) => `BENCH-${String(i).padStart(6, '0')}`
  const failing = Math.floor(SKUS / 50)
  const started = performance.now()
  await produce(kafka, CATALOG_PRODUCT_TOPIC, SKUS, (i) => Promise.resolve({ key: sku(i), value: null, headers: { 'event-id': `event-${i}`, source: 'backfill' } }))
  for (const marketplace of marketplaces) {
    const topic = (suffix: string) => `listing.${marketplace}.${suffix}`
    const update = (i: number) => ({ marketplace, sku: sku(i), action: 'UPSERT', productType: 'LUGGAGE', payloadJson: payload, payloadHash: `hash-${i}`, sourceEventId: `event-${i}`, magentoUpdatedAt: new Date(now), manifestVersion: '1.1.0', mappedAt: new Date(now) })
    await produce(kafka, topic('v1'), SKUS, async (i) => ({ key: sku(i), value: await registry.encode(ids.get(topic('v1'))!, update(i)) }))
    await produce(kafka, topic('result.v1'), SKUS, async (i) => ({
      key: sku(i),
      value: await registry.encode(ids.get(topic('result.v1'))!, { marketplace, sku: sku(i), action: 'UPSERT', outcome: 'ACCEPTED', operation: 'putListingsItem', reference: `submission-${i}`, reasons: [], attempts: 1, payloadHash: `hash-${i}`, sourceEventId: `event-${i}`, magentoUpdatedAt: new Date(now), deliveredAt: new Date(now + 1000) }),
    }))
    // Dead letters newer than the SKU's accepted result, so they stay open.
    await produce(kafka, topic('dlt'), failing, async (i) => ({
      key: sku(i * 50),
      value: await registry.encode(ids.get(topic('v1'))!, update(i * 50)),
      headers: { 'dlt-error-class': 'retries-exhausted:http-503', 'dlt-error-message': 'http-503: gave up after 8 attempts: ServiceUnavailable', 'dlt-attempts': '8', 'dlt-source-topic': topic('v1'), 'dlt-source-partition': '0', 'dlt-source-offset': String(i), 'dlt-timestamp': new Date(now + 5000).toISOString(), 'event-id': `event-${i * 50}` },
    }))
    await produce(kafka, topic('invalid'), failing, async (i) => ({
      key: sku(i * 50 + 1),
      value: await registry.encode(ids.get(topic('invalid'))!, { marketplace, sku: sku(i * 50 + 1), productType: 'LUGGAGE', problems: [{ stage: 'VALIDATION', rule: 'required', path: '/attributes/item_name', message: 'item_name is required' }], sourceEventId: `event-${i * 50 + 1}`, magentoUpdatedAt: new Date(now), manifestVersion: '1.1.0', rejectedAt: new Date(now + 5000) }),
    }))
  }
  const recordsWritten = SKUS + marketplaces.length * (SKUS * 2 + failing * 2)
  const producedMs = Math.round(performance.now() - started)
  const catalogRecords = (await admin.fetchTopicOffsets(CATALOG_PRODUCT_TOPIC)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0)
  await admin.disconnect()
  console.log(`${SKUS} SKUs: ${recordsWritten} records written in ${producedMs} ms; catalog.product.v1 holds ${catalogRecords} in all`)

  const dir = await mkdtemp(join(tmpdir(), 'listing-sync-bench-console-'))
  const env = {
    CONSOLE_PORT: String(PORT),
    CONSOLE_TOKEN: TOKEN,
    MARKETPLACES: marketplaces.join(','),
    KAFKA_BROKERS: stack.endpoints.brokers.join(','),
    SCHEMA_REGISTRY_URL: stack.endpoints.registryUrl,
    LISTING_SYNC_SCHEMAS_DIR: join(ROOT, 'schemas'),
    MAPPINGS_DIR: join(ROOT, 'mappings'),
    LOG_LEVEL: 'warn',
  }
  const launched = performance.now()
  const consoleService = await ServiceProcess.start('console', 'dist/console.mjs', env, `http://localhost:${PORT}/healthz`, join(dir, 'console.log'))
  try {
    while (!(await fetch(`http://localhost:${PORT}/readyz`).then((r) => r.ok, () => false))) await sleep(100)
    const caughtUpMs = Math.round(performance.now() - launched)
    const rssAfterCatchUp = await consoleService.rssBytes()
    console.log(`console caught up in ${caughtUpMs} ms, RSS ${(rssAfterCatchUp / 2 ** 20).toFixed(0)} MiB`)

    const get = (path: string) => fetch(`http://localhost:${PORT}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })
    const pages: Record<string, string> = {
      'GET / (overview)': '/',
      'GET /api/overview': '/api/overview',
      [`GET /inbox (${failing * 2 * marketplaces.length} open, first 100)`]: '/inbox',
      'GET /inbox?q=… (search reasons)': '/inbox?q=item_name',
      'GET /skus/<sku> (trace)': `/skus/${sku(Math.floor(SKUS / 2))}`,
      'GET /skus?q=… (search 50k SKUs)': '/skus?q=BENCH-0123',
    }
    const latencies: Record<string, { p50Ms: number; p99Ms: number; bytes: number }> = {}
    for (const [name, path] of Object.entries(pages)) latencies[name] = await measure(() => get(path), REQUESTS)
    latencies['GET /api/skus/<sku>/sent (reads the listing record)'] = await measure(() => get(`/api/skus/${sku(1234)}/sent?marketplace=${marketplaces[0]}`), 20)
    const rss = await consoleService.rssBytes()
    const heapUsed = Number(/^nodejs_heap_size_used_bytes\S* (\d+)/m.exec(await (await fetch(`http://localhost:${PORT}/metrics`)).text())?.[1] ?? 0)
    console.log(`RSS ${(rss / 2 ** 20).toFixed(0)} MiB, heap used ${(heapUsed / 2 ** 20).toFixed(0)} MiB`)
    for (const [name, figures] of Object.entries(latencies)) console.log(`${name.padEnd(52)} p50 ${figures.p50Ms} ms  p99 ${figures.p99Ms} ms  ${figures.bytes} bytes`)
    const result = { benchmark: 'console', machine: machine(), skus: SKUS, marketplaces: marketplaces.length, recordsWritten, catalogRecords, caughtUpMs, rssMiB: Math.round(rss / 2 ** 20), rssAfterCatchUpMiB: Math.round(rssAfterCatchUp / 2 ** 20), heapUsedMiB: Math.round(heapUsed / 2 ** 20), requestsPerPage: REQUESTS, latencies }
    await writeResult(result)
  } finally {
    await consoleService.stop()
  }
}

async function produce(kafka: Kafka, topic: string, count: number, message: (i: number) => Promise<Message>): Promise<void> {
  const producer = createProducer(kafka)
  await producer.connect()
  try {
    for (let i = 0; i < count; i += 1000) {
      const messages = await Promise.all(Array.from({ length: Math.min(1000, count - i) }, (_, j) => message(i + j)))
      await producer.send({ topic, acks: -1, messages })
    }
  } finally {
    await producer.disconnect()
  }
}

/** Sequential requests (one person at a time): p50 and p99 of the whole response, after 5 to warm up. */
async function measure(request: () => Promise<Response>, count: number): Promise<{ p50Ms: number; p99Ms: number; bytes: number }> {
  const times: number[] = []
  let bytes = 0
  for (let i = 0; i < count + 5; i++) {
    const started = performance.now()
    const response = await request()
    const body = await response.arrayBuffer()
    if (!response.ok) throw new Error(`${response.url} answered ${response.status}`)
    if (i >= 5) times.push(performance.now() - started)
    bytes = body.byteLength
  }
  times.sort((a, b) => a - b)
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]! * 10) / 10
  return { p50Ms: at(0.5), p99Ms: at(0.99), bytes }
}

/** An Amazon listing payload the size the shipped manifest produces (about 1.5 KB). */
function samplePayload() {
  const attribute = (value: unknown) => [{ value, marketplace_id: 'ATVPDKIKX0DER', language_tag: 'en_US' }]
  return {
    productType: 'LUGGAGE',
    requirements: 'LISTING',
    attributes: {
      item_name: attribute('Fusion Backpack, durable nylon, 25 L, black'),
      brand: attribute('Northwind Industrial'),
      bullet_point: ['Durable nylon construction.', 'Two large zippered compartments.', 'Padded laptop sleeve.', 'Adjustable, padded shoulder straps.'].map((value) => attribute(value)[0]),
      product_description: attribute('With the Fusion Backpack strapped on, every trek is an adventure - even a bus ride to work. Two large zippered compartments store everything you need.'),
      purchasable_offer: [{ marketplace_id: 'ATVPDKIKX0DER', currency: 'USD', our_price: [{ schedule: [{ value_with_tax: 59 }] }] }],
      fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 100 }],
      item_package_weight: [{ value: 0.56, unit: 'kilograms', marketplace_id: 'ATVPDKIKX0DER' }],
      externally_assigned_product_identifier: [{ type: 'upc', value: '012345678905', marketplace_id: 'ATVPDKIKX0DER' }],
    },
  }
}
