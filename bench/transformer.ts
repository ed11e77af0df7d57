// Transformer end to end and resync: N canonical products (BENCH_PRODUCTS, default 50,000) cloned
// from the Luma sample catalog go to catalog.product.v1; the transformer's production bundle maps
// them for both marketplaces through the real broker and registry; then one marketplace's resync
// re-maps the same N products after a manifest change. Run: npm run bench -- transformer
// Needs nothing running; refuses to run beside another transformer of the same consumer group.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Admin, Kafka } from 'kafkajs'
import type { Product, ProductChanged } from '@listing-sync/catalog'
import { AvroRegistry, CATALOG_PRODUCT_TOPIC, createKafka, createProducer, ensureTopics, marketplaceTopicNames, readSchema, valueSubject, type PartitionEnd } from '@listing-sync/kafka'
import { loadValidatedMapping } from '@listing-sync/mapping'
import { createLogger } from '@listing-sync/observability'
import { LocalStack } from '@listing-sync/stack'
import { resyncMarketplace, TRANSFORMER_GROUP, type ResyncSummary } from '@listing-sync/transformer'
import { sampleProducts } from '../packages/mapping/src/test-support/sample-catalog.js'
import { sampleRss, ServiceProcess } from './service-process.js'
import { TRANSFORMER_ENV, TRANSFORMER_NODE_FLAGS } from '../services/transformer/src/node-flags.js'
import { buildBundles, machine, serviceNodeArgs, writeResult } from './support.js'

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 50_000)
const RESYNC_MARKETPLACE = process.env.BENCH_RESYNC_MARKETPLACE ?? 'amazon'
const MARKETPLACES = ['amazon', 'b2b']
const PORT = 8182
const ROOT = fileURLToPath(new URL('../', import.meta.url))
const MAPPINGS = join(ROOT, 'mappings')
/** What the transformer logs once its manifests and last published listings are loaded, before it consumes. */
const READY_MESSAGE = 'last published listings loaded'

interface Keyed {
  readonly key: string
  readonly value: Buffer
  readonly eventId: string
}

