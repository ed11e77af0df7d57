import { afterAll, describe, expect, it } from 'vitest'
import { Registry } from 'prom-client'
import { createLogger } from '@listing-sync/observability'
import { createAmazonSimulator, type AmazonSimulator } from '@listing-sync/simulator-amazon'
import { createB2bSimulator, type B2bSimulator } from '@listing-sync/simulator-b2b'
import { MiraklAdapter } from '../adapters/b2b/mirakl-adapter.js'
import { createAdapter } from '../dispatcher-app.js'
import { loadDispatcherConfig } from '../dispatcher-config.js'
import { createDispatcherMetrics } from '../dispatcher-metrics.js'
import type { ListingUpdate, MarketplaceAdapter } from './marketplace-adapter.js'
import { countingThrottles } from './throttle-count.js'

// listing_sync_marketplace_throttled_total through the real adapters, against simulators whose
// limits or fault windows answer 429.

const log = createLogger({ service: 'test-throttle-count', level: 'silent' })
const simulators: (AmazonSimulator | B2bSimulator)[] = []
let sequence = 0

afterAll(async () => {
  await Promise.all(simulators.map((simulator) => simulator.app.close()))
})

function update(marketplace: string, sku: string, payload: unknown, productType: string): ListingUpdate {
  const time = new Date(Date.parse('2026-01-01T00:00:00Z') + ++sequence * 1000)
  return { marketplace, sku, action: 'UPSERT', productType, payloadJson: JSON.stringify(payload), payloadHash: null, sourceEventId: `${sku}@${time.getTime()}`, magentoUpdatedAt: time, manifestVersion: '1', mappedAt: time }
}

/** An Amazon update the simulator takes: a DELETE needs no valid listing. */
function amazonDelete(sku: string): ListingUpdate {
  return { ...update('amazon', sku, null, 'BRACELET'), action: 'DELETE', payloadJson: null }
}

/** Makes one call as the dispatcher does, with the updates' operation. */
async function call(adapter: MarketplaceAdapter, updates: ListingUpdate[]) {
  const operation = adapter.operation(updates[0]!)
  const { outcomes } = await adapter.deliver(updates, operation, () => Promise.resolve())
  return { operation, outcomes }
}

async function throttledCounts(metrics: ReturnType<typeof createDispatcherMetrics>) {
  return (await metrics.throttled.get()).values.map(({ labels, value }) => ({ ...labels, value }))
}

describe('listing_sync_marketplace_throttled_total', () => {
  it('counts an Amazon call answered 429 once, by operation, and no call that went through', async () => {
    // One deleteListingsItem call in the bucket, not refilled within the test.
    const simulator = createAmazonSimulator({ logLevel: 'silent', rateLimits: { deleteListingsItem: { rate: 0.001, burst: 1 } } })
    simulators.push(simulator)
    const url = await simulator.listen('127.0.0.1', 0)
    const metrics = createDispatcherMetrics(new Registry())
    const config = loadDispatcherConfig({ DISPATCHER_MARKETPLACE: 'amazon', AMAZON_SP_API_ENDPOINT: url, AMAZON_LWA_ENDPOINT: `${url}/auth/o2/token` })
    const adapter = countingThrottles(createAdapter(config, log), metrics)

    const first = await call(adapter, [amazonDelete('TH-1')])
    const second = await call(adapter, [amazonDelete('TH-2')])

    expect(first.outcomes[0]).toMatchObject({ status: 'accepted' })
    expect(second.outcomes[0]).toMatchObject({ status: 'retry', errorClass: 'http-429' })
    expect(await throttledCounts(metrics)).toEqual([{ marketplace: 'amazon', operation: 'deleteListingsItem', value: 1 }])
  })

  it('counts a Mirakl batch call answered 429 once, however many offers it carried', async () => {
    const simulator = createB2bSimulator({ logLevel: 'silent', importStepMs: 5, rateLimits: 'off' })
    simulators.push(simulator)
    const url = await simulator.listen('127.0.0.1', 0)
    simulator.faults.add({ type: 'rateLimitStorm', retryAfterSeconds: 60, durationMs: 60_000 })
    const metrics = createDispatcherMetrics(new Registry())
    const polling = { firstMs: 20, intervalMs: 20 }
    const adapter = countingThrottles(new MiraklAdapter({ marketplace: 'b2b', baseUrl: url, apiKey: 'sim-shop-api-key', offerPolling: polling, productPolling: polling, log }), metrics)
    const offers = ['TH-A', 'TH-B', 'TH-C'].map((sku, index) => update('b2b', sku, { offer: { shop_sku: sku, product_id: `00000000000${index}`, product_id_type: 'UPC', state_code: '11', price: 10, quantity: 1, update_delete: '' } }, 'bags'))

    const { operation, outcomes } = await call(adapter, offers)

    expect(outcomes.map((outcome) => outcome.status === 'retry' && outcome.errorClass)).toEqual(['http-429', 'http-429', 'http-429'])
    expect(await throttledCounts(metrics)).toEqual([{ marketplace: 'b2b', operation, value: 1 }])
  })
})
