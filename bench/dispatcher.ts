// The Amazon dispatcher against the Amazon simulator (its own process) and the real broker, fed
// listing updates as the transformer writes them (the shipped manifest's listings of the Luma
// catalog, each update a new price). Topics of a marketplace id of the run's own. Scenarios
// (BENCH_SCENARIO):
//   latency     one replica, Amazon unthrottled; BENCH_RATE updates/s for BENCH_DURATION_MS; the
//               time from writing an update to its ACCEPTED result on listing.<id>.result.v1.
//   throttled   Amazon at its official limits, three replicas, a backlog of BENCH_SKUS new
//               listings: achieved putListingsItem rate against the allowed one, 429s.
//   coalescing  Amazon at its official limits, three replicas; 10 updates to each of BENCH_SKUS
//               SKUs written within ~10 s: marketplace writes per SKU, every SKU at its newest.
//   throttled-b2b  the B2B dispatcher against the Mirakl simulator at its official OF24 limit (one
//               call a minute), three replicas, BENCH_RATE (5) offer updates/s for BENCH_DURATION_MS
//               (10 min): the time between OF24 calls as the simulator logged them, 429s.
// Run: npm run bench -- dispatcher (the local stack is started if it is not running).
import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { mkdtemp, readFile } from 'node:fs/promises'
import { createDispatcherApp, loadDispatcherConfig, type DispatcherApp } from '@listing-sync/dispatcher'
import { AvroRegistry, createKafka, createProducer, marketplaceTopicNames, provisionTopology, topicCatalog } from '@listing-sync/kafka'
import { loadValidatedMapping } from '@listing-sync/mapping'
import { createLogger } from '@listing-sync/observability'
import { LocalStack } from '@listing-sync/stack'
import { sampleProducts } from '../packages/mapping/src/test-support/sample-catalog.js'
import { ServiceProcess } from './service-process.js'
import { machine, writeResult } from './support.js'

const SCENARIO = process.env.BENCH_SCENARIO ?? 'latency'
const B2B = SCENARIO === 'throttled-b2b'
const RATE = Number(process.env.BENCH_RATE ?? (B2B ? 5 : 200))
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? (B2B ? 600_000 : 20_000))
const SKUS = Number(process.env.BENCH_SKUS ?? (SCENARIO === 'throttled' ? 600 : 1000))
const SIMULATOR_PORT = 9102
const UNLIMITED = { rate: 10_000, burst: 10_000 }
/** Amazon's official putListingsItem limit, which the simulator enforces in the throttled scenarios. */
const PUT_LIMIT = { rate: 5, burst: 10 }

interface Listing {
  readonly sku: string
  readonly productType: string
  readonly payload: AmazonPayload | B2bPayload
}

type AmazonPayload = { attributes: { purchasable_offer: { our_price: { schedule: { value_with_tax: number }[] }[] }[] } }
type B2bPayload = { offer: { price: number } }

interface Result {
  readonly sku: string
  readonly outcome: 'ACCEPTED' | 'REJECTED'
  readonly operation: string
  readonly sourceEventId: string
}