export async function run() {
  await buildBundles()
  const stack = new LocalStack()
  await stack.up(MARKETPLACES)
  const log = createLogger({ service: 'bench', level: 'error' })
  const kafka = createKafka({ brokers: stack.endpoints.brokers, clientId: 'bench-transformer', log })
  const registry = new AvroRegistry(stack.endpoints.registryUrl)
  const admin = kafka.admin()
  await admin.connect()
  const dir = await mkdtemp(join(tmpdir(), 'listing-sync-bench-transformer-'))
  const env = {
    TRANSFORMER_PORT: String(PORT),
    KAFKA_BROKERS: stack.endpoints.brokers.join(','),
    SCHEMA_REGISTRY_URL: stack.endpoints.registryUrl,
    // The production default; the run is timed from its 'listings loaded' line.
    LOG_LEVEL: 'info',
    LISTING_SYNC_SCHEMAS_DIR: join(ROOT, 'schemas'),
    MAPPINGS_DIR: MAPPINGS,
    ...TRANSFORMER_ENV,
  }
  const startTransformer = (name: string, nodeArgs: readonly string[] = TRANSFORMER_NODE_FLAGS) =>
    ServiceProcess.start('transformer', 'dist/transformer.mjs', env, `http://localhost:${PORT}/healthz`, join(dir, `${name}.log`), nodeArgs)
  let transformer: ServiceProcess | undefined
  try {
    await refuseIfGroupActive(admin)
    const records = await benchRecords(registry)
    console.log(`${records.length} products generated from the Luma sample catalog`)

    // Whatever others wrote to the canonical topic since the group last ran is worked off first, so
    // the measured run maps this run's products; as others may go on writing, it catches up again
    // until a pass finds almost nothing new.
    transformer = await startTransformer('catch-up')
    const catchUpStarted = performance.now()
    for (let pass = 0; pass < 10; pass++) {
      const { doneMs } = await waitForCommitted(admin, await admin.fetchTopicOffsets(CATALOG_PRODUCT_TOPIC))
      if (doneMs < 2000) break
    }
    await transformer.stop()
    const catchUpMs = Math.round(performance.now() - catchUpStarted)
    console.log(`transformer group caught up in ${catchUpMs} ms`)

    const produced = await produce(kafka, CATALOG_PRODUCT_TOPIC, records)
    console.log(`produced ${records.length} ProductChanged records in ${produced.ms} ms`)
    const target = await admin.fetchTopicOffsets(CATALOG_PRODUCT_TOPIC)
    const outputsBefore = await outputCounts(admin)

    // The measured run: BENCH_NODE_ARGS replaces the transformer's flags, BENCH_PROFILE=1 profiles it (serviceNodeArgs).
    const nodeArgs = serviceNodeArgs(TRANSFORMER_NODE_FLAGS, dir)
    const spawnedAt = Date.now()
    transformer = await startTransformer('run', nodeArgs)
    const running = transformer
    const rss = sampleRss(running)
    // CPU time is counted from the end of start-up (manifests compiled, listings loaded).
    const cpuAtReady = waitForLogLine(join(dir, 'run.log'), READY_MESSAGE).then(() => running.cpuSeconds())
    const committed = await waitForCommitted(admin, target)
    const cpuSeconds = (await running.cpuSeconds()) - (await cpuAtReady)
    const peakRssMB = Math.round(rss.stop() / 2 ** 20)
    const endRssMB = Math.round((await transformer.rssBytes()) / 2 ** 20)
    const { outcomes, memoryMB } = await transformerMetrics()
    await transformer.stop()
    transformer = undefined
    const outputs = Object.fromEntries(Object.entries(await outputCounts(admin)).map(([topic, count]) => [topic, count - (outputsBefore[topic] ?? 0)]))
    const readyAt = await loggedAt(join(dir, 'run.log'), READY_MESSAGE)
    const doneAt = committed.startedAt + committed.doneMs
    const firstAt = committed.startedAt + committed.firstMoveMs
    // Every canonical record gets one outcome per marketplace. Records others wrote to the topic
    // during the run are mapped too (and counted), so the rate is of all records mapped.
    const mapped = Object.entries(outcomes).filter(([key]) => key.startsWith(`${MARKETPLACES[0]}.`)).reduce((sum, [, count]) => sum + count, 0)
    const endToEnd = {
      products: records.length,
      recordsMapped: mapped,
      startupMs: readyAt - spawnedAt,
      fromConsumerStartMs: doneAt - readyAt,
      fromFirstCommitMs: doneAt - firstAt,
      productsPerSecond: Math.round(mapped / ((doneAt - readyAt) / 1000)),
      productsPerSecondAfterFirstCommit: Math.round(mapped / ((doneAt - firstAt) / 1000)),
      cpuSeconds: Math.round(cpuSeconds * 10) / 10,
      productsPerCpuSecond: Math.round(mapped / cpuSeconds),
      peakRssMB,
      endRssMB,
      endMemoryMB: memoryMB,
      outcomes,
      outputs,
    }
    console.log('transformer end to end:', endToEnd)

    const resync = await runResync(kafka, admin, registry, records, dir, stack.endpoints)
    console.log('resync:', resync)

    const result = { benchmark: 'transformer', machine: machine(), products: records.length, produceMs: produced.ms, catchUpMs, endToEnd, resync }
    await writeResult(result)
    console.table({
      'transformer, both marketplaces': { figure: `${endToEnd.productsPerSecond} products/s`, target: '≥ 5,000 products/s', met: endToEnd.productsPerSecond >= 5000 },
      'transformer, after its first commit': { figure: `${endToEnd.productsPerSecondAfterFirstCommit} products/s`, target: '', met: '' },
      'transformer, per CPU-second it used': { figure: `${endToEnd.productsPerCpuSecond} products/s`, target: '', met: '' },
      [`resync of ${resync.read} products (${resync.marketplace})`]: { figure: `${(resync.ms / 1000).toFixed(1)} s`, target: `< 60 s for 50,000`, met: resync.read >= 50_000 ? resync.ms < 60_000 : 'n/a' },
      'transformer peak RSS': { figure: `${peakRssMB} MB`, target: '≤ 200 MB', met: peakRssMB <= 200 },
    })
  } finally {
    await transformer?.stop()
    await admin.disconnect()
    console.log(`logs${process.env.BENCH_PROFILE ? ' and CPU profiles' : ''} in ${dir}`)
  }
}

/** A second transformer in the group would take partitions from the one measured. */
async function refuseIfGroupActive(admin: Admin): Promise<void> {
  const { groups } = await admin.describeGroups([TRANSFORMER_GROUP])
  const members = groups[0]?.members.length ?? 0
  if (members > 0) throw new Error(`${members} consumer(s) already in ${TRANSFORMER_GROUP}: stop the running transformer first`)
}

/**
 * PRODUCTS ProductChanged records, Avro-encoded: the sample catalog cloned with SKUs
 * BENCH-<copy>-<sample SKU>, the same every run so compaction bounds the topic, and prices raised
 * by an amount that differs per run, so every run's payloads differ from the last run's.
 */
