import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { marketplaceTopicNames } from '@listing-sync/kafka'
import { createTransformerApp, loadTransformerConfig, type TransformerApp } from '@listing-sync/transformer'
import { testClients } from '../support/clients.js'
import { startIngestHarness, type IngestHarness } from '../support/ingest-harness.js'
import { TopicCollector } from '../support/topic-collector.js'

interface ListingUpdate {
  marketplace: string
  sku: string
  action: 'UPSERT' | 'DELETE'
  productType: string | null
  payloadJson: string | null
  payloadHash: string | null
  sourceEventId: string
  manifestVersion: string
}
interface ListingRejected {
  sku: string
  problems: { stage: string; rule: string; path: string; message: string }[]
}

const MAPPINGS = fileURLToPath(new URL('../../mappings/', import.meta.url))
const { kafka, registry } = testClients('transformer')
let harness: IngestHarness
let transformer: TransformerApp
let mappingsDir: string
const amazon = new TopicCollector<ListingUpdate>(kafka, registry, marketplaceTopicNames('amazon').listings)
const b2b = new TopicCollector<ListingUpdate>(kafka, registry, marketplaceTopicNames('b2b').listings)
const amazonInvalid = new TopicCollector<ListingRejected>(kafka, registry, marketplaceTopicNames('amazon').invalid)

beforeAll(async () => {
  // A copy of the shipped manifests, so the reload test can edit them.
  mappingsDir = await mkdtemp(join(tmpdir(), 'mappings-'))
  await cp(MAPPINGS, mappingsDir, { recursive: true })
  harness = await startIngestHarness()
  await harness.ingest.start()
  transformer = await createTransformerApp(
    loadTransformerConfig({
      KAFKA_BROKERS: inject('kafkaBrokers').join(','),
      SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl'),
      MAPPINGS_DIR: mappingsDir,
      LOG_LEVEL: 'warn',
    }),
  )
  await Promise.all([amazon.start(), b2b.start(), amazonInvalid.start()])
  await transformer.start()
})
afterAll(async () => {
  await Promise.all([amazon.stop(), b2b.stop(), amazonInvalid.stop()])
  await transformer?.http.app.close()
  await harness.stop()
})

async function save(sku: string, changes: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${harness.magentoUrl}/_sim/products/${encodeURIComponent(sku)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(changes),
  })
  const body = (await response.json()) as { webhook?: { status: number; requestId: string } }
  expect(body.webhook?.status, JSON.stringify(body)).toBe(200)
  return body.webhook!.requestId
}

