import type { Kafka } from 'kafkajs'
import { LS_ERR_KAFKA_TOPIC_UNKNOWN } from '@listing-sync/errors'
import { CATALOG_PRODUCT_TOPIC, marketplaceTopicNames, readTopicToEnd, type AvroRegistry, type PartitionEnd } from '@listing-sync/kafka'
import type { MarketplaceMapping } from '@listing-sync/mapping'
import type { Logger } from '@listing-sync/observability'
import { AcknowledgementWindow } from './acknowledgement-window.js'
import { DECISION_OUTCOMES, decideListing, readCanonicalRecord, type DecisionOutcome, type ListingSink } from './listing-decision.js'
import { ListingState } from './listing-state.js'

/** Where a resync is: loading the last published listings, reading the catalog, or waiting for the broker. */
export type ResyncPhase = 'listings' | 'catalog' | 'acknowledging'

/** How far a resync is, for a progress display. */
export interface ResyncProgress {
  readonly phase: ResyncPhase
  /** Records of the canonical topic read so far. */
  readonly read: number
  /** Offsets passed and offsets to pass: compaction can leave fewer records than offsets. */
  readonly position: number
  readonly total: number
  readonly outcomes: Readonly<Record<DecisionOutcome, number>>
  readonly elapsedMs: number
}

/** What a resync did. */
export interface ResyncSummary {
  readonly marketplace: string
  readonly manifestVersion: string
  /** Listings known from the marketplace's topics before the resync. */
  readonly knownListings: number
  readonly read: number
  /** Per outcome; published, invalid and deleted records were sent and acknowledged. */
  readonly outcomes: Readonly<Record<DecisionOutcome, number>>
  /** Records without a key or that do not decode (each logged). */
  readonly skipped: number
  /** Time to load the last published listings, and in all. */
  readonly listingsMs: number
  readonly elapsedMs: number
}

/** What a resync needs. */
export interface CatalogResyncOptions {
  readonly kafka: Kafka
  readonly registry: AvroRegistry
  /** The marketplace's manifest to map with. */
  readonly mapping: MarketplaceMapping
  readonly publisher: ListingSink
  readonly log: Logger
  /** The canonical topic; catalog.product.v1 unless a test gives its own. */
  readonly topic?: string
  /** Called about every 200 ms and at the end of each phase. */
  readonly onProgress?: (progress: ResyncProgress) => void
  /** Sends that may wait for the broker at once. */
  readonly maxUnacknowledged?: number
  /** Only these SKUs are re-mapped (the console's replay of `.invalid` entries); all by default. */
  readonly skus?: ReadonlySet<string>
}

const PROGRESS_INTERVAL_MS = 200

/**
 * Re-maps the whole canonical topic for one marketplace and publishes what changed, deciding each
 * record exactly as the transformer does (listing-decision.ts) against the marketplace's last
 * published state, rebuilt from its compacted topics. It reads up to the ends the topic had when
 * it started and resolves once every output is acknowledged; a failed send rejects it.
 */
export async function runCatalogResync(options: CatalogResyncOptions): Promise<ResyncSummary> {
  const { kafka, registry, mapping, log } = options
  const { marketplace } = mapping
  const topic = options.topic ?? CATALOG_PRODUCT_TOPIC
  const started = performance.now()
  const outcomes = Object.fromEntries(DECISION_OUTCOMES.map((outcome) => [outcome, 0])) as Record<DecisionOutcome, number>
  let read = 0
  let skipped = 0

  // The catalog's end is taken before the listings are read: a newer change that a running
  // transformer publishes before then is in the state, and the older catalog record is stale.
  const ends = await catalogEnds(kafka, topic, marketplace)
  const total = ends.reduce((sum, end) => sum + Number(BigInt(end.high) - BigInt(end.low)), 0)
  const done = new Map(ends.map((end) => [end.partition, 0]))
  const lows = new Map(ends.map((end) => [end.partition, BigInt(end.low)]))
  let lastReport = 0
  const report = (phase: ResyncPhase, force = false) => {
    const now = performance.now()
    if (!options.onProgress || (!force && now - lastReport < PROGRESS_INTERVAL_MS)) return
    lastReport = now
    const position = phase === 'catalog' ? [...done.values()].reduce((sum, n) => sum + n, 0) : phase === 'listings' ? 0 : total
    options.onProgress({ phase, read, position, total, outcomes: { ...outcomes }, elapsedMs: now - started })
  }

  report('listings', true)
  const state = new ListingState()
  const knownListings = await state.rebuild(kafka, registry, [marketplace])
  const listingsMs = performance.now() - started
  log.info({ marketplace, knownListings, ms: Math.round(listingsMs) }, 'last published listings loaded')

  // The resync's state is its own and thrown away at the end, so it changes at once: a failed
  // send fails the whole resync, which is then run again.
  const context = { publisher: options.publisher, log }
  const window = new AcknowledgementWindow(options.maxUnacknowledged ?? 5000)
  report('catalog', true)
  await readTopicToEnd(
    kafka,
    topic,
    async (message, partition) => {
      // A replay of some SKUs passes over the others without decoding them; `read` counts those it re-maps.
      if (options.skus === undefined || (message.key !== null && options.skus.has(message.key.toString()))) {
        read++
        const record = await readCanonicalRecord(message, registry, log)
        if (record === undefined) skipped++
        else {
          const decision = await decideListing(context, record, mapping, state)
          outcomes[decision.outcome]++
          await window.add(decision.sends)
        }
      }
      done.set(partition, Number(BigInt(message.offset) + 1n - lows.get(partition)!))
      report('catalog')
    },
    { ends },
  )
  report('acknowledging', true)
  await window.drain()
  const elapsedMs = performance.now() - started
  log.info({ marketplace, read, ...outcomes, ms: Math.round(elapsedMs) }, 'resync done')
  return { marketplace, manifestVersion: mapping.version, knownListings, read, outcomes, skipped, listingsMs, elapsedMs }
}

/** The canonical topic's offsets now, after checking that every topic the resync uses exists. */
async function catalogEnds(kafka: Kafka, topic: string, marketplace: string): Promise<PartitionEnd[]> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    const existing = new Set(await admin.listTopics())
    const { listings, invalid } = marketplaceTopicNames(marketplace)
    const missing = [topic, listings, invalid].find((name) => !existing.has(name))
    if (missing !== undefined) throw LS_ERR_KAFKA_TOPIC_UNKNOWN(missing)
    return await admin.fetchTopicOffsets(topic)
  } finally {
    await admin.disconnect()
  }
}
