import type { DeliveryOutcome, DeliveryResult, ListingUpdate } from '../../delivery/marketplace-adapter.js'
import { b2bPayload } from './b2b-payload.js'
import type { ImportPolling, MiraklClient } from './mirakl-client.js'
import { allRejected, allRetry, startImport } from './mirakl-outcomes.js'
import type { ProductCreations } from './product-creations.js'
import { productFile } from './product-file.js'

/** P42 statuses after which a product import changes no more. */
const FINAL = new Set(['COMPLETE', 'FAILED', 'CANCELLED', 'TRANSFORMATION_FAILED'])
/** Final statuses that say the file itself was refused: no product of it can be created as it is. */
const REFUSED = new Set(['FAILED', 'TRANSFORMATION_FAILED'])

interface ProductImportStatus {
  import_status?: string
  has_error_report?: boolean
  reason_status?: string
}

/**
 * Creates the products of offers Mirakl refused for want of them: one P41 file with the products of
 * every update of the call (the manifest's `product` object: attribute code → value), the import
 * followed with P42 to its end, and the lines of its non-integrated products report (P44) refusing
 * their SKUs with Mirakl's reasons. A SKU whose product was integrated answers `retry` at once:
 * its next call is OF24 again, which now finds the product. A SKU already in an import (the call
 * that sent it was cut short) has that import followed rather than sent again.
 */
export class ProductImporter {
  constructor(
    private readonly client: MiraklClient,
    private readonly creations: ProductCreations,
    private readonly polling: ImportPolling,
  ) {}

  async deliver(updates: readonly ListingUpdate[], keepAlive: () => Promise<void>): Promise<DeliveryResult> {
    const imports = new Map<number, ListingUpdate[]>()
    const fresh: ListingUpdate[] = []
    for (const update of updates) {
      const pending = this.creations.importing(update.sku)
      if (pending === undefined) fresh.push(update)
      else imports.set(pending.importId, [...(imports.get(pending.importId) ?? []), update])
    }
    const outcomes: DeliveryOutcome[] = []
    if (fresh.length > 0) {
      const csv = productFile(fresh.map((update) => b2bPayload(update).product ?? {}))
      const started = await startImport(fresh, () => this.client.createProductImport(csv, `listing-sync-products-${Date.now()}.csv`, fresh.map((update) => update.sourceEventId)))
      if ('failed' in started) outcomes.push(...started.failed)
      else {
        fresh.forEach((update, index) => this.creations.markImporting(update.sku, started.importId, index + 2))
        imports.set(started.importId, fresh)
      }
    }
    for (const [importId, group] of imports) outcomes.push(...(await this.follow(importId, group, keepAlive)))
    return { outcomes }
  }

  /** The outcomes of the updates whose products are in import `importId`, once it has ended. */
  private async follow(importId: number, updates: readonly ListingUpdate[], keepAlive: () => Promise<void>): Promise<DeliveryOutcome[]> {
    const status = await this.client.followImport<ProductImportStatus>('products', importId, (body) => FINAL.has(body.import_status ?? ''), this.polling, keepAlive)
    // Not final, or not readable: the SKUs stay in this import, and the retry looks at it again.
    if (status === undefined) return allRetry(updates, 'mirakl-import-unknown', `product import ${importId} status could not be read`)
    const ended = `product import ${importId} ended ${status.import_status}${status.reason_status ? `: ${status.reason_status}` : ''}`
    if (status.import_status !== 'COMPLETE') {
      for (const update of updates) this.creations.markNeeded(update.sku)
      return REFUSED.has(status.import_status ?? '') ? allRejected(updates, 'P41-failed', [{ code: 'P41', message: ended }]) : allRetry(updates, 'mirakl-import-cancelled', ended)
    }
    const rows = status.has_error_report ? await this.client.errorReport('products', importId) : []
    if (rows === undefined) return allRetry(updates, 'mirakl-error-report', `the error report of product import ${importId} could not be read`)
    const errors = new Map(rows.map((row) => [row['error-line'] ?? '', row['error-message'] ?? 'not integrated, without a message']))
    return updates.map((update): DeliveryOutcome => {
      const message = errors.get(String(this.creations.importing(update.sku)?.line))
      if (message === undefined) {
        this.creations.markCreated(update, importId)
        return { sku: update.sku, status: 'retry', errorClass: 'mirakl-product-created', message: `product created by P41 import ${importId}: the offer goes out with the next OF24`, retryAfterMs: 0 }
      }
      this.creations.markNeeded(update.sku)
      return { sku: update.sku, status: 'rejected', errorClass: 'P41-line', reasons: message.split('; ').map((part) => ({ code: 'P41', message: part, ...attributeOf(part) })) }
    })
  }
}

/** The manifest target a P44 message names ("The attribute 'brand' is required" → product.brand). */
function attributeOf(message: string): { attribute?: string } {
  const code = /\battribute '([^']+)'/i.exec(message)?.[1]
  return code === undefined ? {} : { attribute: `product.${code}` }
}