async function benchRecords(registry: AvroRegistry): Promise<Keyed[]> {
  const samples = await sampleProducts()
  const schemaId = await registry.register(valueSubject(CATALOG_PRODUCT_TOPIC), await readSchema('catalog/product-changed.avsc'))
  const at = new Date()
  const cents = (Math.floor(at.getTime() / 1000) % 9973) + 1
  const records: Keyed[] = []
  for (let i = 0; i < PRODUCTS; i++) {
    const sample = samples[i % samples.length]!
    const copy = Math.floor(i / samples.length)
    const event: ProductChanged = { eventId: `bench-${at.getTime()}-${i}`, source: 'backfill', magentoUpdatedAt: at, observedAt: at, product: benchProduct(sample, copy, cents) }
    records.push({ key: event.product.sku, value: await registry.encode(schemaId, event), eventId: event.eventId })
  }
  return records
}

function benchProduct(sample: Product, copy: number, cents: number): Product {
  const rename = (sku: string) => `BENCH-${copy}-${sku}`
  return {
    ...sample,
    sku: rename(sample.sku),
    parentSkus: sample.parentSkus.map(rename),
    configurable: sample.configurable && { ...sample.configurable, childSkus: sample.configurable.childSkus.map(rename) },
    price: sample.price && { ...sample.price, amount: (Number(sample.price.amount) + cents / 100).toFixed(2) },
    ...(sample.parent ? { parent: { ...sample.parent, sku: rename(sample.parent.sku) } } : {}),
  }
}

/** Produces the records in batches of 1,000, acks=all, as ingest's batching producer does under load. */
async function produce(kafka: Kafka, topic: string, records: readonly Keyed[]): Promise<{ ms: number }> {
  const started = performance.now()
  const producer = createProducer(kafka)
  await producer.connect()
  try {
    for (let i = 0; i < records.length; i += 1000) {
      const messages = records.slice(i, i + 1000).map(({ key, value, eventId }) => ({ key, value, headers: { 'event-id': eventId } }))
      await producer.send({ topic, acks: -1, messages })
    }
  } finally {
    await producer.disconnect()
  }
  return { ms: Math.round(performance.now() - started) }
}

/**
 * Polls the transformer group's committed offsets every 100 ms until they reach `target` on every
 * partition: the transformer commits a batch only after all its outputs are acknowledged, so then
 * every product before `target` has its listings on the broker. Times from the call.
 */
async function waitForCommitted(admin: Admin, target: readonly PartitionEnd[]): Promise<{ startedAt: number; firstMoveMs: number; doneMs: number }> {
  const startedAt = Date.now()
  const committed = async () => {
    const [topic] = await admin.fetchOffsets({ groupId: TRANSFORMER_GROUP, topics: [CATALOG_PRODUCT_TOPIC] })
    return new Map(topic!.partitions.map((p) => [p.partition, BigInt(p.offset)]))
  }
  const initial = await committed()
  let firstMoveMs: number | undefined
  for (;;) {
    const now = await committed()
    const elapsed = Date.now() - startedAt
    if (firstMoveMs === undefined && [...now].some(([partition, offset]) => offset > (initial.get(partition) ?? -1n))) firstMoveMs = elapsed
    // A partition with nothing to read needs no commit.
    if (target.every((end) => BigInt(end.high) === BigInt(end.low) || (now.get(end.partition) ?? -1n) >= BigInt(end.high))) return { startedAt, firstMoveMs: firstMoveMs ?? elapsed, doneMs: elapsed }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Records on each marketplace's listing and .invalid topics (end offsets). */
async function outputCounts(admin: Admin): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const marketplace of MARKETPLACES) {
    const { listings, invalid } = marketplaceTopicNames(marketplace)
    for (const topic of [listings, invalid]) counts[topic] = (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0)
  }
  return counts
}

/** The transformer's outcome counters and its V8 heap and external memory, from its /metrics. */
async function transformerMetrics(): Promise<{ outcomes: Record<string, number>; memoryMB: Record<string, number> }> {
  const text = await (await fetch(`http://localhost:${PORT}/metrics`)).text()
  const outcomes: Record<string, number> = {}
  for (const match of text.matchAll(/^listing_sync_transform_outcomes_total\{([^}]*)\} (\d+)/gm)) {
    const labels: Record<string, string | undefined> = Object.fromEntries([...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((label) => [label[1]!, label[2]!]))
    outcomes[`${labels.marketplace}.${labels.outcome}`] = Number(match[2])
  }
  const gauge = (name: string) => Math.round(Number(new RegExp(`^${name}\\{[^}]*\\} ([\\d.e+]+)`, 'm').exec(text)?.[1] ?? 0) / 2 ** 20)
  const memoryMB = { heapUsed: gauge('nodejs_heap_size_used_bytes'), heapTotal: gauge('nodejs_heap_size_total_bytes'), external: gauge('nodejs_external_memory_bytes') }
  return { outcomes, memoryMB }
}