describe('the transformer', () => {
  it('maps a product saved in Magento to a listing on every marketplace', async () => {
    const savedAt = Date.now()
    const eventId = await save('24-MB01', { price: 44.0 })
    const record = await amazon.waitFor((r) => r.value?.sourceEventId === eventId)
    // When ingest received the change, for the dispatcher's receipt-to-acceptance time.
    expect(Number(record.headers['observed-at'])).toBeGreaterThanOrEqual(savedAt)
    expect(Number(record.headers['observed-at'])).toBeLessThanOrEqual(Date.now())
    // How it was observed, so the dispatcher times only webhooks and reconciles from Magento's updated_at.
    expect(record.headers['change-source']).toBe('webhook')
    const onAmazon = record.value!
    expect(onAmazon).toMatchObject({ marketplace: 'amazon', sku: '24-MB01', action: 'UPSERT' })
    const payload = JSON.parse(onAmazon.payloadJson!) as { productType: string; attributes: Record<string, unknown[]> }
    expect(payload.productType).toBe(onAmazon.productType)
    expect(JSON.stringify(payload.attributes.purchasable_offer)).toContain('44')
    const onB2b = (await b2b.waitFor((r) => r.value?.sourceEventId === eventId)).value!
    expect(JSON.parse(onB2b.payloadJson!)).toMatchObject({ offer: { shop_sku: '24-MB01', price: 44 }, product: { sku: '24-MB01' } })
  })

  it('does not publish an unchanged listing again', async () => {
    const first = await save('24-MB04', { price: 45.5 })
    await amazon.waitFor((r) => r.value?.sourceEventId === first)
    // The same state saved again: a new event, the same listing.
    const again = await save('24-MB04', { price: 45.5 })
    const changed = await save('24-MB04', { price: 46.5 })
    await amazon.waitFor((r) => r.value?.sourceEventId === changed)
    expect(amazon.records.filter((r) => r.value?.sourceEventId === again)).toEqual([])
  })

  it('turns a Magento delete into a DELETE listing update', async () => {
    // Listed first, so the delete changes something whatever earlier runs left on the topics.
    const listed = await save('24-UB02', { price: 30 + Math.random() })
    await amazon.waitFor((r) => r.value?.sourceEventId === listed)
    const response = await fetch(`${harness.magentoUrl}/_sim/products/24-UB02`, { method: 'DELETE' })
    const { webhook } = (await response.json()) as { webhook: { requestId: string; status: number; body: unknown } }
    expect(webhook.status, JSON.stringify(webhook)).toBe(200)
    const update = (await amazon.waitFor((r) => r.value?.sourceEventId === webhook.requestId)).value!
    expect(update).toMatchObject({ sku: '24-UB02', action: 'DELETE', payloadJson: null })
  })

  it('sends a product that cannot be listed to .invalid with every problem, and clears it once fixed', async () => {
    const original = (await (await fetch(`${harness.magentoUrl}/rest/V1/products/24-MB05`, { headers: { authorization: 'Bearer sim-admin-token' } })).json()) as {
      custom_attributes: { attribute_code: string; value: unknown }[]
    }
    const kept = original.custom_attributes.filter((a) => a.attribute_code === 'gtin' || a.attribute_code === 'brand')
    const broken = await save('24-MB05', { custom_attributes: [{ attribute_code: 'gtin', value: '' }, { attribute_code: 'brand', value: '' }] })
    const rejection = (await amazonInvalid.waitFor((r) => r.key === '24-MB05' && r.value !== null)).value!
    expect(rejection.problems.length).toBeGreaterThan(0)
    for (const problem of rejection.problems) expect(problem.message).not.toBe('')
    expect(amazon.records.filter((r) => r.value?.sourceEventId === broken)).toEqual([])
    await save('24-MB05', { custom_attributes: kept })
    await amazonInvalid.waitFor((r) => r.key === '24-MB05' && r.value === null)
  })

  it('applies a changed manifest without a restart and refuses an invalid one', async () => {
    const file = join(mappingsDir, 'b2b.json')
    const manifest = JSON.parse(await readFile(file, 'utf8')) as { version: string }
    await writeFile(file, JSON.stringify({ ...manifest, version: '9.9.9' }, null, 2))
    await expect.poll(async () => {
      const eventId = await save('24-MB03', { price: 10 + Math.random() })
      const update = await b2b.waitFor((r) => r.value?.sourceEventId === eventId)
      return update.value?.manifestVersion
    }, { timeout: 20_000, interval: 500 }).toBe('9.9.9')
    // An invalid manifest is refused: listings keep coming from 9.9.9.
    await writeFile(file, JSON.stringify({ ...manifest, version: 'not-a-version', rules: 'nope' }))
    const refused = async () => (await transformer.http.app.inject({ url: '/metrics' })).body
    await expect.poll(refused, { timeout: 10_000 }).toMatch(/listing_sync_manifest_reloads_total\{[^}]*marketplace="b2b"[^}]*result="refused"[^}]*\} [1-9]/)
    const eventId = await save('24-MB03', { price: 77 })
    expect((await b2b.waitFor((r) => r.value?.sourceEventId === eventId)).value?.manifestVersion).toBe('9.9.9')
  })
})
