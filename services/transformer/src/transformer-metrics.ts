import { Counter, Histogram, type Registry } from 'prom-client'

/** The transformer's metrics; marketplace labels, never SKUs. */
export function createTransformerMetrics(registry: Registry) {
  return {
    outcomes: new Counter({
      name: 'listing_sync_transform_outcomes_total',
      help: 'Products mapped per marketplace, by outcome: published, unchanged, invalid, deleted, stale',
      labelNames: ['marketplace', 'outcome'] as const,
      registers: [registry],
    }),
    mapSeconds: new Histogram({
      name: 'listing_sync_transform_map_seconds',
      help: 'Time to map and validate one product for one marketplace',
      labelNames: ['marketplace'] as const,
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1],
      registers: [registry],
    }),
    manifestReloads: new Counter({
      name: 'listing_sync_manifest_reloads_total',
      help: 'Manifest reloads, by marketplace and result (applied, refused)',
      labelNames: ['marketplace', 'result'] as const,
      registers: [registry],
    }),
  }
}

export type TransformerMetrics = ReturnType<typeof createTransformerMetrics>
