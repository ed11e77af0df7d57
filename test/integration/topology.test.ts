import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isAppError, LS_ERR_KAFKA_SCHEMA_INCOMPATIBLE, LS_ERR_KAFKA_TOPIC_MISMATCH } from '@listing-sync/errors'
import { CATALOG_PRODUCT_TOPIC, ensureTopics, readSchema, topicCatalog, valueSubject } from '@listing-sync/kafka'
import { runId, testClients } from '../support/clients.js'

const { kafka, registry } = testClients('topology')
const admin = kafka.admin()
beforeAll(() => admin.connect())
afterAll(() => admin.disconnect())

const TOPIC_RESOURCE = 2

describe('provisioned topology', () => {
  it('has every declared topic with its partitions and configs', async () => {
    const specs = topicCatalog(['amazon', 'b2b'])
    expect(specs.map((s) => s.name)).toEqual(
      expect.arrayContaining([CATALOG_PRODUCT_TOPIC, 'listing.amazon.v1', 'listing.b2b.dlt', 'listing.b2b.result.v1', 'listing.amazon.invalid']),
    )
    const metadata = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.name) })
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: specs.map((s) => ({ type: TOPIC_RESOURCE, name: s.name })),
    })
    for (const spec of specs) {
      expect(metadata.topics.find((t) => t.name === spec.name)?.partitions.length, spec.name).toBe(spec.partitions)
      const entries = described.resources.find((r) => r.resourceName === spec.name)!.configEntries
      for (const [name, value] of Object.entries(spec.configs)) {
        expect(entries.find((e) => e.configName === name)?.configValue, `${spec.name} ${name}`).toBe(value)
      }
    }
  })

  it('keeps the canonical topic compacted so the catalog can be rebuilt from it', async () => {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: TOPIC_RESOURCE, name: CATALOG_PRODUCT_TOPIC, configNames: ['cleanup.policy'] }],
    })
    expect(described.resources[0]!.configEntries[0]!.configValue).toBe('compact')
  })

  it('creates a missing topic, is a no-op the second time, and refuses a partition count it cannot reach', async () => {
    const name = `test.ensure.${runId()}`
    const spec = { name, partitions: 3, configs: { 'cleanup.policy': 'compact' }, description: 'test' }
    expect(await ensureTopics(admin, [spec])).toEqual({ created: [name], existing: [] })
    expect(await ensureTopics(admin, [spec])).toEqual({ created: [], existing: [name] })
    const error = await ensureTopics(admin, [{ ...spec, partitions: 6 }]).catch((e: unknown) => e)
    expect(isAppError(error, LS_ERR_KAFKA_TOPIC_MISMATCH)).toBe(true)
    await admin.deleteTopics({ topics: [name] })
  })
})

describe('schema evolution of the canonical topic', () => {
  it('registers the repository schema under catalog.product.v1-value with BACKWARD compatibility', async () => {
    const schema = await readSchema('catalog/product-changed.avsc')
    const id = await registry.register(valueSubject(CATALOG_PRODUCT_TOPIC), schema)
    // Registering the same schema again is idempotent: same id.
    expect(await registry.register(valueSubject(CATALOG_PRODUCT_TOPIC), schema)).toBe(id)
    const config = await fetch(`${registry.baseUrl}/config/${valueSubject(CATALOG_PRODUCT_TOPIC)}`).then((r) => r.json())
    expect(config).toEqual({ compatibilityLevel: 'BACKWARD' })
  })

  it('refuses a change to ProductChanged that breaks BACKWARD compatibility', async () => {
    const schema = JSON.parse(await readSchema('catalog/product-changed.avsc')) as { fields: unknown[] }
    // A new field without a default: readers on the new schema cannot read records already on the topic.
    schema.fields.push({ name: 'warehouse', type: 'string' })
    const error = await registry.register(valueSubject(CATALOG_PRODUCT_TOPIC), JSON.stringify(schema), 'product-changed.avsc').catch((e: unknown) => e)
    expect(isAppError(error, LS_ERR_KAFKA_SCHEMA_INCOMPATIBLE)).toBe(true)
    expect((error as Error).message).toMatch(/product-changed\.avsc is not BACKWARD compatible with subject catalog\.product\.v1-value/)
  })

  it('accepts a compatible change (a new field with a default) on a scratch subject', async () => {
    const subject = `test.evolution.${runId()}-value`
    const schema = JSON.parse(await readSchema('catalog/product-changed.avsc')) as { fields: unknown[] }
    const v1 = await registry.register(subject, JSON.stringify(schema))
    schema.fields.push({ name: 'warehouse', type: ['null', 'string'], default: null })
    const v2 = await registry.register(subject, JSON.stringify(schema))
    expect(v2).not.toBe(v1)
  })
})
