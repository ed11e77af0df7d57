import { afterAll, describe, expect, it } from 'vitest'
import type { Consumer, KafkaMessage } from 'kafkajs'
import { CATALOG_PRODUCT_TOPIC, createProducer, readSchema, valueSubject } from '@listing-sync/kafka'
import { runId, testClients } from '../support/clients.js'

const { kafka, registry } = testClients('round-trip')
const admin = kafka.admin()
const consumers: Consumer[] = []
afterAll(async () => {
  await Promise.all(consumers.map((consumer) => consumer.disconnect()))
  await admin.disconnect()
})

// murmur2 of these keys as Java computes it, from Kafka's own UtilsTest.testMurmur2 vectors; Java's
// DefaultPartitioner puts a key in toPositive(murmur2(key)) % partitions.
const JAVA_MURMUR2: Record<string, number> = {
  '21': -973932308,
  foobar: -790332482,
  'a-little-bit-long-string': -985981536,
  'a-little-bit-longer-string': -1486304829,
  lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8: -58897971,
  abc: 479470107,
}
const javaPartition = (key: string, partitions: number) => (JAVA_MURMUR2[key]! & 0x7fffffff) % partitions

function productChanged(sku: string, eventId: string) {
  return {
    eventId,
    source: 'webhook',
    magentoUpdatedAt: new Date('2026-11-26T10:00:00.000Z'),
    observedAt: new Date('2026-11-26T10:00:00.250Z'),
    product: {
      sku,
      magentoId: 2046,
      storeCode: 'default',
      name: 'Joust Duffle Bag',
      typeId: 'simple',
      attributeSetId: 15,
      attributeSetName: 'Bag',
      enabled: true,
      visibility: 'CATALOG_SEARCH',
      price: { amount: '34.00', currency: 'USD' },
      weight: { value: 1.2, unit: 'LB' },
      descriptionHtml: '<p>The sporty Joust Duffle Bag can&rsquo;t be beat.</p>',
      shortDescriptionHtml: null,
      stock: { qty: 100, isInStock: true, manageStock: true, salableQty: 97, stockId: 1 },
      categories: [{ id: 4, name: 'Bags', path: ['Default Category', 'Gear', 'Bags'] }],
      websiteIds: [1],
      media: [
        {
          url: 'https://shop.example/media/catalog/product/m/b/mb01-blue-0.jpg',
          label: 'Image',
          position: 1,
          roles: ['image', 'small_image', 'thumbnail'],
          disabled: false,
          mediaType: 'image',
        },
      ],
      attributes: {
        activity: { raw: '11,13', labels: ['Gym', 'Travel'] },
        material: { raw: '35', labels: ['Nylon'] },
        manufacturer_part_number: { raw: 'JD-24MB01', labels: [] },
      },
      configurable: null,
      parentSkus: [],
      createdAt: new Date('2026-01-02T03:04:05.000Z'),
      updatedAt: new Date('2026-11-26T10:00:00.000Z'),
      parent: null,
    },
  }
}

describe('Avro ProductChanged round trip through the broker and the registry', () => {
  it('produces keyed records on the Java partition, consumes them in a group, decodes them and commits', async () => {
    const run = runId()
    const schemaId = await registry.register(valueSubject(CATALOG_PRODUCT_TOPIC), await readSchema('catalog/product-changed.avsc'))
    await admin.connect()
    const partitions = (await admin.fetchTopicMetadata({ topics: [CATALOG_PRODUCT_TOPIC] })).topics[0]!.partitions.length
    expect(partitions).toBe(12)

    const producer = createProducer(kafka)
    await producer.connect()
    const skus = Object.keys(JAVA_MURMUR2)
    const sent = new Map(skus.map((sku) => [sku, productChanged(sku, `${run}-${sku}`)]))
    const acks: { sku: string; partition: number; offset: bigint }[] = []
    // One record per send, so each acknowledgement names the partition of exactly one key.
    for (const [sku, value] of sent) {
      const [ack] = await producer.send({
        topic: CATALOG_PRODUCT_TOPIC,
        acks: -1,
        messages: [{ key: sku, value: await registry.encode(schemaId, value), headers: { 'event-id': value.eventId } }],
      })
      acks.push({ sku, partition: ack!.partition, offset: BigInt(ack!.baseOffset!) })
    }
    for (const ack of acks) expect(ack.partition, ack.sku).toBe(javaPartition(ack.sku, partitions))

    // The group starts where this run's records are (and at the end elsewhere), so the test reads
    // only its own records however much earlier runs left on the topic.
    const groupId = `round-trip-${run}`
    const ends = await admin.fetchTopicOffsets(CATALOG_PRODUCT_TOPIC)
    await admin.setOffsets({
      groupId,
      topic: CATALOG_PRODUCT_TOPIC,
      partitions: ends.map(({ partition, offset }) => {
        const first = acks.filter((ack) => ack.partition === partition).map((ack) => ack.offset)
        return { partition, offset: (first.length > 0 ? first.reduce((a, b) => (a < b ? a : b)) : BigInt(offset)).toString() }
      }),
    })
    const received = await consumeOwn(groupId, run, skus.length)
    expect(received.map((r) => r.key).sort()).toEqual([...skus].sort())
    for (const record of received) {
      expect(record.value).toEqual(sent.get(record.key))
      expect(record.eventIdHeader).toBe(sent.get(record.key)!.eventId)
    }

    const committed = await admin.fetchOffsets({ groupId, topics: [CATALOG_PRODUCT_TOPIC] })
    for (const ack of acks) {
      const offset = committed[0]!.partitions.find((p) => p.partition === ack.partition)!.offset
      expect(BigInt(offset)).toBeGreaterThan(ack.offset)
    }

    // The group resumes after its commits: a record produced now is the first of this run it sees.
    const after = productChanged('foobar', `${run}-after-commit`)
    await producer.send({ topic: CATALOG_PRODUCT_TOPIC, acks: -1, messages: [{ key: 'foobar', value: await registry.encode(schemaId, after) }] })
    await producer.disconnect()
    const resumed = await consumeOwn(groupId, run, 1)
    expect(resumed[0]!.value).toEqual(after)
  })

  it('refuses to encode a record that breaks the schema, naming the field', async () => {
    const schemaId = await registry.register(valueSubject(CATALOG_PRODUCT_TOPIC), await readSchema('catalog/product-changed.avsc'))
    const bad = productChanged('abc', 'bad')
    ;(bad.product as Record<string, unknown>).name = 42
    await expect(registry.encode(schemaId, bad)).rejects.toThrow(/product\.name/)
  })
})

/** Consumes until `count` records of this run arrived, committing each offset after handling it. */
async function consumeOwn(groupId: string, run: string, count: number) {
  const consumer = kafka.consumer({ groupId })
  consumers.push(consumer)
  await consumer.connect()
  await consumer.subscribe({ topic: CATALOG_PRODUCT_TOPIC, fromBeginning: true })
  const received: { key: string; value: unknown; eventIdHeader: string | undefined }[] = []
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          const value = await decodeIfOwn(message, run)
          if (value !== undefined && received.length < count) {
            received.push({ key: message.key!.toString(), value, eventIdHeader: message.headers?.['event-id']?.toString() })
          }
          await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }])
          if (received.length === count) resolve()
        },
      })
      .catch(reject)
  })
  await consumer.disconnect()
  return received
}

async function decodeIfOwn(message: KafkaMessage, run: string): Promise<unknown> {
  if (message.value === null) return undefined
  const value = await registry.decode<{ eventId: string }>(message.value)
  return value.eventId.startsWith(run) ? value : undefined
}
