import { Counter, Histogram, type Registry } from 'prom-client'

/** Ingest's own metrics; SKUs are never labels. */
export function createIngestMetrics(registry: Registry) {
  return {
    webhooks: new Counter({
      name: 'listing_sync_webhooks_total',
      help: 'Webhooks received, by payload shape and outcome',
      labelNames: ['shape', 'outcome'] as const,
      registers: [registry],
    }),
    recordSeconds: new Histogram({
      name: 'listing_sync_webhook_record_seconds',
      help: 'Time from a webhook arriving to the broker acknowledging its change',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    produceSeconds: new Histogram({
      name: 'listing_sync_produce_seconds',
      help: 'Time for the broker to acknowledge a published event, by topic',
      labelNames: ['topic'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    published: new Counter({
      name: 'listing_sync_events_published_total',
      help: 'Events published, by topic and source (webhook, reconcile, backfill) and kind (upsert, tombstone)',
      labelNames: ['topic', 'source', 'kind'] as const,
      registers: [registry],
    }),
    dedupHits: new Counter({
      name: 'listing_sync_ingest_dedup_hits_total',
      help: 'Re-delivered events (same event id within the window) not published again',
      registers: [registry],
    }),
    stale: new Counter({
      name: 'listing_sync_ingest_stale_dropped_total',
      help: 'Changes dropped because a newer state of the SKU was already published',
      registers: [registry],
    }),
    magentoFetches: new Counter({
      name: 'listing_sync_magento_fetches_total',
      help: 'Products fetched from Magento REST to complete a change, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    failures: new Counter({
      name: 'listing_sync_ingest_failures_total',
      help: 'Changes that could not be turned into an event, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
  }
}

export type IngestMetrics = ReturnType<typeof createIngestMetrics>
