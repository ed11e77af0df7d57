import type { HttpResponse } from '@listing-sync/service'
import type { DeliveryOutcome, DeliveryReason, ListingUpdate } from '../../delivery/marketplace-adapter.js'
import { retryAfterMs, type ImportCreated } from './mirakl-client.js'

/** The same transient outcome for every update. */
export function allRetry(updates: readonly ListingUpdate[], errorClass: string, message: string, retryAfter?: number): DeliveryOutcome[] {
  return updates.map((update) => ({ sku: update.sku, status: 'retry', errorClass, message, ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }) }))
}

/** The same refusal for every update. */
export function allRejected(updates: readonly ListingUpdate[], errorClass: string, reasons: readonly DeliveryReason[]): DeliveryOutcome[] {
  return updates.map((update) => ({ sku: update.sku, status: 'rejected', errorClass, reasons }))
}

/**
 * Creates an import (OF24, P41) for the updates: its id, or the outcomes of a call that failed. A
 * 429, a 5xx, a network failure, a 401 or 403 (the key or shop is wrong, which no listing can fix:
 * retried, then dead-lettered visibly) and an answer without an import id are transient; any other
 * 4xx refuses every update.
 */
export async function startImport(updates: readonly ListingUpdate[], create: () => Promise<HttpResponse<ImportCreated>>): Promise<{ importId: number } | { failed: DeliveryOutcome[] }> {
  let response: HttpResponse<ImportCreated>
  try {
    response = await create()
  } catch (error) {
    return { failed: allRetry(updates, 'network', (error as Error).message) }
  }
  const { status } = response
  if (status === 200 || status === 201) {
    const importId = response.body.import_id
    return importId === undefined ? { failed: allRetry(updates, 'mirakl-no-import-id', 'the import was created without an import_id') } : { importId }
  }
  const message = describe(response)
  if (status === 429 || status >= 500 || status === 401 || status === 403) return { failed: allRetry(updates, `http-${status}`, message, retryAfterMs(response)) }
  return { failed: allRejected(updates, `http-${status}`, [{ code: `http-${status}`, message }]) }
}

function describe(response: HttpResponse<unknown>): string {
  const body = response.body
  if (typeof body === 'string') return `HTTP ${response.status}: ${body.slice(0, 300)}`
  const message = (body as { message?: unknown } | null)?.message
  return `HTTP ${response.status}: ${typeof message === 'string' ? message : JSON.stringify(body).slice(0, 300)}`
}
