import { setTimeout as sleep } from 'node:timers/promises'
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs'
import { isRetryable } from '@listing-sync/errors'
import { marketplaceTopicNames, runKeptAlive, type AvroRegistry } from '@listing-sync/kafka'
import type { Logger } from '@listing-sync/observability'
import { coalesce, type BatchRecord } from './delivery/coalesce.js'
import type { DeadLetters } from './delivery/dead-letters.js'
import type { DeliveredListings } from './delivery/delivered-listings.js'
import type { ListingResults } from './delivery/listing-results.js'
import type { DeliveryOutcome, DeliveryResult, ListingUpdate, MarketplaceAdapter } from './delivery/marketplace-adapter.js'
import type { DispatcherMetrics } from './dispatcher-metrics.js'
import { backoffDelay, type BackoffPolicy } from './pacing/backoff.js'
import type { RateBudget } from './pacing/rate-budget.js'

/** What the dispatcher needs. */
export interface ListingDispatcherOptions {
  readonly kafka: Kafka
  readonly registry: AvroRegistry
  readonly adapter: MarketplaceAdapter
  readonly budget: RateBudget
  readonly delivered: DeliveredListings
  readonly deadLetters: DeadLetters
  readonly results: ListingResults
  readonly backoff: BackoffPolicy
  readonly metrics: DispatcherMetrics
  readonly log: Logger
  /**
   * Longest time a batch waits for the rate budget in all (heartbeating meanwhile); a longer wait
   * pauses the partition instead and reads it again when due: a consumer that does not poll for a
   * while is thrown out, and a batch held longer would miss newer updates of its SKUs that arrived
   * meanwhile, sending each SKU once with what the batch held and again with the newer update.
   */
  readonly maxInlineWaitMs?: number
  /**
   * Calls one partition may have in flight at once, each for a different SKU (default 8): with a
   * marketplace answering in tens of milliseconds, one call at a time caps a partition at a few
   * dozen updates a second and queues every update behind the ones before it.
   */
  readonly callsInFlight?: number
}

/** The consumer group of one marketplace's dispatchers; replicas share the partitions. */
export function dispatcherGroup(marketplace: string): string {
  return `listing-sync-dispatcher-${marketplace}`
}

/** A record on its way into a call, with where it came from. */
interface Pending {
  readonly partition: number
  readonly record: BatchRecord
  readonly message: KafkaMessage
}

/** How much of one partition a fetch returns at most (the broker's message.max.bytes is 1 MiB). */
const FETCH_BYTES_PER_PARTITION = 4 * 1024 * 1024

/** How long before its call may go a batch API's waiting partition is read again, to park its records. */
const PARK_AHEAD_MS = 2000

/** Pause of a partition whose records' schema the registry did not serve, before it is read again. */
const REGISTRY_RETRY_MS = 5000

/** Longest pause before a paused partition is looked at again, whatever a marketplace asked. */
const MAX_PAUSE_MS = 5 * 60 * 1000

/**
 * Pause of a partition whose batch found no share of the budget (an endless wait): that happens
 * only between a rebalance starting and the group's next assignment, which gives the share back
 * within seconds, so the partition is looked at again soon rather than after MAX_PAUSE_MS.
 */
const NO_SHARE_PAUSE_MS = 1000

/**
 * Delivers `listing.<mkt>.v1` to one marketplace. Per partition, in offset order: records that do
 * not decode are dead-lettered; of several updates of a SKU only the newest is sent; an update
 * older than one delivered, or delivered already, is dropped; calls wait for the rate budget. A
 * transient failure pauses the partition, seeks back to the first unfinished record and resumes
 * after the backoff (or the marketplace's Retry-After), so the group never waits inside a handler
 * past its session timeout. Offsets are committed up to the last record that has an outcome:
 * accepted, superseded, or dead-lettered with a result saying why.
 */
