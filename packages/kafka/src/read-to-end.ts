import { randomUUID } from 'node:crypto'
import type { Kafka, KafkaMessage } from 'kafkajs'

/**
 * Reads a topic from its start up to the end it has when called, then stops: how a service
 * rebuilds state from a compacted topic (cursors, last published listings). It uses a throw-away
 * consumer group and commits nothing.
 */
export async function readTopicToEnd(kafka: Kafka, topic: string, handle: (message: KafkaMessage, partition: number) => Promise<void> | void): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect())
  const pending = new Map(ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]))
  if (pending.size === 0) return
  const consumer = kafka.consumer({ groupId: `listing-sync-reader-${randomUUID()}` })
  await consumer.connect()
  try {
    await consumer.subscribe({ topic, fromBeginning: true })
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const end = pending.get(partition)
            if (end === undefined) return
            if (BigInt(message.offset) < end) await handle(message, partition)
            if (BigInt(message.offset) + 1n >= end) pending.delete(partition)
            if (pending.size === 0) resolve()
          },
        })
        .catch(reject)
    })
  } finally {
    await consumer.disconnect()
  }
}