export async function run() {
  if (!['latency', 'throttled', 'coalescing', 'throttled-b2b'].includes(SCENARIO)) throw new Error(`BENCH_SCENARIO must be latency, throttled, coalescing or throttled-b2b, not ${SCENARIO}`)
  const stack = new LocalStack()
  await stack.up(['amazon', 'b2b'])
  const log = createLogger({ service: 'bench-dispatcher', level: 'error' })
  const kafka = createKafka({ brokers: stack.endpoints.brokers, clientId: 'bench-dispatcher', log })
  const registry = new AvroRegistry(stack.endpoints.registryUrl)
  const marketplace = `bench${Date.now().toString(36)}`
  const topics = marketplaceTopicNames(marketplace)
  const admin = kafka.admin()
  await admin.connect()
  await provisionTopology(admin, registry, [marketplace]).finally(() => admin.disconnect())
  const schemaId = (await registry.registerTopicSchemas(topicCatalog([marketplace]).filter((spec) => spec.name === topics.listings))).get(topics.listings)!
  const listings = (await mappedListings(B2B ? 'b2b' : 'amazon')).slice(0, SKUS)
  if (listings.length < SKUS) throw new Error(`only ${listings.length} Luma products list; BENCH_SKUS=${SKUS}`)

  const throttled = SCENARIO !== 'latency'
  const logDir = await mkdtemp(join(tmpdir(), 'listing-sync-bench-dispatcher-'))
  const simulatorUrl = `http://localhost:${SIMULATOR_PORT}`
  const simulatorLog = join(logDir, 'simulator.log')
  const simulator = B2B
    ? // The offers' products need not be imported first (P41): the offer calls are what is measured.
      await ServiceProcess.start('b2b-simulator', 'simulators/b2b/src/main.ts', { PORT: String(SIMULATOR_PORT), LOG_LEVEL: 'info', B2B_SIM_OFFERS_REQUIRE_PRODUCT: 'false' }, `${simulatorUrl}/_sim/stats`, simulatorLog)
    : await ServiceProcess.start('amazon-simulator', 'simulators/amazon/src/main.ts', { PORT: String(SIMULATOR_PORT), LOG_LEVEL: 'warn', AMAZON_SIM_RATE_LIMITS: throttled ? 'official' : 'off' }, `${simulatorUrl}/_sim/stats`, simulatorLog)
  const producer = createProducer(kafka)
  await producer.connect()
  const replicas: DispatcherApp[] = []
  const results = kafka.consumer({ groupId: `${marketplace}-results` })
  try {
    // Results as they are written: a record's timestamp is when the dispatcher's producer wrote it.
    const accepted = new Map<string, number>()
    /** ACCEPTED results per SKU: the writes the dispatcher made, as it reports them. */
    const acceptedPerSku = new Map<string, number>()
    let rejected = 0
    await results.connect()
    await results.subscribe({ topic: topics.results, fromBeginning: true })
    await results.run({
      eachMessage: async ({ message }) => {
        const result = await registry.decode<Result>(message.value!)
        if (result.outcome !== 'ACCEPTED') {
          rejected++
          return
        }
        accepted.set(result.sourceEventId, Number(message.timestamp))
        acceptedPerSku.set(result.sku, (acceptedPerSku.get(result.sku) ?? 0) + 1)
      },
    })

    let clock = Date.now()
    const sentAt = new Map<string, number>()
    const newest = new Map<string, { eventId: string; price: number }>()
    const write = async (listing: Listing, price: number) => {
      const payload = withPrice(listing.payload, price)
      const payloadJson = JSON.stringify(payload)
      clock = Math.max(clock + 1, Date.now())
      const eventId = `${listing.sku}@${clock}`
      const value = await registry.encode(schemaId, {
        marketplace,
        sku: listing.sku,
        action: 'UPSERT',
        productType: listing.productType,
        payloadJson,
        payloadHash: createHash('sha256').update(payloadJson).digest('hex'),
        sourceEventId: eventId,
        magentoUpdatedAt: new Date(clock),
        manifestVersion: 'bench',
        mappedAt: new Date(),
      })
      newest.set(listing.sku, { eventId, price })
      sentAt.set(eventId, Date.now())
      await producer.send({ topic: topics.listings, acks: -1, messages: [{ key: listing.sku, value, headers: { 'event-id': eventId } }] })
    }
    const startReplicas = async (count: number) => {
      for (let index = 0; index < count; index++) {
        // The replicas run in this process, each with its own clients, on topics of the run's own.
        const config = loadDispatcherConfig({
          KAFKA_BROKERS: stack.endpoints.brokers.join(','),
          SCHEMA_REGISTRY_URL: stack.endpoints.registryUrl,
          DISPATCHER_MARKETPLACE: B2B ? 'b2b' : 'amazon',
          DISPATCHER_TOPIC_MARKETPLACE: marketplace,
          AMAZON_SP_API_ENDPOINT: simulatorUrl,
          AMAZON_LWA_ENDPOINT: `${simulatorUrl}/auth/o2/token`,
          B2B_API_URL: simulatorUrl,
          LOG_LEVEL: 'warn',
          ...(process.env.DISPATCHER_CALLS_IN_FLIGHT ? { DISPATCHER_CALLS_IN_FLIGHT: process.env.DISPATCHER_CALLS_IN_FLIGHT } : {}),
          ...(throttled ? {} : { DISPATCHER_RATE_LIMITS: JSON.stringify({ putListingsItem: UNLIMITED, patchListingsItem: UNLIMITED, deleteListingsItem: UNLIMITED }) }),
        })
        const app = await createDispatcherApp(config)
        replicas.push(app)
        await app.start()
      }
    }
    const waitForNewest = async (timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs
      while (Date.now() < deadline && [...newest.values()].some(({ eventId }) => !accepted.has(eventId))) await sleep(250)
    }
    const simStats = async () => (await (await fetch(`${simulatorUrl}/_sim/stats`)).json()) as { calls: Record<string, Record<string, number>>; throttled: { total: number; rateLimit: number } }

    let result: Record<string, unknown>
    if (SCENARIO === 'latency') {
      await startReplicas(1)
      const start = performance.now()
      for (let index = 0; performance.now() - start < DURATION_MS; index++) {
        const wait = start + (index * 1000) / RATE - performance.now()
        if (wait > 1) await sleep(wait)
        void write(listings[index % listings.length]!, 20 + (index % 500) / 10)
      }
      await waitForNewest(60_000)
      const latencies = [...sentAt].flatMap(([id, sent]) => (accepted.has(id) ? [accepted.get(id)! - sent] : [])).sort((a, b) => a - b)
      const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0
      result = { updates: sentAt.size, accepted: latencies.length, rejected, latencyMs: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) } }
    } else if (SCENARIO === 'throttled') {
      // The backlog first, then the replicas: every partition has work from the start.
      for (const [index, listing] of listings.entries()) await write(listing, 20 + index / 100)
      const start = Date.now()
      await startReplicas(3)
      await waitForNewest(SKUS * 1000)
      const times = [...accepted.values()].sort((a, b) => a - b)
      // Steady state: from the first acceptance to the last, calls made at the allowed rate.
      const seconds = (times.at(-1)! - times[0]!) / 1000
      const stats = await simStats()
      // The tail, where only some partitions (and so some replicas' shares) still hold work, is
      // slower by design; the rate per 10 s shows where the steady state ends.
      const perTenSeconds: number[] = []
      for (const time of times) perTenSeconds[Math.floor((time - times[0]!) / 10_000)] = (perTenSeconds[Math.floor((time - times[0]!) / 10_000)] ?? 0) + 1
      const ninetyPercent = times[Math.floor(times.length * 0.9)]!
      const steadyPerSecond = (Math.floor(times.length * 0.9) - 1) / ((ninetyPercent - times[0]!) / 1000)
      result = {
        listings: SKUS,
        accepted: accepted.size,
        rejected,
        secondsToFirstAccepted: (times[0]! - start) / 1000,
        seconds,
        achievedPerSecond: (times.length - 1) / seconds,
        allowedPerSecond: PUT_LIMIT.rate,
        share: (times.length - 1) / seconds / PUT_LIMIT.rate,
        firstNinetyPercentPerSecond: steadyPerSecond,
        firstNinetyPercentShare: steadyPerSecond / PUT_LIMIT.rate,
        acceptedPerTenSeconds: perTenSeconds.map((count) => count ?? 0),
        throttled: stats.throttled,
        calls: stats.calls,
      }
    } else if (B2B) {
      await startReplicas(3)
      const start = Date.now()
      for (let index = 0; Date.now() - start < DURATION_MS; index++) {
        const wait = start + (index * 1000) / RATE - Date.now()
        if (wait > 1) await sleep(wait)
        await write(listings[index % listings.length]!, 20 + index / 100)
      }
      const stats = (await (await fetch(`${simulatorUrl}/_sim/stats`)).json()) as { statuses: Record<string, Record<string, number>>; throttled: Record<string, number>; imports: { offers: { linesRead: number } } }
      // When each OF24 call reached the simulator, from its request log.
      const calls = (await readFile(simulatorLog, 'utf8'))
        .split('\n')
        .flatMap((line) => {
          const entry = line.startsWith('{') ? (JSON.parse(line) as { message?: string; '@timestamp'?: string; http?: { request?: { method?: string } }; url?: { path?: string } }) : {}
          return entry.message === 'request completed' && entry.http?.request?.method === 'POST' && entry.url?.path === '/api/offers' ? [Date.parse(entry['@timestamp']!)] : []
        })
        .sort((a, b) => a - b)
      const gaps = calls.slice(1).map((time, index) => (time - calls[index]!) / 1000)
      const meanGap = gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length
      result = {
        updates: sentAt.size,
        secondsRun: (Date.now() - start) / 1000,
        offerCalls: calls.length,
        secondsBetweenCalls: { mean: meanGap, min: Math.min(...gaps), max: Math.max(...gaps) },
        allowedSecondsBetweenCalls: 60,
        share: 60 / meanGap,
        // Offers the OF24 calls carried: each call takes what the calling replica holds pending.
        offerLines: stats.imports.offers.linesRead,
        distinctSkusUpdated: newest.size,
        statuses: stats.statuses,
        throttled: stats.throttled,
      }
    } else {
      await startReplicas(3)
      // 10 rounds over the SKUs within ~10 s, while the replicas already deliver the first.
      const start = Date.now()
      for (let round = 0; round < 10; round++) {
        const roundStart = Date.now()
        await Promise.all(listings.map((listing) => write(listing, 20 + round)))
        const wait = roundStart + 1000 - Date.now()
        if (wait > 0) await sleep(wait)
      }
      const written = (Date.now() - start) / 1000
      await waitForNewest(SKUS * 2000)
      const stats = await simStats()
      const acceptedWrites = [...acceptedPerSku.values()].reduce((sum, count) => sum + count, 0)
      const { atNewest, writes } = await simulatorListings(simulatorUrl, newest)
      result = {
        skus: SKUS,
        updates: sentAt.size,
        secondsToWrite: written,
        secondsToNewest: (Date.now() - start) / 1000,
        acceptedResults: acceptedWrites,
        simulatorWrites: writes,
        writesPerSku: writes / SKUS,
        atNewest,
        throttled: stats.throttled,
        calls: stats.calls,
      }
    }
    // CPU of the run: the simulator's process, and this one (the replicas, the feed, the results).
    const cpuSeconds = { simulator: await simulator.cpuSeconds(), benchAndDispatchers: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6 }
    const report = { benchmark: `dispatcher-${SCENARIO}`, machine: machine(), marketplace, ...result, cpuSeconds }
    await writeResult(report)
    console.log(JSON.stringify(report, null, 2))
  } finally {
    await results.disconnect()
    for (const replica of replicas) await replica.http.app.close()
    await producer.disconnect()
    await simulator.stop()
  }
}

