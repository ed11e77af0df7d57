import { Counter, Gauge, Histogram, type Registry } from 'prom-client'

/** The dispatcher's metrics; marketplace and operation labels, never SKUs. */
export function createDispatcherMetrics(registry: Registry) {
  return {
    updates: new Counter({
      name: 'listing_sync_dispatch_updates_total',
      help: 'Listing updates by what became of them: accepted, rejected, exhausted, undecodable, coalesced, stale, redundant',
      labelNames: ['marketplace', 'outcome'] as const,
      registers: [registry],
    }),
    calls: new Counter({
      name: 'listing_sync_marketplace_calls_total',
      help: 'Marketplace calls by operation and result (accepted, rejected, retry; partial when a batch call mixed them)',
      labelNames: ['marketplace', 'operation', 'result'] as const,
      registers: [registry],
    }),
    callSeconds: new Histogram({
      name: 'listing_sync_marketplace_call_seconds',
      help: 'Duration of marketplace calls by operation',
      labelNames: ['marketplace', 'operation'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    throttled: new Counter({
      name: 'listing_sync_marketplace_throttled_total',
      help: 'Marketplace calls answered 429 Too Many Requests, by operation',
      labelNames: ['marketplace', 'operation'] as const,
      registers: [registry],
    }),
    retries: new Counter({
      name: 'listing_sync_dispatch_retries_total',
      help: 'Updates scheduled for another attempt, by error class (http-429, http-503, network, …)',
      labelNames: ['marketplace', 'error_class'] as const,
      registers: [registry],
    }),
    deadLetters: new Counter({
      name: 'listing_sync_dead_letters_total',
      help: 'Records written to listing.<mkt>.dlt, by error class',
      labelNames: ['marketplace', 'error_class'] as const,
      registers: [registry],
    }),
    endToEndSeconds: new Histogram({
      name: 'listing_sync_end_to_end_seconds',
      help: 'From the Magento updated_at of a change that came by webhook or reconcile to its acceptance by the marketplace',
      labelNames: ['marketplace'] as const,
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
      registers: [registry],
    }),
    receiptToAcceptanceSeconds: new Histogram({
      name: 'listing_sync_receipt_to_acceptance_seconds',
      help: 'From listing-sync receiving a change (webhook, backfill or reconcile) to its acceptance by the marketplace',
      labelNames: ['marketplace'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
      registers: [registry],
    }),
    rateBudget: new Gauge({
      name: 'listing_sync_rate_budget_calls_per_second',
      help: 'Calls a second this replica may make, per operation (its share of the marketplace limit)',
      labelNames: ['marketplace', 'operation'] as const,
      registers: [registry],
    }),
    pausedPartitions: new Gauge({
      name: 'listing_sync_dispatch_paused_partitions',
      help: 'Partitions paused while waiting for the rate budget or a retry',
      labelNames: ['marketplace'] as const,
      registers: [registry],
    }),
  }
}

export type DispatcherMetrics = ReturnType<typeof createDispatcherMetrics>
