import { randomUUID } from 'node:crypto'
import { expect } from 'vitest'
import type { Consumer, Kafka } from 'kafkajs'
import { stringHeaders, type AvroRegistry } from '@listing-sync/kafka'

/** A record as a test sees it: key, decoded value (null for a tombstone) and headers as text. */
export interface CollectedRecord<T> {
  readonly key: string
  readonly value: T | null
  readonly headers: Readonly<Record<string, string>>
}

/**
 * Reads a topic from the moment it joined, decoding every record, so tests can wait for the events
 * their own actions caused. Its group is new each time and commits nothing.
 */
export class TopicCollector<T> {
  readonly records: CollectedRecord<T>[] = []
  private consumer: Consumer | undefined

  constructor(
    private readonly kafka: Kafka,
    private readonly registry: AvroRegistry,
    private readonly topic: string,
    /** Keep values as the bytes received (a dead-letter topic holds records that do not decode). */
    private readonly options: { raw?: boolean } = {},
  ) {}

  /**
   * Resolves once the consumer owns its partitions. It reads from the ends the topic had when
   * `start` was called: seeking there after joining means no record produced meanwhile is missed.
   */
  async start(): Promise<void> {
    const admin = this.kafka.admin()
    await admin.connect()
    const ends = await admin.fetchTopicOffsets(this.topic)
    await admin.disconnect()
    const consumer = this.kafka.consumer({ groupId: `test-collector-${randomUUID()}` })
    this.consumer = consumer
    await consumer.connect()
    await consumer.subscribe({ topic: this.topic, fromBeginning: false })
    const joined = new Promise<void>((resolve) =>
      consumer.on(consumer.events.GROUP_JOIN, () => {
        for (const end of ends) consumer.seek({ topic: this.topic, partition: end.partition, offset: end.offset })
        resolve()
      }),
    )
    const seen = new Set<string>()
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        // A fetch that ran before the seek may deliver a record twice.
        const position = `${partition}/${message.offset}`
        if (seen.has(position)) return
        seen.add(position)
        const headers = stringHeaders(message)
        const value = message.value === null ? null : this.options.raw ? (message.value as T) : await this.registry.decode<T>(message.value)
        this.records.push({ key: message.key?.toString() ?? '', value, headers })
      },
    })
    await joined
  }

  /** Waits until a record matches and returns it. */
  async waitFor(predicate: (record: CollectedRecord<T>) => boolean, timeout = 30_000): Promise<CollectedRecord<T>> {
    await expect.poll(() => this.records.some(predicate), { timeout, interval: 50 }).toBe(true)
    return this.records.find(predicate)!
  }

  /** Records with that event id header. */
  withEventId(eventId: string): CollectedRecord<T>[] {
    return this.records.filter((record) => record.headers['event-id'] === eventId)
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect()
  }
}
