import type { ListingUpdate } from '../../delivery/marketplace-adapter.js'
import { b2bPayload } from './b2b-payload.js'

/** Where a SKU's product stands, from what this replica has seen. */
type ProductStep =
  /** OF24 said the product does not exist: P41 creates it next. */
  | { readonly step: 'needed' }
  /** In P41 import `importId`, line `line` of its file: a retry follows that import instead of sending another. */
  | { readonly step: 'importing'; readonly importId: number; readonly line: number }
  /** Integrated by P41 import `importId` for the update `eventId`: its offer goes out with OF24 next. */
  | { readonly step: 'created'; readonly importId: number; readonly eventId: string }

/**
 * The SKUs whose product Mirakl does not have yet, on their way through P41 to their offer. Only
 * SKUs on that way are held (a SKU leaves once its offer is accepted or deleted), in memory: a
 * replica that takes over a partition learns the same from its first OF24 call.
 */
export class ProductCreations {
  private readonly skus = new Map<string, ProductStep>()

  /** Whether the update's next call is P41: its product is missing, and the manifest maps one. */
  needsImport(update: ListingUpdate): boolean {
    const step = this.skus.get(update.sku)?.step
    return (step === 'needed' || step === 'importing') && update.action === 'UPSERT' && b2bPayload(update).product !== undefined
  }

  /** The P41 import the SKU's product is in, with its line in that import's file. */
  importing(sku: string): { importId: number; line: number } | undefined {
    const state = this.skus.get(sku)
    return state?.step === 'importing' ? state : undefined
  }

  /** The P41 import that created the product of this very update (not of an older one of the SKU). */
  createdFor(update: ListingUpdate): number | undefined {
    const state = this.skus.get(update.sku)
    return state?.step === 'created' && state.eventId === update.sourceEventId ? state.importId : undefined
  }

  markNeeded(sku: string): void {
    this.skus.set(sku, { step: 'needed' })
  }

  markImporting(sku: string, importId: number, line: number): void {
    this.skus.set(sku, { step: 'importing', importId, line })
  }

  markCreated(update: ListingUpdate, importId: number): void {
    this.skus.set(update.sku, { step: 'created', importId, eventId: update.sourceEventId })
  }

  /** The SKU's offer is on Mirakl (or deleted): nothing more to do for its product. */
  forget(sku: string): void {
    this.skus.delete(sku)
  }
}
