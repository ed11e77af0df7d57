import { randomUUID } from 'node:crypto'
import type { Kafka, KafkaMessage } from 'kafkajs'

/** A partition's offsets as `admin.fetchTopicOffsets` gives them: read from `low` up to `high`. */
export interface PartitionEnd {
  readonly partition: number
  readonly low: string
  readonly high: string
}

/** Options of {@link readTopicToEnd}. */
export interface ReadToEndOptions {
  /** Where to stop, taken earlier by the caller; by default the ends the topic has when called. */
  readonly ends?: readonly PartitionEnd[]
}

/**
 * Reads a topic from its start up to the end it has when called (or `options.ends`), then stops:
 * how a service rebuilds state from a compacted topic (cursors, last published listings) and how
 * a resync reads the catalog. It uses a throw-away consumer group and commits nothing. A handler
 * that throws stops the read and rejects it.
 */
export async function readTopicToEnd(
  kafka: Kafka,
  topic: string,
  handle: (message: KafkaMessage, partition: number) => Promise<void> | void,
  options: ReadToEndOptions = {},
): Promise<void> {
  const ends = options.ends ?? (await fetchEnds(kafka, topic))
  const pending = new Map(ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]))
  if (pending.size === 0) return
  const consumer = kafka.consumer({ groupId: `listing-sync-reader-${randomUUID()}` })
  await consumer.connect()
  try {
    await consumer.subscribe({ topic, fromBeginning: true })
    await new Promise<void>((resolve, reject) => {
      let failed = false
      const reached = (partition: number, offset: string) => {
        const end = pending.get(partition)
        if (end !== undefined && BigInt(offset) + 1n >= end) pending.delete(partition)
        if (pending.size === 0) resolve()
      }
      // A partition whose last offsets were compacted away never delivers a record at end - 1; the
      // end of its batch, announced after every record of it was handled, still says it is read.
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        if (!failed && payload.topic === topic) reached(payload.partition, payload.lastOffset)
      })
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) reject(payload.error)
      })
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const end = pending.get(partition)
            if (failed || end === undefined || BigInt(message.offset) >= end) return
            try {
              await handle(message, partition)
            } catch (error) {
              // kafkajs would retry the record forever; the caller decides what a failure means.
              failed = true
              reject(error instanceof Error ? error : new Error(String(error)))
              return
            }
            reached(partition, message.offset)
          },
        })
        .catch(reject)
    })
  } finally {
    await consumer.disconnect()
  }
}

async function fetchEnds(kafka: Kafka, topic: string): Promise<PartitionEnd[]> {
  const admin = kafka.admin()
  await admin.connect()
  return admin.fetchTopicOffsets(topic).finally(() => admin.disconnect())
}

/** A record's headers as text (kafkajs gives Buffers), as every reader of our headers wants them. */
export function stringHeaders(message: Pick<KafkaMessage, 'headers'>): Record<string, string> {
  return Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]))
}
