import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream, type WriteStream } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { dispatcherGroup } from '@listing-sync/dispatcher'
import { createProducer, marketplaceTopicNames, partitionForKey } from '@listing-sync/kafka'
import { loadValidatedMapping } from '@listing-sync/mapping'
import { createAmazonSimulator, type AmazonSimulator } from '@listing-sync/simulator-amazon'
import { sampleProducts } from '../../packages/mapping/src/test-support/sample-catalog.js'
import { runId, testClients } from '../support/clients.js'
import { freePort } from '../support/ingest-harness.js'
import { ListingFeed, type ListingResult } from '../support/listing-feed.js'
import { TopicCollector } from '../support/topic-collector.js'

// Issue done-when: "a kill of a dispatcher replica loses nothing". Three Amazon dispatchers run as
// production runs them — separate processes of services/dispatcher/src/main.ts sharing one consumer
// group — against the Amazon simulator with per-operation limits on. One is SIGKILLed (no shutdown,
// no commit, no leaving the group) while it still holds undelivered updates; the others take its
// partitions once its session times out. Nothing may be lost, no SKU may go back to an older
// version, and the group together may never exceed the simulator's limits (no 429).

type AmazonPayload = { productType: string; attributes: Record<string, unknown> }

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SELLER = 'A2LISTINGSYNCDEMO'
const MARKETPLACE_ID = 'ATVPDKIKX0DER'
const REPLICAS = 3
const SKU_COUNT = 100
const VERSIONS = 4
// Amazon's limits times three, on both sides: the group must stay within what the simulator
// enforces, and the backlog the survivors take over after the session timeout clears in seconds.
const LIMITS = {
  putListingsItem: { rate: 15, burst: 30 },
  patchListingsItem: { rate: 15, burst: 15 },
  deleteListingsItem: { rate: 15, burst: 15 },
}
const { kafka, registry } = testClients('dispatcher-replicas')
const marketplace = `amzr${runId().replace(/[^a-z0-9]/g, '')}`
const topics = marketplaceTopicNames(marketplace)
const producer = createProducer(kafka)
const results = new TopicCollector<ListingResult>(kafka, registry, topics.results)
const replicas: DispatcherReplica[] = []
let simulator: AmazonSimulator
let feed: ListingFeed
let partitionCount: number

/**
 * One dispatcher replica: its own Node process, as deployed. Its output goes to a log file and is
 * read for the partitions it was last assigned.
 */
class DispatcherReplica {
  /** The partitions of the latest assignment it logged; undefined before its first. */
  partitions: number[] | undefined
  readonly exited: Promise<void>
  private readonly lines: string[] = []

  constructor(
    readonly name: string,
    readonly logFile: string,
    private readonly child: ChildProcess,
    private readonly onAssigned: () => void,
  ) {
    const log: WriteStream = createWriteStream(logFile)
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        log.write(`${line}\n`)
        this.lines.push(line)
        this.readAssignment(line)
      })
    }
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()))
    void this.exited.then(() => log.end())
  }

  static async start(name: string, logDir: string, env: Record<string, string>, onAssigned: () => void): Promise<DispatcherReplica> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'services/dispatcher/src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env, DISPATCHER_PORT: String(await freePort()) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    return new DispatcherReplica(name, join(logDir, `${name}.log`), child, onAssigned)
  }

  get pid(): number {
    return this.child.pid!
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null
  }

  /** Sends a signal to the process by its id. */
  signal(signal: NodeJS.Signals): void {
    if (this.running) process.kill(this.pid, signal)
  }

  /** The last lines it wrote, for a failure report. */
  tail(count = 20): string {
    return this.lines.slice(-count).join('\n')
  }

  private readAssignment(line: string): void {
    if (!line.startsWith('{')) return
    const entry = JSON.parse(line) as { message?: string; partitions?: number[] }
    if (entry.message !== 'partitions assigned') return
    this.partitions = entry.partitions
    this.onAssigned()
  }
}

/** True once every replica's latest assignment is part of one generation: together all partitions, each once. */
function groupSettled(): boolean {
  const assigned = replicas.flatMap((replica) => replica.partitions ?? [])
  return replicas.length === REPLICAS && replicas.every((replica) => (replica.partitions?.length ?? 0) > 0) && assigned.length === partitionCount && new Set(assigned).size === partitionCount
}

