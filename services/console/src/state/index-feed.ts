import { randomUUID } from 'node:crypto'
import type { Admin, Consumer, Kafka, KafkaMessage } from 'kafkajs'
import { CATALOG_PRODUCT_TOPIC, CONSOLE_DISCARDS_TOPIC, INGEST_CHANGES_TOPIC, marketplaceTopicNames, stringHeaders, type AvroRegistry } from '@listing-sync/kafka'
import type { Logger } from '@listing-sync/observability'
import { entryId, type SyncIndex, type TraceStep } from './sync-index.js'

/** ListingUpdate, ListingRejected and ListingResult as schemas/listing/*.avsc declare them (the fields read here). */
interface ListingUpdate {
  action: 'UPSERT' | 'DELETE'
  productType: string | null
  payloadHash: string | null
  sourceEventId: string
  manifestVersion: string
  mappedAt: Date
}
interface ListingRejected {
  problems: { stage: string; rule: string; path: string; message: string }[]
  sourceEventId: string
  manifestVersion: string
  rejectedAt: Date
}
interface ListingResult {
  action: 'UPSERT' | 'DELETE'
  outcome: 'ACCEPTED' | 'REJECTED'
  operation: string
  reference: string | null
  reasons: { code: string; message: string; attribute: string | null }[]
  attempts: number
  payloadHash: string | null
  sourceEventId: string
  deliveredAt: Date
}
interface InboxDiscard {
  entryId: string
  marketplace: string
  sku: string
  kind: 'dlt' | 'invalid'
  discardedAt: Date
  failedAt: Date
}

type Handler = (sku: string, message: KafkaMessage, position: { topic: string; partition: number }, headers: Record<string, string>) => Promise<void> | void

/**
 * Feeds the console's {@link SyncIndex} from every topic of the topology: it reads them all from
 * their start (what retention and compaction kept) with a group of its own that commits nothing,
 * so each console process rebuilds its view on start and then follows the topics live. Values are
 * decoded only where the headers do not already say enough (canonical products never are).
 */
