import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProducer, readTopicToEnd } from '@listing-sync/kafka'
import { runId, testClients } from '../support/clients.js'

// Every service rebuilds state by reading compacted topics from the start (the transformer's last
// published listings, a resync, the console's index). After the log cleaner has run, such a topic
// can begin with record batches whose records were all removed: the cleaner keeps a producer's last
// batch, empty, for its idempotence state. kafkajs 2.2.4 fetched such a batch again forever at full
// CPU (kafkajs#1072); patches/kafkajs+2.2.4.patch moves the consumer past it as the Java client does.

const { kafka } = testClients('compacted-topic-read')
const admin = kafka.admin()
const topic = `test.compacted-read.${runId()}`
const KEYS = Array.from({ length: 10 }, (_, index) => `sku-${index}`)
// Ten records of 60 kB: one producer batch of about 600 kB, so that two batches do not fit in one
// 1 MiB segment and each lands in a segment of its own.
const value = (label: string) => label.padEnd(60_000, '.')

beforeAll(async () => {
  await admin.connect()
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      {
        topic,
        numPartitions: 1,
        configEntries: [
          { name: 'cleanup.policy', value: 'compact' },
          { name: 'segment.bytes', value: String(1024 * 1024) },
          { name: 'min.cleanable.dirty.ratio', value: '0.01' },
          { name: 'min.compaction.lag.ms', value: '0' },
        ],
      },
    ],
  })
})
afterAll(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined)
  await admin.disconnect()
})

/** Sends the records as one batch from a producer of their own (a producer id of their own). */
async function sendBatch(records: { key: string; value: string }[]): Promise<void> {
  const producer = createProducer(kafka)
  await producer.connect()
  try {
    await producer.send({ topic, acks: -1, messages: records })
  } finally {
    await producer.disconnect()
  }
}

/** Every record of the topic up to its end, in order; fails instead of waiting forever if the read stalls. */
async function readAll(): Promise<[key: string, value: string][]> {
  const records: [string, string][] = []
  let timer: NodeJS.Timeout | undefined
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`reading ${topic} from its start stalled after ${records.length} records`)), 20_000)
  })
  try {
    await Promise.race([readTopicToEnd(kafka, topic, (message) => void records.push([String(message.key), String(message.value).replace(/\.+$/, '')])), stalled])
  } finally {
    clearTimeout(timer)
  }
  return records
}

describe('reading a compacted topic from its start', () => {
  it('moves past record batches the log cleaner emptied and reads every record that is left', async () => {
    await sendBatch(KEYS.map((key) => ({ key, value: value(`old ${key}`) })))
    await sendBatch(KEYS.map((key) => ({ key, value: value(`new ${key}`) })))
    // A third segment, so that the first two are no longer active and may be cleaned.
    await sendBatch([{ key: 'last', value: 'last'.padEnd(600_000, '.') }])

    // Until the cleaner has run, the old records are read too; once it has, the first segment holds
    // only the first producer's emptied batch, and each read starts there, as a restarted service does.
    const deadline = Date.now() + 60_000
    let records = await readAll()
    while (records.length > KEYS.length + 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1000))
      records = await readAll()
    }
    expect(records).toEqual([...KEYS.map((key) => [key, `new ${key}`]), ['last', 'last']])
  }, 90_000)
})
