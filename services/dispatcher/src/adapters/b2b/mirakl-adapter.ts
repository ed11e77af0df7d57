import { setTimeout as sleep } from 'node:timers/promises'
import { parse } from 'csv-parse/sync'
import type { Logger } from '@listing-sync/observability'
import { HttpClient, type HttpResponse } from '@listing-sync/service'
import type { DeliveryOutcome, DeliveryResult, ListingUpdate, MarketplaceAdapter } from '../../delivery/marketplace-adapter.js'

/** Where and as which shop the adapter calls the Mirakl seller API. */
export interface MiraklAdapterOptions {
  /** The marketplace id of listing-sync (topics listing.<id>.*), usually 'b2b'. */
  readonly marketplace: string
  readonly baseUrl: string
  readonly apiKey: string
  readonly shopId?: number
  /** First look at a new import's status (OF02); the import needs a moment before it is final. */
  readonly firstPollMs: number
  /** Later looks: Mirakl allows OF02 once a minute per import. */
  readonly pollIntervalMs: number
  readonly log: Logger
}

/** Statuses after which an offer import changes no more. */
const FINAL = new Set(['COMPLETE', 'FAILED', 'CANCELLED'])
/** The longest a wait goes without a heartbeat to the consumer group. */
const KEEP_ALIVE_MS = 3000

interface ImportStatus {
  status?: string
  has_error_report?: boolean
  lines_in_error?: number
  reason_status?: string
}

/**
 * Mirakl seller API, OF24: every pending offer of the shop in one call, each with all its fields
 * (Mirakl resets an omitted field: a missing quantity becomes 0), a delete as
 * `update_delete: "delete"`. The import is asynchronous: the adapter follows its import id (OF02)
 * to the end and reads the error report (OF03) to give each SKU its own outcome.
 */
export class MiraklAdapter implements MarketplaceAdapter {
  readonly marketplace: string
  /** "Maximum usage: once per minute" per shop: no burst, so replicas take turns by slot. */
  readonly limits = { OF24: { rate: 1 / 60, burst: 1 } }
  readonly batchSize = 10_000
  private readonly http: HttpClient

  constructor(private readonly options: MiraklAdapterOptions) {
    this.marketplace = options.marketplace
    this.http = new HttpClient({ baseUrl: options.baseUrl, log: options.log.child({ component: 'mirakl' }), headers: { authorization: options.apiKey } })
  }

  operation(): string {
    return 'OF24'
  }

  async deliver(updates: readonly ListingUpdate[], _operation: string, keepAlive: () => Promise<void>): Promise<DeliveryResult> {
    const offers = updates.map((update) => (update.action === 'DELETE' ? { shop_sku: update.sku, update_delete: 'delete' } : (JSON.parse(update.payloadJson ?? '{}') as { offer: unknown }).offer))
    const query: Record<string, number> = this.options.shopId === undefined ? {} : { shop_id: this.options.shopId }
    let created: HttpResponse<{ import_id?: number }>
    try {
      created = await this.http.request('POST', '/api/offers', { query, body: { offers } })
    } catch (error) {
      return allRetry(updates, 'network', (error as Error).message)
    }
    if (created.status !== 201 && created.status !== 200) return this.failedCall(updates, created)
    const importId = created.body.import_id
    if (importId === undefined) return allRetry(updates, 'mirakl-no-import-id', 'OF24 answered without an import_id')

    const status = await this.followImport(importId, query, keepAlive)
    if (status === undefined) return allRetry(updates, 'mirakl-import-unknown', `import ${importId} status could not be read`)
    if (status.status !== 'COMPLETE') return allRetry(updates, 'mirakl-import-failed', `import ${importId} ended ${status.status}${status.reason_status ? `: ${status.reason_status}` : ''}`)
    const errors = status.has_error_report ? await this.lineErrors(importId, query) : new Map<string, string>()
    if (errors === undefined) return allRetry(updates, 'mirakl-error-report', `the error report of import ${importId} could not be read`)
    return {
      outcomes: updates.map((update): DeliveryOutcome => {
        const message = errors.get(update.sku)
        // Deleting an offer that is not there leaves the shop as the delete wants it.
        if (message === undefined || (update.action === 'DELETE' && /does not exist/i.test(message))) return { sku: update.sku, status: 'accepted', reference: String(importId) }
        return { sku: update.sku, status: 'rejected', errorClass: 'OF24-line', reasons: message.split('; ').map((part) => ({ code: 'OF24', message: part })) }
      }),
    }
  }

