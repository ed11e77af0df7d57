import { createHash } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import type { Logger } from '@listing-sync/observability'
import { HttpClient, type HttpResponse } from '@listing-sync/service'
import { LwaError, LwaTokens, type LwaCredentials } from '@listing-sync/sp-api'
import type { DeliveryOutcome, DeliveryReason, DeliveryResult, ListingUpdate, MarketplaceAdapter } from '../../delivery/marketplace-adapter.js'

/** Where and as whom the adapter calls the Selling Partner API. */
export interface AmazonAdapterOptions {
  /** The marketplace id of listing-sync (topics listing.<id>.*), usually 'amazon'. */
  readonly marketplace: string
  readonly endpoint: string
  readonly lwaTokenUrl: string
  readonly credentials: LwaCredentials
  readonly sellerId: string
  /** Amazon marketplace, e.g. ATVPDKIKX0DER (amazon.com). */
  readonly marketplaceId: string
  /**
   * PUT a new listing with `mode=VALIDATION_PREVIEW` first and make the real PUT only if Amazon
   * finds it VALID (one more putListingsItem call per new listing). Off by default.
   */
  readonly validationPreview?: boolean
  readonly log: Logger
}

/** Attributes a price or stock change touches; a listing differing only in them is PATCHed. */
const OFFER_ATTRIBUTES = ['purchasable_offer', 'fulfillment_availability'] as const

interface ListingsPayload {
  productType: string
  requirements?: string
  attributes: Record<string, unknown>
}

interface SubmissionResponse {
  sku?: string
  status?: 'ACCEPTED' | 'INVALID' | 'VALID'
  submissionId?: string
  issues?: { code: string; message: string; severity: string; attributeNames?: string[] }[]
}

/**
 * Listings Items API 2021-08-01: putListingsItem for new or changed content, patchListingsItem
 * when only price and stock changed since the last accepted PUT, deleteListingsItem for deletes.
 * One call per listing, two for a new one under `validationPreview` (a preview PUT, then the real
 * one), with the official per-operation limits as the budget's defaults.
 */
export class AmazonAdapter implements MarketplaceAdapter {
  readonly marketplace: string
  readonly limits = {
    putListingsItem: { rate: 5, burst: 10 },
    patchListingsItem: { rate: 5, burst: 5 },
    deleteListingsItem: { rate: 5, burst: 5 },
  }
  readonly batchSize = 1
  private readonly http: HttpClient
  private readonly tokens: LwaTokens
  /** Per SKU, the hash of the last accepted listing without its offer attributes. */
  private readonly contentHashes = new LRUCache<string, string>({ max: 500_000 })

  constructor(private readonly options: AmazonAdapterOptions) {
    this.marketplace = options.marketplace
    this.http = new HttpClient({ baseUrl: options.endpoint, log: options.log.child({ component: 'sp-api' }) })
    this.tokens = new LwaTokens(options.lwaTokenUrl, options.credentials, options.log)
  }

  operation(update: ListingUpdate): string {
    if (update.action === 'DELETE') return 'deleteListingsItem'
    const last = this.contentHashes.get(update.sku)
    return last !== undefined && last === contentHash(parsePayload(update)) ? 'patchListingsItem' : 'putListingsItem'
  }

  callsFor(update: ListingUpdate, operation: string): number {
    return this.previews(update, operation) ? 2 : 1
  }

  async deliver(updates: readonly ListingUpdate[], operation: string): Promise<DeliveryResult> {
    const update = updates[0]!
    let token: string
    try {
      token = await this.tokens.token()
    } catch (error) {
      const lwa = error instanceof LwaError ? error : new LwaError((error as Error).message, undefined, true)
      return { outcomes: [{ sku: update.sku, status: 'retry', errorClass: `lwa-${lwa.status ?? 'network'}`, message: lwa.message }] }
    }
    const path = `/listings/2021-08-01/items/${encodeURIComponent(this.options.sellerId)}/${encodeURIComponent(update.sku)}`
    const query = { marketplaceIds: this.options.marketplaceId, issueLocale: 'en_US' }
    const headers = { 'x-amz-access-token': token }
    const traceId = update.sourceEventId
    let response: HttpResponse<unknown>
    try {
      if (this.previews(update, operation)) {
        // Amazon validates the listing and stores nothing. An INVALID answer, or a failure, is the
        // delivery's outcome (rejected with the issues, or retry) and no real PUT is made.
        response = await this.http.request('PUT', path, { query: { ...query, includedData: 'issues', mode: 'VALIDATION_PREVIEW' }, headers, body: parsePayload(update), traceId })
        if (response.status !== 200 || (response.body as SubmissionResponse).status === 'INVALID') return this.result(update, operation, response)
      }
      if (operation === 'deleteListingsItem') {
        response = await this.http.request('DELETE', path, { query, headers, traceId })
      } else {
        const payload = parsePayload(update)
        const body = operation === 'patchListingsItem' ? patchBody(payload) : payload
        response = await this.http.request(operation === 'patchListingsItem' ? 'PATCH' : 'PUT', path, { query: { ...query, includedData: 'issues' }, headers, body, traceId })
      }
    } catch (error) {
      return { outcomes: [{ sku: update.sku, status: 'retry', errorClass: 'network', message: (error as Error).message }] }
    }
    return this.result(update, operation, response)
  }

