import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CATALOG_PRODUCT_TOPIC } from '@listing-sync/kafka'
import type { ProductChanged } from '@listing-sync/catalog'
import { runBackfill } from '../../services/ingest/src/pipeline/backfill.js'
import { Reconciler } from '../../services/ingest/src/pipeline/reconciler.js'
import { testClients } from '../support/clients.js'
import { startIngestHarness, type IngestHarness } from '../support/ingest-harness.js'
import { TopicCollector } from '../support/topic-collector.js'

const { kafka, registry } = testClients('ingest-backfill')
let harness: IngestHarness
let catalog: TopicCollector<ProductChanged>

beforeAll(async () => {
  harness = await startIngestHarness()
  catalog = new TopicCollector(kafka, registry, CATALOG_PRODUCT_TOPIC)
  await catalog.start()
})
afterAll(async () => {
  await catalog.stop()
  await harness.stop()
})

async function deps() {
  const { core } = harness.ingest
  const { publisher, cursors } = await core.parts
  return { client: core.client, context: core.context, publisher, cursors, metrics: core.metrics, log: harness.ingest.http.log, storeCode: 'default' }
}

describe('backfill', () => {
  it('publishes every product of the catalog, resumes from its cursor, and reads pages of bounded size', async () => {
    const total = harness.magento.store.size
    const since = new Date()
    const first = await runBackfill({ ...(await deps()), pageSize: 250, restart: true })
    expect(first).toMatchObject({ published: total, rejected: 0, totalCount: total, pages: Math.ceil(total / 250) })
    const backfilled = () => catalog.records.filter((r) => r.value?.source === 'backfill' && r.value.observedAt >= since)
    await expect.poll(() => new Set(backfilled().map((r) => r.key)).size, { timeout: 30_000 }).toBe(total)
    const sample = backfilled().find((r) => r.key === 'MH01')!.value!
    expect(sample.product.configurable?.childSkus.length).toBeGreaterThan(0)
    expect(sample.eventId).toMatch(/^backfill:MH01:\d+$/)
    // Every child of every configurable carries its parent.
    const configurables = backfilled().filter((r) => r.value!.product.typeId === 'configurable')
    const childCount = configurables.reduce((sum, r) => sum + r.value!.product.configurable!.childSkus.length, 0)
    expect(backfilled().filter((r) => r.value!.product.parent)).toHaveLength(childCount)
    const child = backfilled().find((r) => r.key === 'MH01-XS-Black')!.value!
    expect(child.product.parent).toMatchObject({ sku: 'MH01', configurable: { childSkus: sample.product.configurable!.childSkus } })

    // A run that stopped after page 2 resumes at page 3.
    const { cursors } = await deps()
    await cursors.save({ name: 'backfill:default', nextPage: 3, updatedAfter: null, totalCount: total })
    const resumed = await runBackfill({ ...(await deps()), pageSize: 250, restart: false })
    expect(resumed.published).toBe(total - 2 * 250)
    expect((await cursors.load('backfill:default'))?.nextPage).toBeNull()
  })
})

describe('reconcile', () => {
  it('publishes products changed without a webhook (mass attribute update) and moves its cursor', async () => {
    const reconciler = new Reconciler({ ...(await deps()), pageSize: 100 })
    await reconciler.runOnce()
    // Magento's mass "Update attributes" fires no save event.
    const skus = ['24-WB01', '24-WB02', 'MH02-XS-Black']
    const response = await fetch(`${harness.magentoUrl}/_sim/mass-update`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ skus, changes: { price: 19.99 } }),
    })
    expect(response.status).toBeLessThan(300)
    expect(await reconciler.runOnce()).toBeGreaterThanOrEqual(skus.length)
    for (const sku of skus) {
      const record = await catalog.waitFor((r) => r.key === sku && r.value?.source === 'reconcile' && r.value.product.price?.amount === '19.99')
      expect(record.value?.eventId).toMatch(new RegExp(`^reconcile:${sku}:`))
    }
    // Nothing changed since: the next poll publishes nothing new.
    expect(await reconciler.runOnce()).toBe(0)
  })
})
