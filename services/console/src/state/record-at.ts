import { randomUUID } from 'node:crypto'
import type { Kafka, KafkaMessage } from 'kafkajs'
import { singlePartitionAssigner } from '@listing-sync/kafka'

/** How long a read of one record may take before the page says it could not be read. */
const READ_TIMEOUT_MS = 10_000

/**
 * The record at one offset of a partition (the listing a trace step names), undefined when
 * compaction removed it. A throw-away consumer fetches only that partition from that offset.
 */
export async function readRecordAt(kafka: Kafka, topic: string, partition: number, offset: string): Promise<KafkaMessage | undefined> {
  const consumer = kafka.consumer({ groupId: `listing-sync-console-record-${randomUUID()}`, partitionAssigners: [singlePartitionAssigner(topic, partition)] })
  await consumer.connect()
  try {
    await consumer.subscribe({ topic, fromBeginning: true })
    return await new Promise<KafkaMessage | undefined>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${topic}/${partition}/${offset} not read within ${READ_TIMEOUT_MS} ms`)), READ_TIMEOUT_MS)
      consumer
        .run({
          autoCommit: false,
          eachBatch: ({ batch }) => {
            // The first record at or after the offset: the one asked for, or the proof it was compacted away.
            const found = batch.messages.find((message) => BigInt(message.offset) >= BigInt(offset))
            if (found !== undefined) {
              clearTimeout(timer)
              resolve(found.offset === offset ? found : undefined)
            }
            return Promise.resolve()
          },
        })
        .catch(reject)
      consumer.seek({ topic, partition, offset })
    })
  } finally {
    await consumer.disconnect()
  }
}