beforeAll(async () => {
  simulator = createAmazonSimulator({ logLevel: 'warn', rateLimits: LIMITS })
  const url = await simulator.listen('127.0.0.1', 0)
  await producer.connect()
  feed = await ListingFeed.create(kafka, registry, producer, marketplace, 'amazon')
  const admin = kafka.admin()
  await admin.connect()
  partitionCount = (await admin.fetchTopicMetadata({ topics: [topics.listings] })).topics[0]!.partitions.length
  await admin.disconnect()
  await results.start()
  const logDir = await mkdtemp(join(tmpdir(), 'dispatcher-replicas-'))
  const env = {
    KAFKA_BROKERS: inject('kafkaBrokers').join(','),
    SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl'),
    DISPATCHER_MARKETPLACE: 'amazon',
    DISPATCHER_TOPIC_MARKETPLACE: marketplace,
    HOST: '127.0.0.1',
    AMAZON_SP_API_ENDPOINT: url,
    AMAZON_LWA_ENDPOINT: `${url}/auth/o2/token`,
    DISPATCHER_RATE_LIMITS: JSON.stringify(LIMITS),
    // info: the replicas log their assignments, which is how the test finds who holds what.
    LOG_LEVEL: 'info',
  }
  let settle = () => undefined as void
  const settled = new Promise<void>((resolve) => (settle = resolve))
  const onAssigned = () => {
    if (groupSettled()) settle()
  }
  for (let index = 0; index < REPLICAS; index++) replicas.push(await DispatcherReplica.start(`dispatcher-${index + 1}`, logDir, env, onAssigned))
  // The mapping of the sample catalog takes seconds; done while the replicas start.
  await sampleProducts()
  const died = replicas.map((replica) => replica.exited.then(() => Promise.reject(new Error(`${replica.name} exited; see ${replica.logFile}`))))
  await within(Promise.race([settled, ...died]), 45_000, `the replicas did not settle in one group; logs in ${logDir}`)
}, 60_000)

afterAll(async () => {
  // A replica still running is stopped as in production; one that will not stop is killed.
  for (const replica of replicas) replica.signal('SIGTERM')
  const stopped = Promise.all(replicas.map((replica) => replica.exited))
  const timeout = setTimeout(() => replicas.forEach((replica) => replica.signal('SIGKILL')), 10_000)
  await stopped
  clearTimeout(timeout)
  await results.stop()
  await producer.disconnect()
  await simulator?.app.close()
}, 30_000)

/** The first `count` SKUs of the sample catalog the shipped Amazon manifest maps to a listing with an offer (a price). */
async function sellableSkus(count: number): Promise<string[]> {
  const loaded = await loadValidatedMapping(fileURLToPath(new URL('../../mappings/amazon.json', import.meta.url)))
  if (!loaded.ok) throw new Error(`mappings/amazon.json: ${JSON.stringify(loaded.problems)}`)
  const skus: string[] = []
  for (const product of await sampleProducts()) {
    if (skus.length === count) break
    const outcome = await loaded.mapping.map(product)
    if (outcome.ok && (outcome.payload as AmazonPayload).attributes.purchasable_offer !== undefined) skus.push(product.sku)
  }
  return skus
}

/** Resolves as `promise` does, or rejects with `message` after `ms`. */
async function within(promise: Promise<void>, ms: number, message: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))
  await Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

function setPrice(payload: AmazonPayload, amount: number) {
  const offers = payload.attributes.purchasable_offer as { our_price: { schedule: { value_with_tax: number }[] }[] }[]
  offers[0]!.our_price[0]!.schedule[0]!.value_with_tax = amount
}