export class ListingDispatcher {
  private readonly consumer: Consumer
  private readonly topic: string
  private readonly marketplace: string
  /** Calls made so far per record, across re-reads after a pause. */
  private readonly attempts = new Map<string, number>()
  private readonly resumeTimers = new Set<NodeJS.Timeout>()
  private readonly paused = new Set<number>()
  /**
   * For batch APIs (Mirakl OF24: every pending offer of the shop in one call): records of
   * partitions paused while waiting for the budget, which the next call of any partition carries
   * too. Their partitions re-read them after resuming and find them in `settled`.
   */
  private readonly parked = new Map<number, Pending[]>()
  /** Records that got their outcome in another partition's call, by partition:offset. */
  private readonly settled = new Set<string>()
  private readonly callsInFlight: number
  private endRestarts = () => {}

  constructor(private readonly options: ListingDispatcherOptions) {
    this.marketplace = options.adapter.marketplace
    this.callsInFlight = Math.max(1, options.callsInFlight ?? 8)
    this.topic = marketplaceTopicNames(this.marketplace).listings
    // A short fetch wait: a partition resumed after a pause is fetched again only when the
    // long poll of the others returns, so this bounds how late a retry starts. Large fetches: only
    // the updates of one batch are coalesced, and a partition waiting for the rate budget is read
    // again from its first undelivered record, so what one fetch of a partition holds is how far
    // ahead the dispatcher sees newer updates of a SKU (10 updates of 1,000 SKUs of ~3 KB are
    // 2.5 MB a partition over 12 partitions). Only a backlog fills them.
    this.consumer = options.kafka.consumer({
      groupId: dispatcherGroup(this.marketplace),
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 250,
      maxBytesPerPartition: FETCH_BYTES_PER_PARTITION,
      maxBytes: 12 * FETCH_BYTES_PER_PARTITION,
    })
  }

