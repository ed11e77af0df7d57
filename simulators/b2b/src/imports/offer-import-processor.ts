import { isDeepStrictEqual } from 'node:util'
import type { FaultInjector } from '../fault-injector.js'
import type { MarketplaceConfig } from '../marketplace/marketplace-config.js'
import { parseOfferLine } from '../marketplace/offer-line.js'
import { offerContent, type MarketplaceState, type StoredOffer } from '../marketplace/shop-catalog.js'
import { offerErrorReport, type RejectedOfferLine } from '../reports/offer-error-report.js'
import type { OfferImport, OfferImportResult } from './import-types.js'

/** What applying OF24 lines needs. */
export interface OfferImportProcessorOptions {
  readonly state: MarketplaceState
  readonly config: MarketplaceConfig
  readonly faults: FaultInjector
  /** Whether an offer's product must exist (imported with P41) for the line to be accepted. */
  readonly offersRequireProduct: boolean
}

/**
 * Applies an OF24 import line by line. A line with any problem is rejected and changes nothing;
 * a valid line replaces the offer with exactly what it sent (OF24 resets every field it omits),
 * keeping the offer's id and, when omitted, its product reference; `update_delete: "delete"`
 * removes the offer.
 */
export class OfferImportProcessor {
  constructor(private readonly options: OfferImportProcessorOptions) {}

  process(offerImport: OfferImport, at: number): OfferImportResult {
    const { state, config, faults, offersRequireProduct } = this.options
    const catalog = state.shop(offerImport.shopId)
    const requiredAdditionalFields = faults.requiredAttributesAt(at, 'offer')
    const timestamp = new Date(at).toISOString()
    const rejected: RejectedOfferLine[] = []
    const seen = new Set<string>()
    let inserted = 0
    let updated = 0
    let unchanged = 0
    let deleted = 0

    offerImport.offers.forEach((raw, index) => {
      const reject = (errors: readonly string[]) => rejected.push({ line: index + 2, raw, errors })
      const parsed = parseOfferLine(raw, { config, requiredAdditionalFields, exists: (shopSku) => catalog.offers.has(shopSku) })
      if (parsed.errors) return reject(parsed.errors)
      const { line } = parsed
      if (seen.has(line.shopSku)) return reject([`The offer '${line.shopSku}' appears more than once in this import`])
      seen.add(line.shopSku)
      const existing = catalog.offers.get(line.shopSku)

      if (line.kind === 'delete') {
        if (!existing) return reject([`The offer '${line.shopSku}' does not exist and cannot be deleted`])
        catalog.offers.delete(line.shopSku)
        deleted++
        return
      }
      const productId = line.fields.product_id ?? existing?.product_id
      const productIdType = line.fields.product_id_type ?? existing?.product_id_type
      if (productId === undefined || productIdType === undefined) return reject([`The field 'product_id' is required`])
      // The message of Mirakl's own OF03 example.
      if (offersRequireProduct && !catalog.findProduct(productIdType, productId)) return reject(['The product does not exist'])
      const offer: StoredOffer = {
        ...line.fields,
        product_id: productId,
        product_id_type: productIdType,
        offer_id: existing?.offer_id ?? state.newOfferId(),
        date_created: existing?.date_created ?? timestamp,
        last_updated: timestamp,
        import_id: offerImport.importId,
      }
      catalog.offers.set(line.shopSku, offer)
      if (existing) {
        updated++
        if (isDeepStrictEqual(offerContent(existing), offerContent(offer))) unchanged++
      } else inserted++
    })

    const linesRead = offerImport.offers.length
    return {
      status: 'COMPLETE',
      linesRead,
      linesInSuccess: linesRead - rejected.length,
      linesInError: rejected.length,
      inserted,
      updated,
      unchanged,
      deleted,
      ...(rejected.length > 0 ? { errorReport: offerErrorReport(rejected) } : {}),
    }
  }
}
