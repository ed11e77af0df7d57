import { Counter, type Registry } from 'prom-client'

/** Why a call was answered 429. */
export type ThrottleCause = 'rate-limit' | 'fault'

/** The counters `/_sim/stats` reports, also exported as Prometheus metrics. */
export interface SimStatsSnapshot {
  /** Calls per operation (the models' operationIds, `lwaToken` for LWA) and answer status. */
  readonly calls: Record<string, Record<string, number>>
  /** 429 answers: in total, from the token buckets, and from an injected 429 storm. */
  readonly throttled: { readonly total: number; readonly rateLimit: number; readonly fault: number }
  /** Accepted PUTs and PATCHes that left the listing exactly as it was. */
  readonly unchangedWrites: number
  /** Answers replaced by an injected 5xx. */
  readonly faultsInjected: number
  /** Listings Items submissions by their `status`. */
  readonly submissions: { readonly ACCEPTED: number; readonly INVALID: number; readonly VALID: number }
}

/** Counts calls, throttles, injected faults and submission outcomes for `/_sim/stats` and `/metrics`. */
export class SimStats {
  private calls: Record<string, Record<string, number>> = {}
  private throttled = { total: 0, rateLimit: 0, fault: 0 }
  private unchangedWrites = 0
  private faultsInjected = 0
  private submissions = { ACCEPTED: 0, INVALID: 0, VALID: 0 }
  private readonly requestsMetric: Counter<'operation' | 'status'>
  private readonly submissionsMetric: Counter<'status'>

  constructor(metrics: Registry) {
    this.requestsMetric = new Counter({ name: 'listing_sync_simulator_requests_total', help: 'Simulator calls by operation and status', labelNames: ['operation', 'status'], registers: [metrics] })
    this.submissionsMetric = new Counter({ name: 'listing_sync_simulator_submissions_total', help: 'Listings Items submissions by status', labelNames: ['status'], registers: [metrics] })
  }

  /** Records one answered call. */
  call(operation: string, status: number): void {
    const byStatus = (this.calls[operation] ??= {})
    byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1
    this.requestsMetric.inc({ operation, status: String(status) })
  }

  /** Records one 429. */
  throttle(cause: ThrottleCause): void {
    this.throttled.total++
    if (cause === 'rate-limit') this.throttled.rateLimit++
    else this.throttled.fault++
  }

  /** Records one answer replaced by an injected 5xx. */
  fault(): void {
    this.faultsInjected++
  }

  /** Records an accepted write that left the listing exactly as it was (a duplicate write). */
  unchangedWrite(): void {
    this.unchangedWrites++
  }

  /** Records one submission outcome. */
  submission(status: 'ACCEPTED' | 'INVALID' | 'VALID'): void {
    this.submissions[status]++
    this.submissionsMetric.inc({ status })
  }

  snapshot(): SimStatsSnapshot {
    return {
      calls: Object.fromEntries(Object.entries(this.calls).map(([operation, byStatus]) => [operation, { ...byStatus }])),
      throttled: { ...this.throttled },
      unchangedWrites: this.unchangedWrites,
      faultsInjected: this.faultsInjected,
      submissions: { ...this.submissions },
    }
  }

  /** Zeroes the `/_sim/stats` counters (Prometheus counters only ever grow). */
  reset(): void {
    this.calls = {}
    this.throttled = { total: 0, rateLimit: 0, fault: 0 }
    this.unchangedWrites = 0
    this.faultsInjected = 0
    this.submissions = { ACCEPTED: 0, INVALID: 0, VALID: 0 }
  }
}