/** Luma products the shipped manifest of `marketplace` lists (valid simple products), mapped once. */
async function mappedListings(marketplace: 'amazon' | 'b2b'): Promise<Listing[]> {
  const loaded = await loadValidatedMapping(new URL(`../mappings/${marketplace}.json`, import.meta.url).pathname)
  if (!loaded.ok) throw new Error(`${marketplace}.json: ${JSON.stringify(loaded.problems)}`)
  const listings: Listing[] = []
  for (const product of await sampleProducts()) {
    if (product.typeId !== 'simple') continue
    const outcome = await loaded.mapping.map(product)
    if (outcome.ok) listings.push({ sku: product.sku, productType: outcome.productType, payload: outcome.payload as Listing['payload'] })
  }
  return listings
}

/** The listing with `price` as its offer's price: Amazon's purchasable_offer, or the Mirakl offer's. */
function withPrice(payload: Listing['payload'], price: number): Listing['payload'] {
  const copy = structuredClone(payload)
  if ('offer' in copy) copy.offer.price = price
  else copy.attributes.purchasable_offer[0]!.our_price[0]!.schedule[0]!.value_with_tax = price
  return copy
}

/** From the simulator's state: SKUs whose listing carries the price of their newest update, and the writes it counted. */
async function simulatorListings(simulatorUrl: string, newest: ReadonlyMap<string, { price: number }>): Promise<{ atNewest: number; writes: number }> {
  const state = (await (await fetch(`${simulatorUrl}/_sim/state`)).json()) as { skus: Record<string, ({ writes: number } & AmazonPayload)[]> }
  let atNewest = 0
  let writes = 0
  for (const [sku, { price }] of newest) {
    const listing = state.skus[sku]?.[0]
    writes += listing?.writes ?? 0
    if (listing?.attributes.purchasable_offer[0]?.our_price[0]?.schedule[0]?.value_with_tax === price) atNewest++
  }
  return { atNewest, writes }
}