/** Resolves once a log line with that message is in the file (polled every 50 ms). */
async function waitForLogLine(file: string, message: string): Promise<void> {
  while (!(await readFile(file, 'utf8')).includes(`"message":"${message}"`)) await new Promise((resolve) => setTimeout(resolve, 50))
}

/** The time of the first log line with that message (pino ECS: `@timestamp`, `message`). */
async function loggedAt(file: string, message: string): Promise<number> {
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (!line.includes(message)) continue
    return Date.parse((JSON.parse(line) as { '@timestamp': string })['@timestamp'])
  }
  throw new Error(`no "${message}" in ${file}`)
}

/**
 * Resync of the same products for one marketplace after a manifest change that alters every
 * payload (a constant every listing carries), through the function `listing-sync resync` runs.
 * The products are read from a topic of this run holding exactly them: the shared
 * catalog.product.v1 also holds whatever other work published, which would be timed too.
 */
async function runResync(kafka: Kafka, admin: Admin, registry: AvroRegistry, records: readonly Keyed[], dir: string, endpoints: { brokers: readonly string[]; registryUrl: string }) {
  const topic = `bench.resync.${Date.now()}.catalog`
  await ensureTopics(admin, [{ name: topic, partitions: 12, configs: { 'cleanup.policy': 'compact' }, description: 'products of one transformer benchmark run' }])
  try {
    await untilReady(() => admin.fetchTopicOffsets(topic))
    await produce(kafka, topic, records)
    const mappingsDir = join(dir, 'mappings')
    await cp(MAPPINGS, mappingsDir, { recursive: true })
    const file = join(mappingsDir, `${RESYNC_MARKETPLACE}.json`)
    const manifest = JSON.parse(await readFile(file, 'utf8')) as { version: string; constants: Record<string, unknown> }
    const { constants } = manifest
    // amazon.json: every listing names its marketplace id; b2b.json: every offer its lead time.
    if (typeof constants.marketplaceId === 'string') constants.marketplaceId = 'A2EUQ1WTGCTBG2'
    else if (typeof constants.leadtimeToShip === 'number') constants.leadtimeToShip += 1
    else throw new Error(`no constant to change in ${RESYNC_MARKETPLACE}.json`)
    await writeFile(file, JSON.stringify({ ...manifest, version: `${manifest.version}-bench` }))
    const loaded = await loadValidatedMapping(file)
    if (!loaded.ok) throw new Error(`changed manifest is invalid: ${JSON.stringify(loaded.problems)}`)
    const config = { KAFKA_BROKERS: endpoints.brokers, KAFKA_CLIENT_ID: 'bench-resync', SCHEMA_REGISTRY_URL: endpoints.registryUrl }
    const log = createLogger({ service: 'bench-resync', level: 'error' })
    const profile = process.env.BENCH_PROFILE ? await startProfile() : undefined
    const cpuAtStart = process.cpuUsage()
    const summary: ResyncSummary = await resyncMarketplace(config, loaded.mapping, { log, topic })
    const cpu = process.cpuUsage(cpuAtStart)
    await profile?.(join(dir, 'resync.cpuprofile'))
    const cpuSeconds = (cpu.user + cpu.system) / 1e6
    return {
      marketplace: summary.marketplace,
      read: summary.read,
      ms: Math.round(summary.elapsedMs),
      listingsLoaded: summary.knownListings,
      listingsMs: Math.round(summary.listingsMs),
      productsPerSecond: Math.round(summary.read / (summary.elapsedMs / 1000)),
      cpuSeconds: Math.round(cpuSeconds * 10) / 10,
      outcomes: summary.outcomes,
    }
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined)
  }
}

/** A topic just created may not answer until its partition leaders are known. */
async function untilReady(probe: () => Promise<unknown>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await probe()
      return
    } catch (error) {
      if (attempt >= 50) throw error
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}

/** Starts a CPU profile of this process (the resync runs in it); the returned function writes it. */
async function startProfile(): Promise<(file: string) => Promise<void>> {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  return async (file) => {
    const { profile } = await session.post('Profiler.stop')
    await writeFile(file, JSON.stringify(profile))
    session.disconnect()
  }
}