describe('Amazon dispatcher replicas', () => {
  it('lose nothing, keep each SKU in order and stay within the limits when one is SIGKILLed mid-delivery', async ({ annotate, onTestFailed }) => {
    onTestFailed(() => {
      for (const replica of replicas) process.stderr.write(`--- ${replica.name} (pid ${replica.pid}, log ${replica.logFile}), last lines:\n${replica.tail()}\n`)
    })
    const skus = await sellableSkus(SKU_COUNT)
    /** Per SKU, the event id and payload of its newest version. */
    const newest = new Map<string, { eventId: string; payload: AmazonPayload }>()
    /** Event id → version number, to read the results' order. */
    const versionOf = new Map<string, number>()

    // Round after round, each SKU gets a newer price; the replicas deliver while later rounds arrive.
    for (let version = 1; version <= VERSIONS; version++) {
      await Promise.all(
        skus.map(async (sku) => {
          let sent: AmazonPayload | undefined
          const eventId = await feed.publish<AmazonPayload>(sku, (payload) => {
            setPrice(payload, 10 + version)
            sent = structuredClone(payload)
          })
          newest.set(sku, { eventId, payload: sent! })
          versionOf.set(eventId, version)
        }),
      )
    }

    // The victim: the replica with most SKUs of this test, once it is seen delivering them.
    const skusOf = (replica: DispatcherReplica) => skus.filter((sku) => replica.partitions!.includes(partitionForKey(sku, partitionCount)))
    const victim = replicas.reduce((most, replica) => (skusOf(replica).length > skusOf(most).length ? replica : most))
    const victimSkus = new Set(skusOf(victim))
    await results.waitFor((record) => record.value?.outcome === 'ACCEPTED' && victimSkus.has(record.key))
    victim.signal('SIGKILL')
    await victim.exited

    // What it left behind: records of its partitions not committed (so not known to be delivered).
    const admin = kafka.admin()
    await admin.connect()
    const [committed] = await admin.fetchOffsets({ groupId: dispatcherGroup(marketplace), topics: [topics.listings] })
    const ends = await admin.fetchTopicOffsets(topics.listings)
    await admin.disconnect()
    const uncommitted = victim.partitions!.map((partition) => {
      const end = Number(ends.find((entry) => entry.partition === partition)!.offset)
      const at = Number(committed!.partitions.find((entry) => entry.partition === partition)!.offset)
      return { partition, committed: at < 0 ? 0 : at, end }
    })
    const leftBehind = uncommitted.reduce((sum, entry) => sum + entry.end - entry.committed, 0)
    await annotate(`SIGKILLed ${victim.name} holding partitions ${victim.partitions!.join(',')}: ${JSON.stringify(uncommitted)}`)
    // Otherwise the kill proved nothing: the victim had finished its work.
    expect(leftBehind).toBeGreaterThan(0)

    const acceptedIds = () => new Set(results.records.flatMap((record) => (record.value?.outcome === 'ACCEPTED' ? [record.value.sourceEventId] : [])))
    await expect
      .poll(() => [...newest].filter(([, { eventId }]) => !acceptedIds().has(eventId)).map(([sku]) => sku), { timeout: 45_000, interval: 250 })
      .toEqual([])

    const accepted = results.records.flatMap((record) => (record.value?.outcome === 'ACCEPTED' ? [record.value] : []))
    const duplicates = accepted.length - new Set(accepted.map((result) => result.sourceEventId)).size
    const stats = simulator.stats.snapshot()
    await annotate(`${accepted.length} accepted results for ${VERSIONS * SKU_COUNT} updates (${duplicates} duplicates); Amazon calls: ${JSON.stringify(stats.calls)}`)

    // Nothing lost, nothing stale: Amazon holds every SKU's newest listing.
    for (const [sku, { payload }] of newest) {
      const listing = simulator.store.get(SELLER, MARKETPLACE_ID, sku)
      expect({ sku, productType: listing?.productType, attributes: listing?.attributes }).toEqual({ sku, productType: payload.productType, attributes: payload.attributes })
    }

    // Per SKU, the accepted versions in the order the results were written: never backwards.
    const sequences = new Map<string, number[]>()
    for (const result of accepted) sequences.set(result.sku, [...(sequences.get(result.sku) ?? []), versionOf.get(result.sourceEventId)!])
    const backwards = [...sequences].filter(([, versions]) => versions.some((version, index) => index > 0 && version < versions[index - 1]!))
    expect(Object.fromEntries(backwards)).toEqual({})
    expect(results.records.filter((record) => record.value?.outcome !== 'ACCEPTED')).toEqual([])

    // The group's summed rate never exceeded Amazon's limits, before, during or after the rebalance.
    expect(stats.throttled, 'Amazon answered 429: the replicas together went over its limit').toEqual({ total: 0, rateLimit: 0, fault: 0 })
  })
})
