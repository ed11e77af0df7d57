import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Producer } from 'kafkajs'
import { LS_ERR_KAFKA_TOPIC_UNKNOWN } from '@listing-sync/errors'
import { createProducer, partitionForKey, readLatestRecordForKey } from '@listing-sync/kafka'
import { runId, testClients } from '../support/clients.js'

const { kafka } = testClients('latest-record-for-key')
const admin = kafka.admin()
const run = runId()
const topic = `test.latest-record-for-key.${run}`
const PARTITIONS = 6
let producer: Producer

beforeAll(async () => {
  await admin.connect()
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: PARTITIONS }] })
  producer = createProducer(kafka)
  await producer.connect()
})
afterAll(async () => {
  await producer?.disconnect()
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined)
  await admin.disconnect()
})

/** Sends one record and returns where the broker put it. */
async function send(key: string, value: string | null, partition?: number): Promise<{ partition: number; offset: string }> {
  const [ack] = await producer.send({ topic, acks: -1, messages: [{ key, value, partition, headers: { 'event-id': `${key}:${value}` } }] })
  return { partition: ack!.partition, offset: ack!.baseOffset! }
}

describe('readLatestRecordForKey', () => {
  it('finds nothing on a partition that has no record', async () => {
    expect(await readLatestRecordForKey(kafka, topic, `nothing-yet-${run}`)).toBeUndefined()
  })

  it('returns the newest record of the key, from the partition the producers put it on', async () => {
    const key = `sku-${run}`
    await send(key, 'v1')
    // Other keys around it, some on its partition, so the newest record there is not the key's.
    for (let i = 0; i < 12; i++) await send(`other-${run}-${i}`, `x${i}`)
    const newest = await send(key, 'v2')
    for (let i = 12; i < 24; i++) await send(`other-${run}-${i}`, `x${i}`)
    expect(newest.partition).toBe(partitionForKey(key, PARTITIONS))

    const record = await readLatestRecordForKey(kafka, topic, key)
    expect(record).toMatchObject({ topic, partition: newest.partition, offset: newest.offset, headers: { 'event-id': `${key}:v2` } })
    expect(record?.value?.toString()).toBe('v2')
  })

  it('reads only the key partition: newer records of the key placed on other partitions are not seen', async () => {
    const key = `placed-${run}`
    const home = await send(key, 'home')
    for (let partition = 0; partition < PARTITIONS; partition++) if (partition !== home.partition) await send(key, `elsewhere-${partition}`, partition)
    const record = await readLatestRecordForKey(kafka, topic, key)
    expect(record?.value?.toString()).toBe('home')
  })

  it('returns a tombstone when the key was deleted last', async () => {
    const key = `deleted-${run}`
    await send(key, 'listed')
    const tombstone = await send(key, null)
    expect(await readLatestRecordForKey(kafka, topic, key)).toMatchObject({ offset: tombstone.offset, value: null })
  })

  it('finds nothing for a key that was never written', async () => {
    expect(await readLatestRecordForKey(kafka, topic, `never-${run}`)).toBeUndefined()
  })

  it('refuses a topic that does not exist, naming it', async () => {
    await expect(readLatestRecordForKey(kafka, `no.such.topic.${run}`, 'x')).rejects.toThrow(
      expect.objectContaining({ code: LS_ERR_KAFKA_TOPIC_UNKNOWN.definition.code, message: expect.stringContaining(`no.such.topic.${run}`) as unknown }),
    )
  })
})
