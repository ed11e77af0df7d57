import { copyFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadMarketplaceMapping } from '@listing-sync/cli/preview'
import { AmazonAdapter, MiraklAdapter, type ListingUpdate, type MarketplaceAdapter } from '@listing-sync/dispatcher'
import { createMagentoNormalisation, loadIngestConfig, magentoProductSchema, normaliseProduct, type MagentoStoreConfig } from '@listing-sync/ingest'
import { createProducer, marketplaceTopicNames, provisionTopology, topicCatalog } from '@listing-sync/kafka'
import { createAmazonSimulator, DEMO_CREDENTIALS, US_MARKETPLACE_ID, type AmazonSimulator } from '@listing-sync/simulator-amazon'
import { createB2bSimulator, DEFAULT_API_KEY, type B2bSimulator } from '@listing-sync/simulator-b2b'
import { createMagentoSimulator, type MagentoSimulator } from '@listing-sync/simulator-magento'
import { checkConsistency, type ConsistencyReport, type MarketplaceConsistency } from '../../bench/consistency/consistency-check.js'
import { runId, testClients } from '../support/clients.js'

// The consistency checker against simulators of its own (free ports) and the real broker. Amazon
// and the B2B marketplace are seeded through their APIs, with the dispatcher's adapters, with what
// the shipped manifests map Magento's products to; then single SKUs are changed behind the
// system's back, and the checker must name exactly those. Marketplace ids of its own keep the
// .invalid and .dlt topics apart from the running demo's.

const { kafka, registry, log } = testClients('consistency-check')
const run = runId().replace(/[^a-z0-9]/g, '')
const AMAZON = `amz${run}`
const B2B = `b2b${run}`
const SELLER = 'A2LISTINGSYNCDEMO'

const CONSISTENT = ['24-MB01', '24-MB04', '24-WB01', '24-WB03']
/** Listed, then changed on the marketplace: its title on Amazon, its price on the B2B marketplace. */
const STALE = '24-MB02'
/** Listed, then its listing deleted on the marketplace. */
const MISSING = '24-MB03'
/** Listed, then deleted in Magento. */
const DELETED = '24-MB05'
/** Never listed: its newest update was dead-lettered on Amazon; on the B2B marketplace only an older one was. */
const DEAD_LETTERED = '24-MB06'
/** Listed on Amazon, then its UPC removed in Magento: neither manifest can list it; B2B's .invalid says so. */
const UNLISTABLE = '24-WB02'
const SEEDED = [...CONSISTENT, STALE, MISSING, DELETED]

let magento: MagentoSimulator
let amazon: AmazonSimulator
let b2b: B2bSimulator
let store: MagentoStoreConfig
let amazonUrl: string
let b2bUrl: string
let mappingsDir: string
let report: ConsistencyReport

/** The shipped manifests, renamed to this run's marketplace ids (the B2B attributes file follows its manifest's name). */
function renamedMappings(): string {
  const dir = mkdtempSync(join(tmpdir(), 'consistency-mappings-'))
  cpSync(fileURLToPath(new URL('../../mappings/', import.meta.url)), dir, { recursive: true })
  for (const [file, marketplace] of [['amazon.json', AMAZON], ['b2b.json', B2B]] as const) {
    const manifest = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { marketplace: string }
    writeFileSync(join(dir, file), JSON.stringify({ ...manifest, marketplace }, null, 2))
  }
  copyFileSync(join(dir, 'product-types', 'b2b-attributes.json'), join(dir, 'product-types', `${B2B}-attributes.json`))
  return dir
}

/** What a manifest maps a SKU's current Magento product to, as the transformer publishes it. */
async function listingUpdates<Payload>(marketplace: string, skus: readonly string[], edit: (payload: Payload) => void = () => undefined): Promise<ListingUpdate[]> {
  const normalisation = createMagentoNormalisation(store, log)
  const mapping = await loadMarketplaceMapping(mappingsDir, marketplace)
  return Promise.all(
    skus.map(async (sku) => {
      const product = await normaliseProduct(magentoProductSchema.parse(await normalisation.client.getProduct(sku)), normalisation.context)
      const outcome = await mapping.map(product)
      if (!outcome.ok) throw new Error(`${sku} does not map for ${marketplace}: ${JSON.stringify(outcome.problems)}`)
      const payload = structuredClone(outcome.payload) as Payload
      edit(payload)
      return update(marketplace, sku, 'UPSERT', outcome.productType, JSON.stringify(payload))
    }),
  )
}

function update(marketplace: string, sku: string, action: 'UPSERT' | 'DELETE', productType: string | null = null, payloadJson: string | null = null): ListingUpdate {
  return { marketplace, sku, action, productType, payloadJson, payloadHash: null, sourceEventId: `${sku}@${Date.now()}`, magentoUpdatedAt: new Date(), manifestVersion: '1.0.0', mappedAt: new Date() }
}

