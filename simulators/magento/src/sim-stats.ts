import { Counter, type Registry } from 'prom-client'

/** The counters `/_sim/stats` reports, also exported as Prometheus metrics. */
export interface SimStatsSnapshot {
  /** Calls per operation (swagger operationId for REST, `sim.*` for admin endpoints). */
  readonly calls: Record<string, number>
  /** Answers >= 400 per operation, injected faults included. */
  readonly errors: Record<string, number>
  readonly webhooks: { readonly sent: number; readonly failed: number }
  readonly faultsInjected: number
}

/** Counts calls, errors, webhooks and injected faults for `/_sim/stats` and `/metrics`. */
export class SimStats {
  private calls: Record<string, number> = {}
  private errors: Record<string, number> = {}
  private webhooks = { sent: 0, failed: 0 }
  private faultsInjected = 0
  private readonly requestsMetric: Counter<'operation' | 'status'>
  private readonly webhooksMetric: Counter<'event' | 'result'>

  constructor(metrics: Registry) {
    this.requestsMetric = new Counter({ name: 'listing_sync_simulator_requests_total', help: 'Simulator calls by operation and status', labelNames: ['operation', 'status'], registers: [metrics] })
    this.webhooksMetric = new Counter({ name: 'listing_sync_simulator_webhooks_total', help: 'Webhooks sent by event and result', labelNames: ['event', 'result'], registers: [metrics] })
  }

  /** Records one answered call. */
  call(operation: string, status: number): void {
    this.calls[operation] = (this.calls[operation] ?? 0) + 1
    if (status >= 400) this.errors[operation] = (this.errors[operation] ?? 0) + 1
    this.requestsMetric.inc({ operation, status: String(status) })
  }

  /** Records one webhook delivery. */
  webhook(event: string, ok: boolean): void {
    this.webhooks.sent++
    if (!ok) this.webhooks.failed++
    this.webhooksMetric.inc({ event, result: ok ? 'ok' : 'failed' })
  }

  /** Records one answer replaced by an injected fault. */
  fault(): void {
    this.faultsInjected++
  }

  snapshot(): SimStatsSnapshot {
    return { calls: { ...this.calls }, errors: { ...this.errors }, webhooks: { ...this.webhooks }, faultsInjected: this.faultsInjected }
  }

  /** Zeroes the `/_sim/stats` counters (Prometheus counters only ever grow). */
  reset(): void {
    this.calls = {}
    this.errors = {}
    this.webhooks = { sent: 0, failed: 0 }
    this.faultsInjected = 0
  }
}
