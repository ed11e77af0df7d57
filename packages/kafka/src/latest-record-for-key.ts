import { randomUUID } from 'node:crypto'
import type { Kafka, KafkaMessage } from 'kafkajs'
import { LS_ERR_KAFKA_TOPIC_UNKNOWN } from '@listing-sync/errors'
import { partitionForKey } from './key-partitioner.js'
import { stringHeaders } from './read-to-end.js'
import { singlePartitionAssigner } from './single-partition-assigner.js'

/** The newest record of one key on a topic. */
export interface KeyedRecord {
  readonly topic: string
  readonly partition: number
  readonly offset: string
  /** Record timestamp in ms since the epoch, as kafkajs gives it (text). */
  readonly timestamp: string
  /** The value; null for a tombstone. */
  readonly value: Buffer | null
  readonly headers: Readonly<Record<string, string>>
}

/**
 * Reads the newest record of `key` on `topic` (a compacted, keyed topic such as catalog.product.v1
 * or listing.<mkt>.v1), undefined when there is none. Only the key's partition is read, found with
 * the producers' murmur2 partitioner, from its start to the end it has when called; a throw-away
 * consumer group reads it and commits nothing.
 */
export async function readLatestRecordForKey(kafka: Kafka, topic: string, key: string): Promise<KeyedRecord | undefined> {
  const { partition, start, end } = await locateKey(kafka, topic, key)
  if (end <= start) return undefined
  const wanted = Buffer.from(key)
  let latest: KafkaMessage | undefined
  const consumer = kafka.consumer({ groupId: `listing-sync-key-reader-${randomUUID()}`, partitionAssigners: [singlePartitionAssigner(topic, partition)] })
  await consumer.connect()
  try {
    await consumer.subscribe({ topic, fromBeginning: true })
    await new Promise<void>((resolve, reject) => {
      // The end of a batch is announced also for a batch of only control records, which eachBatch
      // never sees, so the read stops at the end even when the last offsets hold no record.
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        if (payload.partition === partition && BigInt(payload.lastOffset) + 1n >= end) resolve()
      })
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) reject(payload.error)
      })
      consumer
        .run({
          autoCommit: false,
          eachBatch: ({ batch }) => {
            for (const message of batch.messages) {
              if (BigInt(message.offset) < end && message.key !== null && wanted.equals(message.key)) latest = message
            }
            return Promise.resolve()
          },
        })
        .catch(reject)
    })
  } finally {
    await consumer.disconnect()
  }
  if (!latest) return undefined
  const headers = stringHeaders(latest)
  return { topic, partition, offset: latest.offset, timestamp: latest.timestamp, value: latest.value, headers }
}

/** The key's partition and that partition's offsets now. */
async function locateKey(kafka: Kafka, topic: string, key: string): Promise<{ partition: number; start: bigint; end: bigint }> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    // Asked first: metadata requests for a missing topic are retried until they time out.
    if (!(await admin.listTopics()).includes(topic)) throw LS_ERR_KAFKA_TOPIC_UNKNOWN(topic)
    const metadata = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!
    const partition = partitionForKey(key, metadata.partitions.length)
    const offsets = (await admin.fetchTopicOffsets(topic)).find((candidate) => candidate.partition === partition)!
    return { partition, start: BigInt(offsets.low), end: BigInt(offsets.high) }
  } finally {
    await admin.disconnect()
  }
}