  async start(): Promise<void> {
    const { kafka, budget, metrics, log } = this.options
    const admin = kafka.admin()
    await admin.connect()
    const partitionCount = (await admin.fetchTopicMetadata({ topics: [this.topic] })).topics[0]?.partitions.length ?? 1
    await admin.disconnect()
    const assign = (partitions: readonly number[]) => {
      budget.assign(partitions, partitionCount)
      for (const [operation, rate] of Object.entries(budget.rates())) metrics.rateBudget.set({ marketplace: this.marketplace, operation }, rate)
    }
    // Give up the share while the group rebalances, before another replica may take it.
    this.consumer.on(this.consumer.events.REBALANCING, () => {
      assign([])
      // Partitions may move: whoever reads them next sends what they hold (a duplicate at worst).
      this.parked.clear()
      this.settled.clear()
    })
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      const partitions = payload.memberAssignment[this.topic] ?? []
      assign(partitions)
      log.info({ marketplace: this.marketplace, partitions, partitionCount, rates: budget.rates() }, 'partitions assigned')
    })
    await this.consumer.connect()
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true })
    const config = { autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: partitionCount, eachBatch: (payload: EachBatchPayload) => this.handleBatch(payload) }
    this.endRestarts = await runKeptAlive(this.consumer, config, log)
  }

  async stop(): Promise<void> {
    this.endRestarts()
    for (const timer of this.resumeTimers) clearTimeout(timer)
    this.resumeTimers.clear()
    await this.consumer.disconnect()
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload
    const readAt = Date.now()
    const { deadLetters, delivered, metrics, registry } = this.options
    const done = new Set<string>()
    const decoded: BatchRecord[] = []
    const messages = new Map<string, KafkaMessage>()
    // The registry did not answer a schema fetch: this record and those after it wait for a re-read.
    let registryDown = false
    for (const message of batch.messages) {
      messages.set(message.offset, message)
      if (message.value === null) {
        done.add(message.offset)
        continue
      }
      try {
        decoded.push({ offset: message.offset, update: await registry.decode<ListingUpdate>(message.value) })
      } catch (error) {
        if (isRetryable(error)) {
          this.options.log.warn({ err: error, marketplace: this.marketplace, partition: batch.partition, offset: message.offset }, 'schema registry unavailable, reading the partition again later')
          registryDown = true
          break
        }
        // Poison: it can never be delivered; dead-lettered so the partition moves on.
        await deadLetters.send({ topic: batch.topic, partition: batch.partition, message }, { errorClass: 'undecodable', message: (error as Error).message, attempts: 0 })
        this.count('undecodable')
        metrics.deadLetters.inc({ marketplace: this.marketplace, error_class: 'undecodable' })
        done.add(message.offset)
      }
    }
    const { newest, superseded } = coalesce(decoded)
    for (const record of superseded) {
      done.add(record.offset)
      this.count('coalesced')
    }
    // Records another partition's call carried (a batch API's parked records) are done already.
    const unsettled = (record: BatchRecord) => {
      if (!this.settled.delete(`${batch.partition}:${record.offset}`)) return true
      done.add(record.offset)
      return false
    }
    const work = newest.filter((record) => {
      if (!unsettled(record)) return false
      const skip = delivered.skipReason(record.update)
      if (skip === undefined) return true
      done.add(record.offset)
      this.count(skip === 'stale' ? 'stale' : 'redundant')
      return false
    })

    const pending = (record: BatchRecord): Pending => ({ partition: batch.partition, record, message: messages.get(record.offset)! })
    const batchApi = this.options.adapter.batchSize > 1
    // After coalescing each SKU has one record here, so calls for different records may overlap
    // without reordering any SKU's updates: up to `callsInFlight` at once, each after its budget.
    const inFlight = new Set<Promise<void>>()
    let retryInMs: number | undefined
    const retryIn = (ms: number | undefined) => {
      if (ms !== undefined) retryInMs = Math.max(retryInMs ?? 0, ms)
    }
    for (let index = 0; index < work.length && retryInMs === undefined; ) {
      if (!payload.isRunning() || payload.isStale()) break
      const call = this.nextCall(work, index)
      const wait = await this.waitForBudget(call.operation, call.calls, payload, readAt)
      // A call that failed meanwhile holds the operation (a 429): no more calls from this batch.
      if (retryInMs !== undefined) break
      if (wait > 0) {
        if (batchApi) this.parked.set(batch.partition, work.slice(index).filter(unsettled).map(pending))
        retryIn(wait)
        break
      }
      index += call.records.length
      const records = call.records.filter(unsettled)
      const others = batchApi ? this.unpark(call.operation, this.options.adapter.batchSize - records.length, batch.partition) : []
      if (records.length + others.length === 0) continue
      const delivery: Promise<void> = this.deliver([...records.map(pending), ...others], call.operation, batch.partition, done, payload)
        .then(retryIn)
        .finally(() => inFlight.delete(delivery))
      inFlight.add(delivery)
      if (inFlight.size >= this.callsInFlight) await Promise.race(inFlight)
    }
    await Promise.all(inFlight)
    if (registryDown) retryIn(REGISTRY_RETRY_MS)

    const firstOpen = batch.messages.find((message) => !done.has(message.offset))
    const lastDone = firstOpen === undefined ? batch.messages.at(-1)?.offset : previousOffset(batch.messages, firstOpen.offset)
    if (lastDone !== undefined) {
      payload.resolveOffset(lastDone)
      await payload.commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(lastDone) + 1n).toString() }] }] })
    }
    if (firstOpen !== undefined && retryInMs !== undefined) {
      // A batch API's partition is read again a little before its call may go, so that its records
      // are parked by then for whichever partition makes the call.
      const ahead = batchApi && retryInMs > PARK_AHEAD_MS ? PARK_AHEAD_MS : 0
      this.pauseFor(batch.partition, firstOpen.offset, retryInMs - ahead)
    }
  }

  /**
   * The records of the next call: consecutive ones of one operation, up to the adapter's batch
   * size; and how many calls of the operation delivering them takes (the rate budget pays for each).
   */
  private nextCall(work: readonly BatchRecord[], from: number): { operation: string; records: BatchRecord[]; calls: number } {
    const { adapter } = this.options
    const operation = adapter.operation(work[from]!.update)
    const records = [work[from]!]
    for (let next = from + 1; next < work.length && records.length < adapter.batchSize && adapter.operation(work[next]!.update) === operation; next++) records.push(work[next]!)
    const calls = Math.max(...records.map((record) => adapter.callsFor?.(record.update, operation) ?? 1))
    return { operation, records, calls }
  }

  /**
   * Up to `room` parked records of partitions other than `caller` that need `operation`, taken out
   * of the pool; the caller's own parked records are dropped (its call carries them as read now).
   */
  private unpark(operation: string, room: number, caller: number): Pending[] {
    this.parked.delete(caller)
    const taken: Pending[] = []
    for (const [partition, records] of this.parked) {
      const keep: Pending[] = []
      for (const item of records) {
        // Carried by an earlier call already (its partition has not read it again yet).
        if (this.settled.has(`${partition}:${item.record.offset}`)) continue
        if (taken.length < room && this.options.adapter.operation(item.record.update) === operation) taken.push(item)
        else keep.push(item)
      }
      if (keep.length === 0) this.parked.delete(partition)
      else this.parked.set(partition, keep)
    }
    return taken
  }

  /**
   * 0 once the calls may go; otherwise how long to pause the partition. Waits are slept through
   * while the batch, read at `readAt`, is young enough.
   */
  private async waitForBudget(operation: string, calls: number, payload: EachBatchPayload, readAt: number): Promise<number> {
    const maxInline = this.options.maxInlineWaitMs ?? 1000
    for (;;) {
      const wait = this.options.budget.take(operation, calls)
      if (wait === 0) return 0
      if (Date.now() + wait - readAt > maxInline || !payload.isRunning()) return wait
      await sleep(wait)
      await payload.heartbeat()
    }
  }

  /**
   * Makes one call and records every outcome. Returns undefined when every record of this
   * partition has its outcome, or the milliseconds to wait before the first transient failure of
   * one is retried. Records of other partitions (parked) that get an outcome are `settled`; a
   * transient failure of one is retried when its own partition reads it again.
   */
  private async deliver(items: readonly Pending[], operation: string, partition: number, done: Set<string>, payload: EachBatchPayload): Promise<number | undefined> {
    const { adapter, budget, backoff, metrics, log } = this.options
    const end = metrics.callSeconds.startTimer({ marketplace: this.marketplace, operation })
    let result: DeliveryResult
    try {
      result = await adapter.deliver(items.map((item) => item.record.update), operation, () => payload.heartbeat())
    } catch (error) {
      // An adapter throws only on a bug or an answer it cannot read: retried, then dead-lettered.
      log.error({ err: error, marketplace: this.marketplace, operation }, 'marketplace adapter failed')
      result = { outcomes: items.map((item) => ({ sku: item.record.update.sku, status: 'retry', errorClass: 'adapter-error', message: (error as Error).message })) }
    }
    end()
    if (result.observedRate !== undefined) budget.lowerRate(operation, result.observedRate)
    const outcomes = new Map(result.outcomes.map((outcome) => [outcome.sku, outcome]))
    const statuses = new Set<string>()
    const writes: Promise<void>[] = []
    let retryInMs: number | undefined
    for (const item of items) {
      const { record } = item
      const { update } = record
      const outcome: DeliveryOutcome = outcomes.get(update.sku) ?? { sku: update.sku, status: 'retry', errorClass: 'no-outcome', message: 'the marketplace answer says nothing about this SKU' }
      statuses.add(outcome.status)
      const key = `${item.partition}:${record.offset}`
      const own = item.partition === partition
      const finished = () => (own ? done.add(record.offset) : this.settled.add(key))
      const attempts = (this.attempts.get(key) ?? 0) + 1
      if (outcome.status === 'accepted') {
        this.attempts.delete(key)
        this.options.delivered.record(update)
        writes.push(this.options.results.publish({ update, outcome: 'ACCEPTED', operation, reference: outcome.reference, reasons: [], attempts }))
        // Both set by the transformer on listings of live changes (not on a resync's); a backfill's
        // products were saved in Magento long ago, so only webhooks and reconciles time Magento → here.
        const changeSource = item.message.headers?.['change-source']?.toString()
        if (changeSource === 'webhook' || changeSource === 'reconcile') metrics.endToEndSeconds.observe({ marketplace: this.marketplace }, Math.max(0, Date.now() - update.magentoUpdatedAt.getTime()) / 1000)
        const observedAt = Number(item.message.headers?.['observed-at']?.toString())
        if (observedAt > 0) metrics.receiptToAcceptanceSeconds.observe({ marketplace: this.marketplace }, Math.max(0, Date.now() - observedAt) / 1000)
        this.count('accepted')
        finished()
        continue
      }
      if (outcome.status === 'retry' && attempts < backoff.maxAttempts) {
        this.attempts.set(key, attempts)
        const delay = outcome.retryAfterMs ?? backoffDelay(attempts, backoff)
        budget.holdFor(operation, delay)
        metrics.retries.inc({ marketplace: this.marketplace, error_class: outcome.errorClass })
        log.warn({ marketplace: this.marketplace, sku: update.sku, trace: { id: update.sourceEventId }, operation, errorClass: outcome.errorClass, attempts, retryInMs: delay, message: outcome.message }, 'delivery failed for now, will retry')
        if (own) retryInMs = Math.max(retryInMs ?? 0, delay)
        continue
      }
      // Refused for good, or out of attempts: dead-lettered with a result that says why.
      this.attempts.delete(key)
      const exhausted = outcome.status === 'retry'
      const reasons = exhausted ? [{ code: outcome.errorClass, message: `gave up after ${attempts} attempts: ${outcome.message}` }] : outcome.reasons
      const errorClass = exhausted ? `retries-exhausted:${outcome.errorClass}` : outcome.errorClass
      writes.push(
        this.options.deadLetters.send({ topic: this.topic, partition: item.partition, message: item.message }, { errorClass, message: reasons.map((reason) => `${reason.code}: ${reason.message}`).join('; '), attempts }),
        this.options.results.publish({ update, outcome: 'REJECTED', operation, reference: null, reasons, attempts }),
      )
      metrics.deadLetters.inc({ marketplace: this.marketplace, error_class: exhausted ? 'retries-exhausted' : outcome.errorClass })
      this.count(exhausted ? 'exhausted' : 'rejected')
      log.warn({ marketplace: this.marketplace, sku: update.sku, trace: { id: update.sourceEventId }, operation, errorClass, attempts, reasons }, 'listing update dead-lettered')
      finished()
    }
    metrics.calls.inc({ marketplace: this.marketplace, operation, result: statuses.size === 1 ? [...statuses][0]! : 'partial' })
    await Promise.all(writes)
    return retryInMs
  }

  /** Pauses the partition and resumes it from `offset` after `ms`. */
  private pauseFor(partition: number, offset: string, ms: number): void {
    const topics = [{ topic: this.topic, partitions: [partition] }]
    this.consumer.pause(topics)
    // Re-read from the first unfinished record; anything fetched beyond it is stale now.
    this.consumer.seek({ topic: this.topic, partition, offset })
    this.paused.add(partition)
    this.options.metrics.pausedPartitions.set({ marketplace: this.marketplace }, this.paused.size)
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer)
      this.paused.delete(partition)
      this.options.metrics.pausedPartitions.set({ marketplace: this.marketplace }, this.paused.size)
      this.consumer.resume(topics)
    }, Number.isFinite(ms) ? Math.min(ms, MAX_PAUSE_MS) : NO_SHARE_PAUSE_MS)
    this.resumeTimers.add(timer)
  }

  private count(outcome: string): void {
    this.options.metrics.updates.inc({ marketplace: this.marketplace, outcome })
  }
}

/** The offset of the message before `offset` in the batch, or undefined when it is the first. */
function previousOffset(messages: readonly KafkaMessage[], offset: string): string | undefined {
  const index = messages.findIndex((message) => message.offset === offset)
  return index > 0 ? messages[index - 1]!.offset : undefined
}
