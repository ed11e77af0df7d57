import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CATALOG_PRODUCT_TOPIC } from '@listing-sync/kafka'
import type { ProductChanged } from '@listing-sync/catalog'
import { testClients } from '../support/clients.js'
import { GATEWAY_SECRET, startIngestHarness, type IngestHarness } from '../support/ingest-harness.js'
import { TopicCollector } from '../support/topic-collector.js'

const FIXTURES = new URL(process.env.LISTING_SYNC_FIXTURES_DIR ? `file://${process.env.LISTING_SYNC_FIXTURES_DIR}/` : '../../../shared/fixtures/', import.meta.url)
const fixture = async (path: string) => JSON.parse(await readFile(new URL(path, FIXTURES), 'utf8')) as Record<string, unknown>

const { kafka, registry } = testClients('ingest')
let harness: IngestHarness
let catalog: TopicCollector<ProductChanged>

beforeAll(async () => {
  harness = await startIngestHarness({ INGEST_BODY_LIMIT_BYTES: String(64 * 1024) })
  await harness.ingest.start()
  catalog = new TopicCollector(kafka, registry, CATALOG_PRODUCT_TOPIC)
  await catalog.start()
})
afterAll(async () => {
  await catalog.stop()
  await harness.stop()
})

/** Saves through the simulator's admin endpoint, which fires the signed webhook like Commerce. */
async function saveInMagento(sku: string, changes: Record<string, unknown>) {
  const response = await fetch(`${harness.magentoUrl}/_sim/products/${encodeURIComponent(sku)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(changes),
  })
  expect(response.status).toBeLessThan(300)
  const body = (await response.json()) as { webhook: { status: number; body: unknown; requestId: string } }
  expect(body.webhook.status).toBe(200)
  expect(body.webhook.body).toEqual({ op: 'success' })
  return body.webhook.requestId
}

async function restProduct(sku: string) {
  const response = await fetch(`${harness.magentoUrl}/rest/V1/products/${encodeURIComponent(sku)}`, { headers: { authorization: 'Bearer sim-admin-token' } })
  return (await response.json()) as Record<string, unknown>
}

/** Posts a body to ingest's webhook route with the given headers. */
function post(body: string | Buffer, headers: Record<string, string>) {
  return fetch(`${harness.ingestUrl}/webhooks/magento`, { method: 'POST', headers, body })
}

function signedPost(value: unknown, headers: Record<string, string> = {}) {
  const body = Buffer.from(JSON.stringify(value))
  return post(body, { 'content-type': 'application/json', 'x-adobe-commerce-webhook-signature': harness.sign(body), ...headers })
}

describe('a product saved in Magento', () => {
  it('reaches catalog.product.v1 as a full, labelled ProductChanged keyed by SKU', async () => {
    const eventId = await saveInMagento('24-MB01', { price: 41.5 })
    const record = await catalog.waitFor((r) => r.headers['event-id'] === eventId)
    expect(record.key).toBe('24-MB01')
    const event = record.value!
    expect(event).toMatchObject({ eventId, source: 'webhook' })
    expect(event.product).toMatchObject({ sku: '24-MB01', name: 'Joust Duffle Bag', price: { amount: '41.50', currency: 'USD' }, enabled: true })
    expect(event.product.stock?.qty).toBeGreaterThan(0)
    expect(event.product.categories.length).toBeGreaterThan(0)
    expect(event.product.media[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\/catalog\/product\/m\/b\/mb01-blue-0\.jpg$/)
    // Select and multiselect option ids resolved to the store labels.
    const activity = event.product.attributes.activity!
    expect(activity.raw).toMatch(/^\d+(,\d+)*$/)
    expect(activity.labels.length).toBe(activity.raw!.split(',').length)
    expect(event.product.attributes.brand?.labels).toHaveLength(1)
    expect(event.product.attributes.gtin?.raw).toMatch(/^\d{12}$/)
    expect(event.magentoUpdatedAt.getTime()).toBeGreaterThan(Date.now() - 60_000)
  })

  it('keeps a configurable parent with its children and variation attributes', async () => {
    const eventId = await saveInMagento('MH01', { price: 52 })
    const event = (await catalog.waitFor((r) => r.headers['event-id'] === eventId)).value!
    expect(event.product.typeId).toBe('configurable')
    expect(event.product.configurable?.childSkus).toEqual(expect.arrayContaining(['MH01-XS-Black', 'MH01-M-Orange']))
    expect(event.product.configurable?.variationAttributes.map((a) => a.label).sort()).toEqual(['Color', 'Size'])
  })

  it('gives a configurable child its parent, whose content the marketplaces list the child with', async () => {
    const eventId = await saveInMagento('MH02-XS-Black', { price: 33 })
    const event = (await catalog.waitFor((r) => r.headers['event-id'] === eventId)).value!
    expect(event.product.parentSkus).toEqual(['MH02'])
    expect(event.product.parent).toMatchObject({ sku: 'MH02', typeId: 'configurable', parent: null })
    expect(event.product.parent?.attributes.material?.labels.length).toBeGreaterThan(0)
    expect(event.product.parent?.configurable?.childSkus).toContain('MH02-XS-Black')
    // The event is as new as the newer of the child and its parent.
    expect(event.magentoUpdatedAt.getTime()).toBe(Math.max(event.product.updatedAt!.getTime(), event.product.parent!.updatedAt!.getTime()))
  })

  it("publishes a parent's children again when only the parent is saved, each carrying the new parent", async () => {
    const description = `<p>Relabelled ${randomUUID()}.</p>`
    const eventId = await saveInMagento('MH03', { custom_attributes: [{ attribute_code: 'description', value: description }] })
    const parent = (await catalog.waitFor((r) => r.headers['event-id'] === eventId)).value!
    const childSkus = parent.product.configurable!.childSkus
    expect(childSkus.length).toBeGreaterThan(1)
    const children = await Promise.all(childSkus.map((sku) => catalog.waitFor((r) => r.headers['event-id'] === `${eventId}/${sku}`)))
    for (const [index, child] of children.entries()) {
      expect(child.key).toBe(childSkus[index])
      expect(child.value!.product.parent?.descriptionHtml).toBe(description)
      expect(child.value!.magentoUpdatedAt.getTime()).toBeGreaterThanOrEqual(parent.magentoUpdatedAt.getTime())
    }
  })

  it("publishes a deleted parent's children again without it", async () => {
    // A child saved first, so the child → parent index is loaded as in a running ingest.
    const childEventId = await saveInMagento('MH04-XS-Green', { price: 31 })
    const child = (await catalog.waitFor((r) => r.headers['event-id'] === childEventId)).value!
    expect(child.product.parent?.sku).toBe('MH04')
    const response = await fetch(`${harness.magentoUrl}/_sim/products/MH04`, { method: 'DELETE' })
    const { webhook } = (await response.json()) as { webhook: { requestId: string } }
    const orphan = await catalog.waitFor((r) => r.headers['event-id'] === `${webhook.requestId}/MH04-XS-Green`)
    expect(orphan.value!.product).toMatchObject({ sku: 'MH04-XS-Green', parentSkus: [], parent: null })
    expect(orphan.value!.magentoUpdatedAt.getTime()).toBeGreaterThanOrEqual(child.magentoUpdatedAt.getTime())
  })

  it('becomes a tombstone when deleted', async () => {
    const response = await fetch(`${harness.magentoUrl}/_sim/products/24-WG085`, { method: 'DELETE' })
    const { webhook } = (await response.json()) as { webhook: { requestId: string; status: number } }
    expect(webhook.status).toBe(200)
    const record = await catalog.waitFor((r) => r.headers['event-id'] === webhook.requestId)
    expect(record).toMatchObject({ key: '24-WG085', value: null })
  })
})

describe('every payload shape Magento sends', () => {
  it('accepts the plugin hook of ProductRepository::save with the REST product', async () => {
    const eventId = randomUUID()
    const product = await restProduct('24-MB04')
    const response = await signedPost({ product: { ...product, price: 33.25 }, saveOptions: true }, { 'x-adobe-commerce-request-id': eventId })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ op: 'success' })
    const event = (await catalog.waitFor((r) => r.headers['event-id'] === eventId)).value!
    expect(event.product).toMatchObject({ sku: '24-MB04', price: { amount: '33.25' } })
  })

  it('accepts an Adobe I/O Events CloudEvent and completes its partial product from REST', async () => {
    const cloudEvent = await fixture('adobe-commerce/io-events/cloudevent.observer.catalog_product_save_commit_after.json')
    const id = randomUUID()
    const data = cloudEvent.data as { value: Record<string, unknown> }
    const body = { ...cloudEvent, id, data: { ...data, value: { ...data.value, sku: '24-MB02' } } }
    // Gateways and I/O Events deliveries without an Adobe signature authenticate with the shared secret here.
    const response = await post(JSON.stringify(body), { 'content-type': 'application/cloudevents+json', 'x-listing-sync-secret': GATEWAY_SECRET })
    expect(response.status).toBe(200)
    const event = (await catalog.waitFor((r) => r.headers['event-id'] === id)).value!
    // The CloudEvent carried only sku, name, price and stock: the rest came from Magento REST.
    expect(event.product.sku).toBe('24-MB02')
    expect(event.product.name).toBe('Fusion Backpack')
    expect(event.product.media.length).toBeGreaterThan(0)
  })

  it('answers the I/O Events registration challenge', async () => {
    const response = await fetch(`${harness.ingestUrl}/webhooks/magento?challenge=abc123`)
    expect(await response.json()).toEqual({ challenge: 'abc123' })
  })

  it('accepts plain product JSON from a gateway', async () => {
    const product = await restProduct('24-MB05')
    const response = await post(JSON.stringify(product), { 'content-type': 'application/json', 'x-listing-sync-secret': GATEWAY_SECRET })
    expect(response.status).toBe(200)
    const record = await catalog.waitFor((r) => r.key === '24-MB05' && r.headers.source === 'webhook')
    expect(record.value?.product.name).toBe(product.name)
  })
})

describe('rejected requests', () => {
  /** Sends a valid change for the SKU after the rejected ones; same SKU, same partition, so it arrives after them. */
  async function sentinel(sku: string) {
    const eventId = randomUUID()
    const response = await signedPost({ product: await restProduct(sku), saveOptions: true }, { 'x-adobe-commerce-request-id': eventId })
    expect(response.status).toBe(200)
    await catalog.waitFor((r) => r.headers['event-id'] === eventId)
  }

  it('refuses unsigned and wrongly signed hooks with 401 and publishes nothing', async () => {
    const product = await restProduct('24-UG01')
    const body = Buffer.from(JSON.stringify({ product, saveOptions: true }))
    const unsigned = await post(body, { 'content-type': 'application/json', 'x-adobe-commerce-request-id': 'unsigned-1' })
    expect(unsigned.status).toBe(401)
    expect(await unsigned.json()).toMatchObject({ code: 'LS_ERR_INGEST_UNAUTHORIZED' })
    const tampered = Buffer.from(body.toString().replace('"24-UG01"', '"24-UG01" '))
    const wrong = await post(tampered, { 'content-type': 'application/json', 'x-adobe-commerce-webhook-signature': harness.sign(body), 'x-adobe-commerce-request-id': 'wrong-1' })
    expect(wrong.status).toBe(401)
    expect((await post(body, { 'content-type': 'application/json', 'x-listing-sync-secret': 'not-the-secret-at-all-x' })).status).toBe(401)
    await sentinel('24-UG01')
    expect(catalog.withEventId('unsigned-1')).toEqual([])
    expect(catalog.withEventId('wrong-1')).toEqual([])
  })

  it('answers 400 naming every failing field and rule', async () => {
    const response = await signedPost({ eventName: 'observer.catalog_product_save_after', data: { product: { sku: '', price: 'abc', status: '1' } } })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { code: string; problems: { path: string; rule: string }[] }
    expect(body.code).toBe('LS_ERR_INGEST_INVALID_PAYLOAD')
    expect(body.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['data.product.sku', 'data.product.price']))
    for (const problem of body.problems) expect(problem.rule).toEqual(expect.any(String))
  })

  it('answers 400 for a body that is not JSON, 413 over the size limit and 415 for another media type', async () => {
    const broken = await post('{"product": ', { 'content-type': 'application/json', 'x-listing-sync-secret': GATEWAY_SECRET })
    expect(broken.status).toBe(400)
    expect(await broken.json()).toMatchObject({ code: 'LS_ERR_INGEST_INVALID_PAYLOAD', problems: [{ path: '(body)', rule: 'json' }] })
    const huge = await post(JSON.stringify({ sku: 'x', name: 'y'.repeat(70 * 1024) }), { 'content-type': 'application/json' })
    expect(huge.status).toBe(413)
    expect(await huge.json()).toMatchObject({ code: 'LS_ERR_INGEST_BODY_TOO_LARGE' })
    const text = await post('sku=24-MB01', { 'content-type': 'text/plain' })
    expect(text.status).toBe(415)
    expect(await text.json()).toMatchObject({ code: 'LS_ERR_INGEST_UNSUPPORTED_MEDIA_TYPE' })
  })

  it('publishes a re-delivered event id once', async () => {
    const eventId = randomUUID()
    const value = { product: await restProduct('24-MB03'), saveOptions: true }
    for (let i = 0; i < 3; i++) expect((await signedPost(value, { 'x-adobe-commerce-request-id': eventId })).status).toBe(200)
    await sentinel('24-MB03')
    expect(catalog.withEventId(eventId)).toHaveLength(1)
  })
})

describe('ingest roles', () => {
  it('serves no webhook route in an enricher-only process', async () => {
    const enricherOnly = await startIngestHarness({ INGEST_ROLES: 'enricher' })
    try {
      const response = await fetch(`${enricherOnly.ingestUrl}/webhooks/magento`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
      expect(response.status).toBe(404)
      expect((await fetch(`${enricherOnly.ingestUrl}/healthz`)).status).toBe(200)
    } finally {
      await enricherOnly.stop()
    }
  })
})

describe('when the broker or registry cannot record the change', () => {
  it('answers 503 with Retry-After, never 200', async () => {
    // Port 9 (discard) has no listener here: connections are refused at once.
    const outages: Record<string, string>[] = [
      { SCHEMA_REGISTRY_URL: 'http://127.0.0.1:9/apis/ccompat/v7', LOG_LEVEL: 'silent' },
      { KAFKA_BROKERS: '127.0.0.1:9', INGEST_ACK_TIMEOUT_MS: '500', LOG_LEVEL: 'silent' },
    ]
    for (const env of outages) {
      const broken = await startIngestHarness(env)
      try {
        const product = await restProduct('24-MB01')
        const body = Buffer.from(JSON.stringify({ product, saveOptions: true }))
        const response = await fetch(`${broken.ingestUrl}/webhooks/magento`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-listing-sync-secret': GATEWAY_SECRET },
          body,
        })
        expect(response.status, JSON.stringify(env)).toBe(503)
        expect(response.headers.get('retry-after')).toBe('5')
        expect(await response.json()).toMatchObject({ code: 'LS_ERR_INGEST_UNAVAILABLE' })
        // Not ready while it cannot record: a load balancer or harness waiting on /readyz sends nothing yet.
        const readiness = await fetch(`${broken.ingestUrl}/readyz`)
        expect(readiness.status, JSON.stringify(env)).toBe(503)
        expect(await readiness.json()).toMatchObject({ checks: { recorder: { status: 'failed' } } })
      } finally {
        await broken.stop()
      }
    }
  })
})
