import { copyFile, cp, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import type { Product, ProductChanged } from '@listing-sync/catalog'
import { CATALOG_PRODUCT_TOPIC, createProducer, ensureTopics, marketplaceTopicNames, readSchema, topicCatalog, valueSubject } from '@listing-sync/kafka'
import { loadValidatedMapping, type MarketplaceMapping } from '@listing-sync/mapping'
import { resyncMarketplace, type ResyncSummary } from '@listing-sync/transformer'
import { runResync } from '../../packages/cli/src/commands/resync.js'
import { sampleProduct } from '../../packages/mapping/src/test-support/sample-catalog.js'
import { runId, testClients } from '../support/clients.js'
import { TopicCollector } from '../support/topic-collector.js'

interface ListingUpdate {
  sku: string
  action: 'UPSERT' | 'DELETE'
  payloadJson: string | null
  manifestVersion: string
}

// A marketplace of its own, mapped with a copy of b2b.json: the resync rebuilds its state from
// listing.resync-test.*, which only this test writes, and nothing else consumes what it publishes.
const MARKETPLACE = 'resync-test'
const MAPPINGS = fileURLToPath(new URL('../../mappings/', import.meta.url))
const run = runId()
// The canonical records of this run go to a topic of their own, so each resync reads exactly them.
const CATALOG = `test.resync.${run}.catalog`
const sku = (sample: string) => `RS-${run}-${sample}`
// Luma bags map to the B2B category "bags", tops to "apparel-tops"; the manifest change below
// moves bags to "general", so it changes the bags' payloads and not the tops'.
const BAGS = ['24-MB01', '24-MB04']
const TOPS = ['MH01-XS-Black', 'MH01-S-Gray']
const CHANGED_VERSION = '1.0.1-resync-test'

const { kafka, registry, log } = testClients('resync')
const admin = kafka.admin()
const topics = marketplaceTopicNames(MARKETPLACE)
const listings = new TopicCollector<ListingUpdate>(kafka, registry, topics.listings)
let mappingsDir: string
let manifestFile: string

beforeAll(async () => {
  mappingsDir = await mkdtemp(join(tmpdir(), 'mappings-resync-'))
  await cp(MAPPINGS, mappingsDir, { recursive: true })
  manifestFile = join(mappingsDir, `${MARKETPLACE}.json`)
  const b2b = JSON.parse(await readFile(join(MAPPINGS, 'b2b.json'), 'utf8')) as Record<string, unknown>
  await writeFile(manifestFile, JSON.stringify({ ...b2b, marketplace: MARKETPLACE }, null, 2))
  await copyFile(join(MAPPINGS, 'product-types', 'b2b-attributes.json'), join(mappingsDir, 'product-types', `${MARKETPLACE}-attributes.json`))

  await admin.connect()
  await ensureTopics(admin, [
    ...topicCatalog([MARKETPLACE]).filter((spec) => spec.name === topics.listings || spec.name === topics.invalid),
    { name: CATALOG, partitions: 3, configs: { 'cleanup.policy': 'compact' }, description: 'canonical records of one resync test run' },
  ])
  // Topics just created may not answer offset requests until their leader is known everywhere.
  for (const topic of [topics.listings, CATALOG]) await vi.waitFor(() => admin.fetchTopicOffsets(topic), { timeout: 20_000, interval: 200 })
  await listings.start()
  await publishCatalog()
})

afterAll(async () => {
  await listings.stop()
  await admin.deleteTopics({ topics: [CATALOG] }).catch(() => undefined)
  await admin.disconnect()
})

/** Every product of the test at one time, and one older record of a top after it, which is stale. */
async function publishCatalog(): Promise<void> {
  const schemaId = await registry.register(valueSubject(CATALOG_PRODUCT_TOPIC), await readSchema('catalog/product-changed.avsc'))
  const at = new Date('2026-11-26T10:00:00.000Z')
  const changed = async (sample: string, magentoUpdatedAt: Date): Promise<ProductChanged> => {
    const product: Product = { ...(await sampleProduct(sample)), sku: sku(sample) }
    return { eventId: `${run}-${sample}-${magentoUpdatedAt.getTime()}`, source: 'backfill', magentoUpdatedAt, observedAt: magentoUpdatedAt, product }
  }
  const events = [...(await Promise.all([...BAGS, ...TOPS].map((sample) => changed(sample, at)))), await changed(TOPS[0]!, new Date(at.getTime() - 60_000))]
  const producer = createProducer(kafka)
  await producer.connect()
  try {
    for (const event of events) {
      await producer.send({
        topic: CATALOG,
        acks: -1,
        messages: [{ key: event.product.sku, value: await registry.encode(schemaId, event), headers: { 'event-id': event.eventId } }],
      })
    }
  } finally {
    await producer.disconnect()
  }
}

async function mapping(): Promise<MarketplaceMapping> {
  const loaded = await loadValidatedMapping(manifestFile)
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems))
  return loaded.mapping
}

