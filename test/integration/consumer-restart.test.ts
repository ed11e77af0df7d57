import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KafkaJSGroupCoordinatorNotFound } from 'kafkajs'
import { createProducer, runKeptAlive } from '@listing-sync/kafka'
import { createLogger } from '@listing-sync/observability'
import { runId, testClients } from '../support/clients.js'

// kafkajs runs a consumer again only after errors it counts as retriable; after any other it stays
// stopped while the process lives on (seen when the broker restarted during a group join: the
// transformer consumed nothing until it was restarted by hand). runKeptAlive runs it again.

const { kafka } = testClients('consumer-restart')
const admin = kafka.admin()
const run = runId()
const topic = `test.consumer-restart.${run}`

beforeAll(async () => {
  await admin.connect()
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] })
  const producer = createProducer(kafka)
  await producer.connect()
  await producer.send({ topic, acks: -1, messages: ['a', 'b', 'c'].map((value) => ({ key: value, value })) })
  await producer.disconnect()
})
afterAll(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined)
  await admin.disconnect()
})

describe('runKeptAlive', () => {
  it('runs a consumer again after kafkajs stopped it for an error it does not retry, from the committed offset', async () => {
    const lines: string[] = []
    const log = createLogger({ service: 'test-consumer-restart', level: 'error', destination: { write: (line: string) => void lines.push(line) } })
    const consumer = kafka.consumer({ groupId: `test-consumer-restart-${run}` })
    const crashes: boolean[] = []
    consumer.on(consumer.events.CRASH, ({ payload }) => void crashes.push(payload.restart))
    const seen: string[] = []
    let failures = 0
    await consumer.connect()
    await consumer.subscribe({ topic, fromBeginning: true })
    const endRestarts = await runKeptAlive(
      consumer,
      {
        eachMessage: ({ message }) => {
          const value = String(message.value)
          // The error a broker restarting during a group join gave: kafkajs does not retry it and
          // stops the consumer without a restart of its own.
          if (value === 'b' && failures++ === 0) return Promise.reject(new KafkaJSGroupCoordinatorNotFound())
          seen.push(value)
          return Promise.resolve()
        },
      },
      log,
      200,
    )
    try {
      await expect.poll(() => seen, { timeout: 30_000, interval: 100 }).toEqual(['a', 'b', 'c'])
      expect(crashes).toEqual([false])
      expect(lines.join('')).toContain('consumer stopped by an error; running it again')
    } finally {
      endRestarts()
      await consumer.disconnect()
    }
  }, 45_000)
})
