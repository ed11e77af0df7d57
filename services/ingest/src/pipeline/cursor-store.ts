import type { Kafka } from 'kafkajs'
import { INGEST_CURSORS_TOPIC, readTopicToEnd, type AvroRegistry, type BatchingProducer } from '@listing-sync/kafka'

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
    let found: SyncCursor | undefined
    await readTopicToEnd(this.kafka, INGEST_CURSORS_TOPIC, async (message) => {
      if (message.key?.toString() !== name) return
      found = message.value === null ? undefined : await this.registry.decode<SyncCursor>(message.value)
    })
    return found
  }

  async save(cursor: Omit<SyncCursor, 'savedAt'>): Promise<void> {
    const value = await this.registry.encode(this.schemaId, { ...cursor, savedAt: new Date() })
    await this.producer.send(INGEST_CURSORS_TOPIC, { key: cursor.name, value })
  }
}
