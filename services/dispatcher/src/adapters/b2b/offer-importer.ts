import type { DeliveryOutcome, DeliveryResult, ListingUpdate } from '../../delivery/marketplace-adapter.js'
import { b2bPayload } from './b2b-payload.js'
import type { ImportPolling, MiraklClient } from './mirakl-client.js'
import { allRetry, startImport } from './mirakl-outcomes.js'
import type { ProductCreations } from './product-creations.js'

/** OF02 statuses after which an offer import changes no more. */
const FINAL = new Set(['COMPLETE', 'FAILED', 'CANCELLED'])

interface OfferImportStatus {
  status?: string
  has_error_report?: boolean
  reason_status?: string
}

/**
 * The OF24 line error of an offer whose product Mirakl does not have (the message of the OF03
 * example in Mirakl's seller spec). A line may carry several errors joined with "; ": only a line
 * that fails for this alone is helped by creating the product.
 */
function productMissing(message: string): boolean {
  return message.split('; ').every((part) => /\bproduct does not exist\b/i.test(part))
}

/**
 * Sends offers with OF24: every update of the call in one import, each offer complete (Mirakl resets
 * an omitted field: a missing quantity becomes 0), a delete as `update_delete: "delete"`; follows
 * the import (OF02) to its end and gives each SKU the outcome of its line in the error report (OF03).
 * A line refused because the product does not exist sends its SKU to P41 first when the manifest
 * maps a product ({@link ProductCreations}); without one, the line is refused like any other.
 */
export class OfferImporter {
  constructor(
    private readonly client: MiraklClient,
    private readonly creations: ProductCreations,
    private readonly polling: ImportPolling,
  ) {}

  async deliver(updates: readonly ListingUpdate[], keepAlive: () => Promise<void>): Promise<DeliveryResult> {
    const offers = updates.map((update) => (update.action === 'DELETE' ? { shop_sku: update.sku, update_delete: 'delete' } : b2bPayload(update).offer))
    const started = await startImport(updates, () => this.client.createOfferImport(offers, updates.map((update) => update.sourceEventId)))
    if ('failed' in started) return { outcomes: started.failed }
    const { importId } = started

    const status = await this.client.followImport<OfferImportStatus>('offers', importId, (body) => FINAL.has(body.status ?? ''), this.polling, keepAlive)
    if (status === undefined) return { outcomes: allRetry(updates, 'mirakl-import-unknown', `import ${importId} status could not be read`) }
    if (status.status !== 'COMPLETE') return { outcomes: allRetry(updates, 'mirakl-import-failed', `import ${importId} ended ${status.status}${status.reason_status ? `: ${status.reason_status}` : ''}`) }
    const rows = status.has_error_report ? await this.client.errorReport('offers', importId) : []
    if (rows === undefined) return { outcomes: allRetry(updates, 'mirakl-error-report', `the error report of import ${importId} could not be read`) }
    const errors = new Map(rows.map((row) => [row.sku ?? '', row['error-message'] ?? 'rejected without a message']))
    return { outcomes: updates.map((update) => this.outcome(update, importId, errors.get(update.sku))) }
  }

  private outcome(update: ListingUpdate, importId: number, message: string | undefined): DeliveryOutcome {
    const { sku } = update
    // Deleting an offer that is not there leaves the shop as the delete wants it.
    if (message === undefined || (update.action === 'DELETE' && /does not exist/i.test(message))) {
      const productImport = this.creations.createdFor(update)
      this.creations.forget(sku)
      return { sku, status: 'accepted', reference: productImport === undefined ? String(importId) : `${importId} (product created by P41 import ${productImport})` }
    }
    if (update.action === 'UPSERT' && productMissing(message)) {
      const productImport = this.creations.createdFor(update)
      // Integrated, yet not found: Mirakl may still be synchronising the new product; retried with backoff.
      if (productImport !== undefined) return { sku, status: 'retry', errorClass: 'mirakl-product-not-found', message: `the product created by P41 import ${productImport} is not found by OF24 yet (${message})` }
      if (b2bPayload(update).product !== undefined) {
        this.creations.markNeeded(sku)
        // At once: the P41 budget decides when the product goes out.
        return { sku, status: 'retry', errorClass: 'mirakl-product-missing', message: 'the product does not exist on Mirakl: it is created with P41 first', retryAfterMs: 0 }
      }
    }
    return { sku, status: 'rejected', errorClass: 'OF24-line', reasons: message.split('; ').map((part) => ({ code: 'OF24', message: part })) }
  }
}