export class IndexFeed {
  private consumer: Consumer | undefined
  private caughtUpAt: number | null = null
  private readonly handlers = new Map<string, Handler>()

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly registry: AvroRegistry,
    private readonly index: SyncIndex,
    private readonly log: Logger,
  ) {
    this.handlers.set(INGEST_CHANGES_TOPIC, (sku, message, position, headers) => {
      this.index.add(sku, { stage: 'received', at: Number(message.timestamp), marketplace: null, eventId: headers['event-id'] ?? null, detail: `change received via ${headers.source ?? 'webhook'}`, ...at(position, message) })
    })
    this.handlers.set(CATALOG_PRODUCT_TOPIC, (sku, message, position, headers) => {
      const deleted = message.value === null
      const detail = deleted ? 'product deleted in Magento (tombstone)' : `ProductChanged published (${headers.source ?? 'webhook'})`
      this.index.add(sku, { stage: deleted ? 'deleted' : 'published', at: Number(message.timestamp), marketplace: null, eventId: headers['event-id'] ?? null, detail, ...at(position, message) })
    })
    this.handlers.set(CONSOLE_DISCARDS_TOPIC, async (_key, message, position) => {
      if (message.value === null) return
      const discard = await this.registry.decode<InboxDiscard>(message.value)
      const { entryId: id, sku, marketplace, kind } = discard
      this.index.discard({ id, sku, marketplace, kind, at: discard.discardedAt.getTime(), failedAt: discard.failedAt.getTime() }, { ...position, offset: message.offset })
    })
    for (const marketplace of index.marketplaces) this.addMarketplace(marketplace)
  }

  /** Every topic read. */
  get topics(): string[] {
    return [...this.handlers.keys()]
  }

  /** Whether the records that existed at start are all in the index; null until then. */
  get caughtUpSince(): number | null {
    return this.caughtUpAt
  }

  /** Starts reading; resolves once the index holds everything the topics had at start. */
  async start(): Promise<void> {
    const existing = new Set(await this.admin.listTopics())
    const topics = this.topics.filter((topic) => existing.has(topic))
    for (const missing of this.topics.filter((topic) => !existing.has(topic))) this.log.warn({ topic: missing }, 'topic missing; not shown until it exists and the console restarts')
    const pending = new Map<string, bigint>()
    for (const topic of topics) {
      for (const { partition, high, low } of await this.admin.fetchTopicOffsets(topic)) {
        if (BigInt(high) > BigInt(low)) pending.set(`${topic}/${partition}`, BigInt(high))
      }
    }
    const consumer = this.kafka.consumer({ groupId: `listing-sync-console-${randomUUID()}` })
    this.consumer = consumer
    let markCaughtUp!: () => void
    const caughtUp = new Promise<void>((resolve) => (markCaughtUp = resolve))
    const reached = (topic: string, partition: number, offset: string) => {
      const key = `${topic}/${partition}`
      const end = pending.get(key)
      if (end !== undefined && BigInt(offset) + 1n >= end) pending.delete(key)
      if (pending.size === 0 && this.caughtUpAt === null) {
        this.caughtUpAt = Date.now()
        markCaughtUp()
      }
    }
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => reached(payload.topic, payload.partition, payload.lastOffset))
    await consumer.connect()
    await consumer.subscribe({ topics, fromBeginning: true })
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const sku = message.key?.toString()
        const handle = this.handlers.get(topic)
        if (sku !== undefined && handle !== undefined) {
          const headers = stringHeaders(message)
          try {
            await handle(sku, message, { topic, partition }, headers)
          } catch (error) {
            // A record that does not decode is the dispatcher's poison, already in its DLT; the index skips it.
            this.log.debug({ err: error, topic, partition, offset: message.offset }, 'record skipped')
          }
        }
        reached(topic, partition, message.offset)
      },
    })
    if (pending.size === 0) reached('', 0, '0')
    await caughtUp
    this.log.info({ skus: this.index.skuCount, topics: topics.length }, 'index caught up')
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect()
  }

  private addMarketplace(marketplace: string): void {
    const topics = marketplaceTopicNames(marketplace)
    this.handlers.set(topics.listings, async (sku, message, position, headers) => {
      if (message.value === null) return
      const update = await this.registry.decode<ListingUpdate>(message.value)
      const replayOf = headers['replay-of']
      const detail = replayOf !== undefined ? `dead letter ${replayOf} sent back for delivery` : `${update.action} ${update.productType ?? ''} mapped with manifest ${update.manifestVersion}`.replace('  ', ' ')
      this.index.add(sku, { stage: replayOf !== undefined ? 'replayed' : 'listed', at: replayOf !== undefined ? Number(message.timestamp) : update.mappedAt.getTime(), marketplace, eventId: update.sourceEventId, detail, payloadHash: update.payloadHash, ...at(position, message) })
    })
    this.handlers.set(topics.invalid, async (sku, message, position) => {
      if (message.value === null) return
      const rejected = await this.registry.decode<ListingRejected>(message.value)
      const reasons = rejected.problems.map((problem) => `${problem.path || '(product)'}: ${problem.message} [${problem.rule}]`)
      const step: TraceStep = { stage: 'invalid', at: rejected.rejectedAt.getTime(), marketplace, eventId: rejected.sourceEventId, detail: reasons.join('; '), ...at(position, message) }
      this.index.add(sku, step)
      this.index.open({ id: entryId(step.topic, step.partition, step.offset), kind: 'invalid', marketplace, sku, at: step.at, errorClass: rejected.problems[0]?.rule ?? 'invalid', reasons, attempts: 0, eventId: step.eventId, replayedAt: null })
    })
    this.handlers.set(topics.deadLetters, (sku, message, position, headers) => {
      const time = Number(headers['dlt-timestamp'] ? Date.parse(headers['dlt-timestamp']) : message.timestamp)
      const errorClass = headers['dlt-error-class'] ?? 'unknown'
      const attempts = Number(headers['dlt-attempts'] ?? 0)
      const reason = headers['dlt-error-message'] ?? ''
      const step: TraceStep = { stage: 'dead-lettered', at: Number.isNaN(time) ? Number(message.timestamp) : time, marketplace, eventId: headers['event-id'] ?? null, detail: `${errorClass} after ${attempts} attempt(s): ${reason}`, ...at(position, message) }
      this.index.add(sku, step)
      this.index.open({ id: entryId(step.topic, step.partition, step.offset), kind: 'dlt', marketplace, sku, at: step.at, errorClass, reasons: [reason], attempts, eventId: step.eventId, replayedAt: null })
    })
    this.handlers.set(topics.results, async (sku, message, position) => {
      if (message.value === null) return
      const result = await this.registry.decode<ListingResult>(message.value)
      const accepted = result.outcome === 'ACCEPTED'
      const reasons = result.reasons.map((reason) => `${reason.attribute ? `${reason.attribute}: ` : ''}${reason.message} [${reason.code}]`)
      const detail = `${result.operation} ${accepted ? 'accepted' : 'rejected'}${result.attempts > 1 ? ` after ${result.attempts} attempts` : ''}${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}`
      this.index.add(sku, { stage: accepted ? 'accepted' : 'rejected', at: result.deliveredAt.getTime(), marketplace, eventId: result.sourceEventId, detail, payloadHash: result.payloadHash, reference: result.reference, ...at(position, message) })
    })
  }
}

const at = (position: { topic: string; partition: number }, message: KafkaMessage) => ({ topic: position.topic, partition: position.partition, offset: message.offset })
