import { setTimeout as sleep } from 'node:timers/promises'
import { parse } from 'csv-parse/sync'
import type { Logger } from '@listing-sync/observability'
import { HttpClient, type HttpResponse } from '@listing-sync/service'

/** Where and as which shop the Mirakl seller API is called. */
export interface MiraklClientOptions {
  readonly baseUrl: string
  /** Sent as it is in Authorization (Mirakl takes the raw key, no "Bearer"). */
  readonly apiKey: string
  /** When the key covers several shops. */
  readonly shopId?: number
  readonly log: Logger
}

/** When an import's status is read: a first look after `firstMs`, then every `intervalMs`. */
export interface ImportPolling {
  readonly firstMs: number
  readonly intervalMs: number
}

/** Offer imports (OF24, OF02, OF03) or product imports (P41, P42, P44): the same paths under each. */
export type ImportKind = 'offers' | 'products'

/** The answer of OF24 and P41. */
export interface ImportCreated {
  readonly import_id?: number
}

/** Looks at an import's status before giving up on it (an hour at Mirakl's once a minute). */
const MAX_LOOKS = 60
/** The longest a wait goes without a heartbeat to the consumer group. */
const KEEP_ALIVE_MS = 3000

/**
 * The Mirakl seller API calls the B2B adapter makes; the only part of it that touches the network.
 * Creating an import answers the HTTP response (network failures throw); following one and reading
 * its error report answer undefined when the marketplace could not tell.
 */
export class MiraklClient {
  private readonly http: HttpClient
  private readonly query: Readonly<Record<string, number>>

  constructor(options: MiraklClientOptions) {
    this.http = new HttpClient({ baseUrl: options.baseUrl, log: options.log.child({ component: 'mirakl' }), headers: { authorization: options.apiKey } })
    this.query = options.shopId === undefined ? {} : { shop_id: options.shopId }
  }

  /**
   * OF24: offers created, updated or deleted, each line with every field (omitted ones reset);
   * `traceIds` are the event ids of the changes the call carries, logged as its `trace.id`.
   */
  createOfferImport(offers: readonly unknown[], traceIds?: readonly string[]): Promise<HttpResponse<ImportCreated>> {
    return this.http.request<ImportCreated>('POST', '/api/offers', { query: this.query, body: { offers }, traceId: traceIds })
  }

  /** P41: a product file, sent as the multipart part `file`; `traceIds` as for OF24. */
  createProductImport(csv: string, filename: string, traceIds?: readonly string[]): Promise<HttpResponse<ImportCreated>> {
    const form = new FormData()
    form.set('file', new Blob([csv], { type: 'text/csv' }), filename)
    return this.http.request<ImportCreated>('POST', '/api/products/imports', { query: this.query, multipart: form, traceId: traceIds })
  }

  /**
   * The import's status (OF02, P42) once `isFinal` says it changes no more, waiting between looks
   * as Mirakl allows (once a minute per import; longer when a 429 says so) and heartbeating
   * meanwhile; undefined when it is not final after {@link MAX_LOOKS} looks.
   */
  async followImport<Status>(kind: ImportKind, importId: number, isFinal: (status: Status) => boolean, polling: ImportPolling, keepAlive: () => Promise<void>): Promise<Status | undefined> {
    let wait = polling.firstMs
    for (let look = 0; look < MAX_LOOKS; look++) {
      await waitAlive(wait, keepAlive)
      let response: HttpResponse<Status>
      try {
        response = await this.http.request<Status>('GET', `/api/${kind}/imports/${importId}`, { query: this.query })
      } catch {
        wait = polling.intervalMs
        continue
      }
      if (response.status === 200 && isFinal(response.body)) return response.body
      wait = response.status === 429 ? (retryAfterMs(response) ?? polling.intervalMs) : polling.intervalMs
    }
    return undefined
  }

  /**
   * The rejected lines of an import (OF03, P44): Mirakl's CSV (`;`-separated, quoted) as rows by
   * column name; none when there is no report (404), undefined when it could not be read.
   */
  async errorReport(kind: ImportKind, importId: number): Promise<Record<string, string>[] | undefined> {
    let response: HttpResponse<string>
    try {
      response = await this.http.request<string>('GET', `/api/${kind}/imports/${importId}/error_report`, { query: this.query, headers: { accept: 'application/octet-stream, text/csv' } })
    } catch {
      return undefined
    }
    if (response.status === 404) return []
    if (response.status !== 200) return undefined
    return parse<Record<string, string>>(String(response.body), { columns: true, delimiter: ';', bom: true, skip_empty_lines: true, relax_column_count: true })
  }
}

/** Retry-After in seconds, as milliseconds. */
export function retryAfterMs(response: HttpResponse<unknown>): number | undefined {
  const seconds = Number(response.headers.get('retry-after'))
  return Number.isFinite(seconds) && seconds >= 0 && response.headers.has('retry-after') ? seconds * 1000 : undefined
}

/** Waits `ms`, calling `keepAlive` at least every few seconds so the consumer keeps its partitions. */
async function waitAlive(ms: number, keepAlive: () => Promise<void>): Promise<void> {
  for (let left = ms; left > 0; left -= KEEP_ALIVE_MS) {
    await sleep(Math.min(left, KEEP_ALIVE_MS))
    await keepAlive()
  }
}
