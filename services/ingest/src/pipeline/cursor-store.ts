import { randomUUID } from 'node:crypto'
import type { Kafka } from 'kafkajs'
import { INGEST_CURSORS_TOPIC, type AvroRegistry, type BatchingProducer } from '@listing-sync/kafka'

/** Progress of a loop (schemas/ingest/sync-cursor.avsc). */
export interface SyncCursor {
  readonly name: string
  readonly updatedAfter: string | null
  readonly nextPage: number | null
  readonly totalCount: number | null
  readonly savedAt: Date
}

/**
 * Cursors on the compacted `ingest.cursors.v1` topic: pods keep no disk, and the newest record per
 * name survives compaction, so a restarted reconcile or backfill resumes where it stopped.
 */
export class CursorStore {
  constructor(
    private readonly kafka: Kafka,
    private readonly producer: BatchingProducer,
    private readonly registry: AvroRegistry,
    private readonly schemaId: number,
  ) {}

  /** The newest saved cursor of that name, read from the topic up to its current end. */
  async load(name: string): Promise<SyncCursor | undefined> {
    const admin = this.kafka.admin()
    await admin.connect()
    const ends = await admin.fetchTopicOffsets(INGEST_CURSORS_TOPIC).finally(() => admin.disconnect())
    const pending = new Map(ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]))
    if (pending.size === 0) return undefined
    let found: SyncCursor | undefined
    // A throw-away group: reading cursors must not commit anything.
    const consumer = this.kafka.consumer({ groupId: `listing-sync-cursor-reader-${randomUUID()}` })
    await consumer.connect()
    try {
      await consumer.subscribe({ topic: INGEST_CURSORS_TOPIC, fromBeginning: true })
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              if (message.key?.toString() === name) {
                found = message.value === null ? undefined : await this.registry.decode<SyncCursor>(message.value)
              }
              if (BigInt(message.offset) + 1n >= (pending.get(partition) ?? 0n)) pending.delete(partition)
              if (pending.size === 0) resolve()
            },
          })
          .catch(reject)
      })
    } finally {
      await consumer.disconnect()
    }
    return found
  }

  async save(cursor: Omit<SyncCursor, 'savedAt'>): Promise<void> {
    const value = await this.registry.encode(this.schemaId, { ...cursor, savedAt: new Date() })
    await this.producer.send(INGEST_CURSORS_TOPIC, { key: cursor.name, value })
  }
}