/** Delivers as the dispatcher does, calling again what the adapter says to retry (a B2B product goes through P41 first). */
async function deliver(adapter: MarketplaceAdapter, updates: readonly ListingUpdate[]): Promise<void> {
  let pending = [...updates]
  for (let round = 1; pending.length > 0; round++) {
    if (round > 5) throw new Error(`not delivered: ${pending.map((u) => u.sku).join(', ')}`)
    const retry: ListingUpdate[] = []
    for (const operation of new Set(pending.map((u) => adapter.operation(u)))) {
      const batch = pending.filter((u) => adapter.operation(u) === operation)
      for (let start = 0; start < batch.length; start += adapter.batchSize) {
        const calls = batch.slice(start, start + adapter.batchSize)
        const { outcomes } = await adapter.deliver(calls, operation, () => Promise.resolve())
        outcomes.forEach((outcome, index) => {
          if (outcome.status === 'rejected') throw new Error(`${outcome.sku} rejected: ${JSON.stringify(outcome.reasons)}`)
          if (outcome.status === 'retry') retry.push(calls[index]!)
        })
      }
    }
    pending = retry
  }
}

/** Writes records as the transformer (listing updates, rejections) and the dispatcher (dead letters) do. */
async function writeTopicRecords(): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  await provisionTopology(admin, registry, [AMAZON, B2B]).finally(() => admin.disconnect())
  const specs = topicCatalog([AMAZON, B2B]).filter((spec) => spec.valueSchema !== undefined && (spec.name.endsWith('.v1') || spec.name.endsWith('.invalid')))
  const ids = await registry.registerTopicSchemas(specs)
  const producer = createProducer(kafka)
  await producer.connect()
  try {
    const listingRecord = async (marketplace: string, eventId: string) => {
      const value = await registry.encode(ids.get(marketplaceTopicNames(marketplace).listings)!, { ...update(marketplace, DEAD_LETTERED, 'UPSERT', 'LUGGAGE', '{}'), sourceEventId: eventId })
      return { key: DEAD_LETTERED, value, headers: { 'event-id': eventId } }
    }
    const deadLetter = (record: Awaited<ReturnType<typeof listingRecord>>) => ({
      ...record,
      headers: { ...record.headers, 'dlt-error-class': 'INVALID', 'dlt-error-message': '90220: item_name is required', 'dlt-attempts': '1', 'dlt-timestamp': new Date().toISOString() },
    })
    // Amazon: the newest update was dead-lettered. B2B: an older one was, and a newer one followed.
    const amazonUpdate = await listingRecord(AMAZON, 'dl-2')
    const b2bOld = await listingRecord(B2B, 'dl-1')
    const b2bNew = await listingRecord(B2B, 'dl-2')
    const rejection = await registry.encode(ids.get(marketplaceTopicNames(B2B).invalid)!, {
      marketplace: B2B,
      sku: UNLISTABLE,
      productType: 'bags',
      problems: [{ stage: 'MAPPING', rule: 'offer.product_id', path: 'attributes.gtin.raw', message: 'a value is required' }],
      sourceEventId: 'gtin-removed',
      magentoUpdatedAt: new Date(),
      manifestVersion: '1.0.0',
      rejectedAt: new Date(),
    })
    await producer.sendBatch({
      acks: -1,
      topicMessages: [
        { topic: marketplaceTopicNames(AMAZON).listings, messages: [amazonUpdate] },
        { topic: marketplaceTopicNames(AMAZON).deadLetters, messages: [deadLetter(amazonUpdate)] },
        { topic: marketplaceTopicNames(B2B).listings, messages: [b2bOld, b2bNew] },
        { topic: marketplaceTopicNames(B2B).deadLetters, messages: [deadLetter(b2bOld)] },
        { topic: marketplaceTopicNames(B2B).invalid, messages: [{ key: UNLISTABLE, value: rejection, headers: { 'event-id': 'gtin-removed' } }] },
      ],
    })
  } finally {
    await producer.disconnect()
  }
}