/** Runs the resync of this test's catalog and returns its summary and how many records each output topic gained. */
async function resync(): Promise<{ summary: ResyncSummary; listingsAdded: number; invalidAdded: number }> {
  const count = async (topic: string) => (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0)
  const before = { listings: await count(topics.listings), invalid: await count(topics.invalid) }
  const config = { KAFKA_BROKERS: inject('kafkaBrokers'), KAFKA_CLIENT_ID: `test-resync-${run}`, SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl') }
  const summary = await resyncMarketplace(config, await mapping(), { log, topic: CATALOG })
  return { summary, listingsAdded: (await count(topics.listings)) - before.listings, invalidAdded: (await count(topics.invalid)) - before.invalid }
}

describe('resync', () => {
  it('publishes every listing of a marketplace it never published to', async () => {
    const { summary, listingsAdded, invalidAdded } = await resync()
    expect(summary).toMatchObject({ marketplace: MARKETPLACE, read: 5, skipped: 0 })
    expect(summary.outcomes).toEqual({ published: 4, unchanged: 0, invalid: 0, deleted: 0, stale: 1 })
    expect({ listingsAdded, invalidAdded }).toEqual({ listingsAdded: 4, invalidAdded: 0 })
    await listings.waitFor(() => listings.records.length >= 4)
    expect(listings.records.map((r) => r.key).sort()).toEqual([...BAGS, ...TOPS].map(sku).sort())
  })

  it('after a manifest change, republishes only the listings it changes, with the new version', async () => {
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { version: string; productType: { rules: { productType: string }[] } }
    const bags = manifest.productType.rules.find((rule) => rule.productType === 'bags')!
    bags.productType = 'general'
    await writeFile(manifestFile, JSON.stringify({ ...manifest, version: CHANGED_VERSION }, null, 2))

    const { summary, listingsAdded, invalidAdded } = await resync()
    expect(summary.manifestVersion).toBe(CHANGED_VERSION)
    expect(summary.outcomes).toEqual({ published: 2, unchanged: 2, invalid: 0, deleted: 0, stale: 1 })
    expect({ listingsAdded, invalidAdded }).toEqual({ listingsAdded: 2, invalidAdded: 0 })
    await listings.waitFor(() => listings.records.filter((r) => r.value?.manifestVersion === CHANGED_VERSION).length >= 2)
    const republished = listings.records.filter((r) => r.value?.manifestVersion === CHANGED_VERSION)
    expect(republished.map((r) => r.key).sort()).toEqual(BAGS.map(sku).sort())
    for (const record of republished) expect(JSON.parse(record.value!.payloadJson!)).toMatchObject({ product: { category: 'general' } })
  })

  it('publishes nothing when run again with the same manifest', async () => {
    const { summary, listingsAdded, invalidAdded } = await resync()
    expect(summary.outcomes).toEqual({ published: 0, unchanged: 4, invalid: 0, deleted: 0, stale: 1 })
    expect({ listingsAdded, invalidAdded }).toEqual({ listingsAdded: 0, invalidAdded: 0 })
  })

  it('refuses an unknown marketplace naming the known ones, with exit code 2', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    try {
      const code = await runResync(['--marketplace', 'nowhere'], { MAPPINGS_DIR: mappingsDir })
      expect(code).toBe(2)
      expect(stderr.mock.calls.map(([text]) => String(text)).join('')).toContain(`known marketplaces: amazon, b2b, ${MARKETPLACE}`)
    } finally {
      stderr.mockRestore()
    }
  })
})
