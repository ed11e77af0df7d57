import { collectDefaultMetrics, Registry } from 'prom-client'

/**
 * A Prometheus registry for one service, with Node process metrics and a `service` label on every
 * series. Our own metrics are named `listing_sync_<thing>_<unit>`; SKUs are never labels.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry()
  registry.setDefaultLabels({ service })
  collectDefaultMetrics({ register: registry })
  return registry
}

export { Registry }