beforeAll(async () => {
  // No webhook receiver: changes made here reach nothing but the checker.
  magento = createMagentoSimulator({ logLevel: 'warn' })
  const magentoUrl = await magento.listen('127.0.0.1', 0)
  // A small catalog: the SKUs of this test only.
  const kept = new Set([...SEEDED, DEAD_LETTERED, UNLISTABLE])
  const { items } = magento.store.search({ filter_groups: [], page_size: 100_000, current_page: 1 })
  for (const product of items) if (!kept.has(product.sku)) magento.store.delete(product.sku)
  amazon = createAmazonSimulator({ logLevel: 'warn', rateLimits: 'off' })
  amazonUrl = await amazon.listen('127.0.0.1', 0)
  b2b = createB2bSimulator({ logLevel: 'warn', rateLimits: 'off', importStepMs: 20 })
  b2bUrl = await b2b.listen('127.0.0.1', 0)
  store = loadIngestConfig({ MAGENTO_BASE_URL: magentoUrl })
  mappingsDir = renamedMappings()

  const amazonAdapter = new AmazonAdapter({ marketplace: AMAZON, endpoint: amazonUrl, lwaTokenUrl: `${amazonUrl}/auth/o2/token`, credentials: DEMO_CREDENTIALS, sellerId: SELLER, marketplaceId: US_MARKETPLACE_ID, log })
  const polling = { firstMs: 50, intervalMs: 50 }
  const miraklAdapter = new MiraklAdapter({ marketplace: B2B, baseUrl: b2bUrl, apiKey: DEFAULT_API_KEY, offerPolling: polling, productPolling: polling, log })
  await deliver(amazonAdapter, await listingUpdates(AMAZON, [...SEEDED, UNLISTABLE]))
  await deliver(miraklAdapter, await listingUpdates(B2B, SEEDED))

  // Behind the system's back: a listing changed, one deleted on each marketplace, a product deleted
  // in Magento, another that can no longer be listed.
  await deliver(amazonAdapter, await listingUpdates<{ attributes: { item_name: { value: string }[] } }>(AMAZON, [STALE], (payload) => {
    payload.attributes.item_name[0]!.value = 'Changed on Amazon'
  }))
  await deliver(miraklAdapter, await listingUpdates<{ offer: { price: number } }>(B2B, [STALE], (payload) => {
    payload.offer.price = 1.5
  }))
  await deliver(amazonAdapter, [update(AMAZON, MISSING, 'DELETE')])
  await deliver(miraklAdapter, [update(B2B, MISSING, 'DELETE')])
  expect((await fetch(`${magentoUrl}/_sim/products/${DELETED}`, { method: 'DELETE' })).status).toBe(200)
  const removeUpc = await fetch(`${magentoUrl}/_sim/products/${UNLISTABLE}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ custom_attributes: [{ attribute_code: 'gtin', value: null }] }),
  })
  expect(removeUpc.status).toBe(200)
  await writeTopicRecords()

  report = await checkConsistency({
    magento: store,
    targets: [
      { kind: 'amazon', marketplace: AMAZON, url: amazonUrl, sellerId: SELLER, marketplaceId: US_MARKETPLACE_ID },
      { kind: 'mirakl', marketplace: B2B, url: b2bUrl },
    ],
    mappingsDir,
    kafka,
    registry,
    log,
  })
}, 120_000)

afterAll(async () => {
  await Promise.all([magento?.app.close(), amazon?.app.close(), b2b?.app.close()])
})

const skusOf = (result: MarketplaceConsistency, kind: keyof MarketplaceConsistency['samples']) => result.samples[kind].map((finding) => finding.sku).sort()

describe('the consistency checker', () => {
  it('checks every product of Magento\'s current catalog', () => {
    expect(report.magentoProducts).toBe(SEEDED.length + 1)
    expect(report.marketplaces.map((result) => result.marketplace)).toEqual([AMAZON, B2B])
  })

  it('finds Amazon equal to the mapping except the SKUs changed behind its back, and says how they differ', () => {
    const amazonResult = report.marketplaces[0]!
    expect(amazonResult.counts).toEqual({ consistent: CONSISTENT.length, stale: 1, missing: 1, explained: 1, unexpected: 2 })
    expect(amazonResult.samples.stale).toEqual([
      { sku: STALE, paths: ['attributes.item_name[0].value'], differences: [expect.stringMatching(/^~ attributes\.item_name\[0\]\.value: "Changed on Amazon" -> ".+"$/) as unknown] },
    ])
    // Still listed, though the mapping cannot list it any more (no UPC) or Magento deleted it.
    expect(amazonResult.samples.unexpected).toEqual([
      { sku: UNLISTABLE, reason: expect.stringContaining('the mapping cannot list it: attributes.externally_assigned_product_identifier: required value is missing') as unknown },
      { sku: DELETED, reason: 'not in Magento (deleted)' },
    ])
    // Deleted on Amazon, with nothing on the topics to explain it.
    expect(amazonResult.samples.missing).toEqual([{ sku: MISSING }])
    expect(amazonResult.samples.explained).toEqual([{ sku: DEAD_LETTERED, reason: 'dead letter (INVALID, 1 attempts): 90220: item_name is required' }])
  })

  it('finds the B2B offers equal to OF24 of the mapping, and explains only what the topics explain', () => {
    const b2bResult = report.marketplaces[1]!
    expect(b2bResult.counts).toEqual({ consistent: CONSISTENT.length, stale: 1, missing: 2, explained: 1, unexpected: 1 })
    expect(b2bResult.samples.stale).toEqual([{ sku: STALE, paths: ['offer.price'], differences: [expect.stringMatching(/^~ offer\.price: 1\.5 -> \d+(\.\d+)?$/) as unknown] }])
    // Its dead letter is of an older update than its newest: it does not explain the absence.
    expect(skusOf(b2bResult, 'missing')).toEqual([DEAD_LETTERED, MISSING].sort())
    expect(b2bResult.samples.explained).toEqual([{ sku: UNLISTABLE, reason: 'offer.product_id: a value is required' }])
    expect(skusOf(b2bResult, 'unexpected')).toEqual([DELETED])
  })
})
