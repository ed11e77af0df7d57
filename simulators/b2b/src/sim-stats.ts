import { Counter, type Registry } from 'prom-client'
import type { Operation } from './operations.js'

/** Counters of one kind of import. */
export interface ImportCounters {
  created: number
  /** OF24 requests answered with the id of an identical import still waiting. */
  deduplicated: number
  complete: number
  failed: number
  linesRead: number
  linesInSuccess: number
  linesInError: number
  /** Offer lines that left their offer exactly as it was: writes that changed nothing (0 for products). */
  unchangedLines: number
}

/** What `/_sim/stats` reports. */
export interface SimStatsSnapshot {
  /** Calls per operation (Mirakl operationId, or `sim.*`). */
  readonly calls: Record<string, number>
  /** Calls per operation and answered status. */
  readonly statuses: Record<string, Record<string, number>>
  /** 429 answers per operation, from the rate limiter and from injected storms. */
  readonly throttled: Record<string, number>
  /** Answers >= 400 per operation, 429 included. */
  readonly errors: Record<string, number>
  /** Answers replaced by an injected fault (status or storm). */
  readonly faultsInjected: number
  readonly imports: { readonly offers: ImportCounters; readonly products: ImportCounters }
}

const emptyCounters = (): ImportCounters => ({ created: 0, deduplicated: 0, complete: 0, failed: 0, linesRead: 0, linesInSuccess: 0, linesInError: 0, unchangedLines: 0 })

/** Counts calls, throttling, faults and imports for `/_sim/stats` and `/metrics`. */
export class SimStats {
  private calls: Record<string, number> = {}
  private statuses: Record<string, Record<string, number>> = {}
  private throttled: Record<string, number> = {}
  private errors: Record<string, number> = {}
  private faultsInjected = 0
  private imports = { offers: emptyCounters(), products: emptyCounters() }
  private readonly requestsMetric: Counter<'operation' | 'status'>
  private readonly linesMetric: Counter<'kind' | 'result'>

  constructor(metrics: Registry) {
    this.requestsMetric = new Counter({ name: 'listing_sync_simulator_requests_total', help: 'Simulator calls by operation and status', labelNames: ['operation', 'status'], registers: [metrics] })
    this.linesMetric = new Counter({ name: 'listing_sync_simulator_import_lines_total', help: 'Import lines processed by import kind and result', labelNames: ['kind', 'result'], registers: [metrics] })
  }

  /** Records one answered call. */
  call(operation: Operation | `sim.${string}`, status: number): void {
    this.calls[operation] = (this.calls[operation] ?? 0) + 1
    const byStatus = (this.statuses[operation] ??= {})
    byStatus[status] = (byStatus[status] ?? 0) + 1
    if (status === 429) this.throttled[operation] = (this.throttled[operation] ?? 0) + 1
    if (status >= 400) this.errors[operation] = (this.errors[operation] ?? 0) + 1
    this.requestsMetric.inc({ operation, status: String(status) })
  }

  /** Records one answer replaced by an injected fault. */
  fault(): void {
    this.faultsInjected++
  }

  importCreated(kind: 'offers' | 'products'): void {
    this.imports[kind].created++
  }

  importDeduplicated(): void {
    this.imports.offers.deduplicated++
  }

  /** Records a finished import and its line counts. */
  importFinished(kind: 'offers' | 'products', outcome: { status: 'COMPLETE' | 'FAILED'; linesRead: number; linesInSuccess: number; linesInError: number; unchanged?: number }): void {
    const counters = this.imports[kind]
    if (outcome.status === 'COMPLETE') counters.complete++
    else counters.failed++
    counters.linesRead += outcome.linesRead
    counters.linesInSuccess += outcome.linesInSuccess
    counters.linesInError += outcome.linesInError
    counters.unchangedLines += outcome.unchanged ?? 0
    this.linesMetric.inc({ kind, result: 'success' }, outcome.linesInSuccess)
    this.linesMetric.inc({ kind, result: 'error' }, outcome.linesInError)
  }

  snapshot(): SimStatsSnapshot {
    return {
      calls: { ...this.calls },
      statuses: Object.fromEntries(Object.entries(this.statuses).map(([operation, byStatus]) => [operation, { ...byStatus }])),
      throttled: { ...this.throttled },
      errors: { ...this.errors },
      faultsInjected: this.faultsInjected,
      imports: { offers: { ...this.imports.offers }, products: { ...this.imports.products } },
    }
  }

  /** Zeroes the `/_sim/stats` counters (Prometheus counters only ever grow). */
  reset(): void {
    this.calls = {}
    this.statuses = {}
    this.throttled = {}
    this.errors = {}
    this.faultsInjected = 0
    this.imports = { offers: emptyCounters(), products: emptyCounters() }
  }
}
