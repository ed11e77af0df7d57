import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { Registry } from 'prom-client'
import { createDispatcherApp, dispatcherGroup, loadDispatcherConfig } from '@listing-sync/dispatcher'
import { ConsumerLagGauge, marketplaceTopicNames, provisionTopology } from '@listing-sync/kafka'
import { runId, testClients } from '../support/clients.js'

// listing_sync_consumer_lag_records against the real broker: a topic and a group of this run's own,
// the group having committed part of what each partition holds.

const { kafka, registry: avro, log } = testClients('consumer-lag')
const topic = `test.consumer-lag.${runId()}`
const group = `test-consumer-lag-${runId()}`
const admin = kafka.admin()
const producer = kafka.producer()

/** Records written to each partition, and how many of them the group consumes and commits. */
const written = [5, 3, 4]
const consumed = [5, 1, 0]

/** Writes `count` records to `partition`. */
async function write(partition: number, count: number): Promise<void> {
  await producer.send({ topic, messages: Array.from({ length: count }, (_, index) => ({ partition, key: `k${index}`, value: `v${index}` })) })
}

/** A member of `group` that reads every partition and commits the first `consumed[p]` records of each. */
async function consumePart(): Promise<void> {
  const consumer = kafka.consumer({ groupId: group })
  const committed = consumed.map((count, partition) => {
    let resolve!: () => void
    const done = new Promise<void>((r) => (resolve = r))
    return { partition, count, done, resolve }
  })
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      const target = committed[partition]!
      if (Number(message.offset) !== target.count - 1) return
      await consumer.commitOffsets([{ topic, partition, offset: String(target.count) }])
      target.resolve()
    },
  })
  await Promise.all(committed.filter((target) => target.count > 0).map((target) => target.done))
  await consumer.disconnect()
}

/** A gauge watching `watchedTopic`, not started: the test drives its rounds. */
function testGauge(watchedTopic: string, gaugeAdmin = admin) {
  const registry = new Registry()
  const gauge = new ConsumerLagGauge({ admin: gaugeAdmin, registry, log })
  gauge.watch(group, watchedTopic)
  return { registry, gauge }
}

async function lagValues(registry: Registry) {
  const metric = registry.getSingleMetric('listing_sync_consumer_lag_records')!
  const values = (await metric.get()).values.map(({ labels, value }) => ({ ...(labels as { group: string; topic: string; partition: string }), value }))
  return values.sort((a, b) => Number(a.partition) - Number(b.partition))
}

beforeAll(async () => {
  await admin.connect()
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: written.length, replicationFactor: -1 }] })
  await producer.connect()
  for (const [partition, count] of written.entries()) await write(partition, count)
  await consumePart()
})
afterAll(async () => {
  await producer.disconnect()
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined)
  await admin.disconnect()
})

describe('listing_sync_consumer_lag_records', () => {
  it('shows per partition the records the group has not committed, counting a partition it never committed from the start', async () => {
    const { registry, gauge } = testGauge(topic)

    await gauge.refresh()

    expect(await lagValues(registry)).toEqual([
      { group, topic, partition: '0', value: 0 },
      { group, topic, partition: '1', value: 2 },
      { group, topic, partition: '2', value: 4 },
    ])
  })

  it('follows new records on the next read', async () => {
    const { registry, gauge } = testGauge(topic)
    await gauge.refresh()

    await write(0, 3)
    await gauge.refresh()

    expect((await lagValues(registry)).map((entry) => entry.value)).toEqual([3, 2, 4])
  })

  it('drops the values of a topic it can no longer read, rather than show old ones', async () => {
    const gone = `${topic}.gone`
    // An admin of its own: kafkajs keeps asking for the metadata of a topic an admin once read, and
    // after the deletion every later request of that admin (the other tests') would fail.
    const goneAdmin = kafka.admin()
    await goneAdmin.connect()
    try {
      await goneAdmin.createTopics({ waitForLeaders: true, topics: [{ topic: gone, numPartitions: 2, replicationFactor: -1 }] })
      const { registry, gauge } = testGauge(gone, goneAdmin)
      await gauge.refresh()
      expect((await lagValues(registry)).map((entry) => entry.partition)).toEqual(['0', '1'])

      await goneAdmin.deleteTopics({ topics: [gone] })
      await gauge.refresh()

      expect(await lagValues(registry)).toEqual([])
    } finally {
      await goneAdmin.disconnect()
    }
  })

  it('is served by a dispatcher on /metrics for its group, every partition of its topic', async () => {
    const marketplace = `lag${runId().replace(/[^a-z0-9]/g, '')}`
    await provisionTopology(admin, avro, [marketplace])
    const config = loadDispatcherConfig({
      KAFKA_BROKERS: inject('kafkaBrokers').join(','),
      SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl'),
      DISPATCHER_MARKETPLACE: 'amazon',
      DISPATCHER_TOPIC_MARKETPLACE: marketplace,
      LOG_LEVEL: 'silent',
    })
    const dispatcher = await createDispatcherApp(config)
    try {
      await dispatcher.start()
      const series = `listing_sync_consumer_lag_records{group="${dispatcherGroup(marketplace)}",topic="${marketplaceTopicNames(marketplace).listings}"`
      // The gauge reads the offsets in the background, its first round right after start().
      const lines = await vi.waitFor(async () => {
        const body = (await dispatcher.http.app.inject({ method: 'GET', url: '/metrics' })).body
        const found = body.split('\n').filter((line) => line.startsWith(series))
        expect(found).not.toEqual([])
        return found
      }, { timeout: 20_000, interval: 100 })
      const partitions = (await admin.fetchTopicMetadata({ topics: [marketplaceTopicNames(marketplace).listings] })).topics[0]!.partitions.length
      expect(lines).toHaveLength(partitions)
      expect(lines.every((line) => line.endsWith(' 0'))).toBe(true)
    } finally {
      await dispatcher.http.app.close()
    }
  })
})
