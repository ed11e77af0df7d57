import type { RateLimit } from '../pacing/token-bucket.js'

/** A decoded `listing.<mkt>.v1` record (schemas/listing/listing-update.avsc). */
export interface ListingUpdate {
  readonly marketplace: string
  readonly sku: string
  readonly action: 'UPSERT' | 'DELETE'
  readonly productType: string | null
  readonly payloadJson: string | null
  readonly payloadHash: string | null
  readonly sourceEventId: string
  readonly magentoUpdatedAt: Date
  readonly manifestVersion: string
  readonly mappedAt: Date
}

/** One reason a marketplace gave (an Amazon issue, a Mirakl error line, an HTTP error). */
export interface DeliveryReason {
  readonly code: string
  readonly message: string
  readonly attribute?: string | null
}

/** What became of one update in one call. */
export type DeliveryOutcome =
  /** Taken by the marketplace; `reference` is its submission or import id. */
  | { readonly sku: string; readonly status: 'accepted'; readonly reference: string | null }
  /** Refused for good (validation, 4xx): the update goes to the dead-letter topic. */
  | { readonly sku: string; readonly status: 'rejected'; readonly errorClass: string; readonly reasons: readonly DeliveryReason[] }
  /** Failed for now (429, 5xx, network): retried after `retryAfterMs` or a backoff. */
  | { readonly sku: string; readonly status: 'retry'; readonly errorClass: string; readonly message: string; readonly retryAfterMs?: number }

/** The answer to one call: an outcome per update, and what the response said about the limit. */
export interface DeliveryResult {
  readonly outcomes: readonly DeliveryOutcome[]
  /** Calls a second the marketplace says it applies to the operation (x-amzn-RateLimit-Limit). */
  readonly observedRate?: number
}

/**
 * One marketplace's API, as the dispatcher uses it. The dispatcher decides when to call (order,
 * coalescing, pacing, retries, dead letters); the adapter knows how (endpoints, auth, payload
 * shapes, which answers are permanent and which transient).
 */
export interface MarketplaceAdapter {
  readonly marketplace: string
  /** Official limits per operation, the defaults of the rate budget. */
  readonly limits: Readonly<Record<string, RateLimit>>
  /** The most updates one call carries: 1 for one call per listing, more for batch APIs (OF24). */
  readonly batchSize: number
  /** The operation an update needs; updates of one call share it. */
  operation(update: ListingUpdate): string
  /**
   * How many calls of `operation` one delivery of the update makes (1 when absent), so the
   * dispatcher takes that many tokens of the operation's budget before `deliver` — e.g. an Amazon
   * validation preview ahead of the real PUT.
   */
  callsFor?(update: ListingUpdate, operation: string): number
  /** Makes one call for the updates (all of one operation). Transient failures are outcomes, not throws. */
  deliver(updates: readonly ListingUpdate[], operation: string, keepAlive: () => Promise<void>): Promise<DeliveryResult>
}
