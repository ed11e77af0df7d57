import type { DispatcherMetrics } from '../dispatcher-metrics.js'
import type { MarketplaceAdapter } from './marketplace-adapter.js'

/**
 * The adapter, counting in `listing_sync_marketplace_throttled_total` every call the marketplace
 * answered 429. Adapters classify a 429 as a `retry` outcome of error class `http-429` for each
 * update the call carried; a batch call (OF24) counts once, as the marketplace refused one call.
 */
export function countingThrottles(adapter: MarketplaceAdapter, metrics: Pick<DispatcherMetrics, 'throttled'>): MarketplaceAdapter {
  const { marketplace } = adapter
  return {
    marketplace,
    limits: adapter.limits,
    batchSize: adapter.batchSize,
    operation: (update) => adapter.operation(update),
    ...(adapter.callsFor === undefined ? {} : { callsFor: (update, operation) => adapter.callsFor!(update, operation) }),
    async deliver(updates, operation, keepAlive) {
      const result = await adapter.deliver(updates, operation, keepAlive)
      if (result.outcomes.some((outcome) => outcome.status === 'retry' && outcome.errorClass === 'http-429')) metrics.throttled.inc({ marketplace, operation })
      return result
    },
  }
}