  /**
   * Whether the update is previewed first: a PUT of a SKU with no accepted PUT in this process.
   * Asking Amazon (getListingsItem, 404 = new) would add a call for every such SKU to save a
   * preview only for those already listed, and a preview there does no harm.
   */
  private previews(update: ListingUpdate, operation: string): boolean {
    return this.options.validationPreview === true && operation === 'putListingsItem' && !this.contentHashes.has(update.sku)
  }

  private result(update: ListingUpdate, operation: string, response: HttpResponse<unknown>): DeliveryResult {
    const limit = Number(response.headers.get('x-amzn-ratelimit-limit'))
    return { outcomes: [this.outcome(update, operation, response)], ...(limit > 0 ? { observedRate: limit } : {}) }
  }

  private outcome(update: ListingUpdate, operation: string, response: HttpResponse<unknown>): DeliveryOutcome {
    const { status } = response
    const sku = update.sku
    if (status === 200) {
      const body = response.body as SubmissionResponse
      if (body.status === 'INVALID') {
        const errors = (body.issues ?? []).filter((issue) => issue.severity === 'ERROR')
        return { sku, status: 'rejected', errorClass: 'INVALID', reasons: (errors.length > 0 ? errors : body.issues ?? []).map(issueReason) }
      }
      if (operation === 'deleteListingsItem') this.contentHashes.delete(sku)
      else if (operation === 'putListingsItem') this.contentHashes.set(sku, contentHash(parsePayload(update)))
      return { sku, status: 'accepted', reference: body.submissionId ?? null }
    }
    // Deleting what is not there has the outcome a delete wants.
    if (status === 404 && operation === 'deleteListingsItem') return { sku, status: 'accepted', reference: null }
    const reasons = errorReasons(response.body, status)
    const message = reasons.map((reason) => `${reason.code}: ${reason.message}`).join('; ')
    if (status === 403) {
      // An expired or revoked token: the next attempt gets a new one.
      this.tokens.invalidate()
      return { sku, status: 'retry', errorClass: 'http-403', message }
    }
    // 429 carries no Retry-After on Amazon: the dispatcher backs off with jitter.
    if (status === 429 || status >= 500) return { sku, status: 'retry', errorClass: `http-${status}`, message }
    return { sku, status: 'rejected', errorClass: `http-${status}`, reasons }
  }
}

function parsePayload(update: ListingUpdate): ListingsPayload {
  return JSON.parse(update.payloadJson ?? '{}') as ListingsPayload
}

/** Hash of the listing with the offer attributes left out: equal means only price or stock changed. */
function contentHash(payload: ListingsPayload): string {
  const attributes = { ...payload.attributes }
  for (const name of OFFER_ATTRIBUTES) delete attributes[name]
  return createHash('sha256').update(JSON.stringify({ ...payload, attributes })).digest('hex')
}

/** A PATCH replacing the offer attributes (top-level attributes only, values as arrays, per the model). */
function patchBody(payload: ListingsPayload) {
  return {
    productType: payload.productType,
    patches: OFFER_ATTRIBUTES.filter((name) => payload.attributes[name] !== undefined).map((name) => ({ op: 'replace', path: `/attributes/${name}`, value: payload.attributes[name] })),
  }
}

function issueReason(issue: { code: string; message: string; attributeNames?: string[] }): DeliveryReason {
  return { code: issue.code, message: issue.message, attribute: issue.attributeNames?.[0] ?? null }
}

/** The ErrorList of an SP-API error answer, or the status when the body is not one. */
function errorReasons(body: unknown, status: number): DeliveryReason[] {
  const errors = (body as { errors?: { code?: string; message?: string; details?: string }[] } | undefined)?.errors
  if (Array.isArray(errors) && errors.length > 0) return errors.map((error) => ({ code: error.code ?? `http-${status}`, message: [error.message, error.details].filter(Boolean).join(' — ') || `HTTP ${status}` }))
  return [{ code: `http-${status}`, message: typeof body === 'string' && body !== '' ? body.slice(0, 500) : `HTTP ${status}` }]
}