  /** The import's final status (OF02), waiting between looks as Mirakl allows, heartbeating meanwhile. */
  private async followImport(importId: number, query: Record<string, number>, keepAlive: () => Promise<void>): Promise<ImportStatus | undefined> {
    let wait = this.options.firstPollMs
    for (let look = 0; look < 60; look++) {
      await waitAlive(wait, keepAlive)
      let response: HttpResponse<ImportStatus>
      try {
        response = await this.http.request<ImportStatus>('GET', `/api/offers/imports/${importId}`, { query })
      } catch {
        wait = this.options.pollIntervalMs
        continue
      }
      if (response.status === 200 && FINAL.has(response.body.status ?? '')) return response.body
      wait = response.status === 429 ? retryAfterMs(response) ?? this.options.pollIntervalMs : this.options.pollIntervalMs
    }
    return undefined
  }

  /** SKU → error message of every rejected line, from the OF03 CSV (`;`-separated, quoted). */
  private async lineErrors(importId: number, query: Record<string, number>): Promise<Map<string, string> | undefined> {
    let response: HttpResponse<string>
    try {
      response = await this.http.request<string>('GET', `/api/offers/imports/${importId}/error_report`, { query, headers: { accept: 'application/octet-stream, text/csv' } })
    } catch {
      return undefined
    }
    if (response.status === 404) return new Map()
    if (response.status !== 200) return undefined
    const rows = parse<Record<string, string>>(String(response.body), { columns: true, delimiter: ';', bom: true, skip_empty_lines: true, relax_column_count: true })
    return new Map(rows.map((row) => [row.sku ?? '', row['error-message'] ?? 'rejected without a message']))
  }

  private failedCall(updates: readonly ListingUpdate[], response: HttpResponse<unknown>): DeliveryResult {
    const message = describe(response)
    const { status } = response
    if (status === 429) return allRetry(updates, 'http-429', message, retryAfterMs(response))
    // 401/403: the key or the shop is wrong, which no listing can fix; retried, then dead-lettered visibly.
    if (status >= 500 || status === 401 || status === 403) return allRetry(updates, `http-${status}`, message, retryAfterMs(response))
    return { outcomes: updates.map((update) => ({ sku: update.sku, status: 'rejected', errorClass: `http-${status}`, reasons: [{ code: `http-${status}`, message }] })) }
  }
}

function allRetry(updates: readonly ListingUpdate[], errorClass: string, message: string, retryAfter?: number): DeliveryResult {
  return { outcomes: updates.map((update) => ({ sku: update.sku, status: 'retry', errorClass, message, ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }) })) }
}

/** Retry-After in seconds, as milliseconds. */
function retryAfterMs(response: HttpResponse<unknown>): number | undefined {
  const seconds = Number(response.headers.get('retry-after'))
  return Number.isFinite(seconds) && seconds >= 0 && response.headers.has('retry-after') ? seconds * 1000 : undefined
}

function describe(response: HttpResponse<unknown>): string {
  const body = response.body
  if (typeof body === 'string') return `HTTP ${response.status}: ${body.slice(0, 300)}`
  const message = (body as { message?: unknown } | null)?.message
  return `HTTP ${response.status}: ${typeof message === 'string' ? message : JSON.stringify(body).slice(0, 300)}`
}

/** Waits `ms`, calling `keepAlive` at least every few seconds so the consumer keeps its partitions. */
async function waitAlive(ms: number, keepAlive: () => Promise<void>): Promise<void> {
  for (let left = ms; left > 0; left -= KEEP_ALIVE_MS) {
    await sleep(Math.min(left, KEEP_ALIVE_MS))
    await keepAlive()
  }
}
