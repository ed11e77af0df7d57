import { parse } from 'csv-parse/sync'
import type { Logger } from '@listing-sync/observability'
import { HttpClient } from '@listing-sync/service'
import { loadMarketplaceConfig, offerContent, type MarketplaceConfig, type StoredOffer, type StoredProduct } from '@listing-sync/simulator-b2b'
import { productFile } from '../../services/dispatcher/src/adapters/b2b/product-file.js'
import { parseOfferLine } from '../../simulators/b2b/src/marketplace/offer-line.js'
import { listingDifferences, type ListingDifference, type MarketplaceListings } from './marketplace-listings.js'

/** Which shop of the B2B (Mirakl) simulator is listing-sync's. */
export interface B2bListingsScope {
  readonly url: string
  /** The dispatcher's B2B_SHOP_ID; the simulator's first shop when absent. */
  readonly shopId?: number
  /** The simulator's B2B_SIM_ATTRIBUTES_FILE, when it is not the default. */
  readonly attributesFile?: string
}

/** What the B2B manifest maps a product to: the OF24 offer and the P41 product line. */
interface B2bPayload {
  offer?: Record<string, unknown>
  product?: Record<string, unknown>
}

/**
 * The B2B simulator's offers and products of one shop (`GET /_sim/state`, one call for all). A
 * SKU is listed when the shop has its offer (deleting a listing is OF24 `update_delete: delete`;
 * the product stays in the catalog). The offer is compared with what an OF24 line of the expected
 * offer leaves, through the simulator's own OF24 line reader: every field is replaced, an omitted
 * one reset (quantity 0, allow_quote_requests false, lists emptied, the rest deleted), numbers sent
 * as text read as numbers, empty text as absent. The product is compared only when the shop has
 * one for the SKU, with the non-empty cells of the P41 line the dispatcher would write for it: with
 * offers that may stand alone (`npm start`), offers match the operator's catalog and no product is
 * created.
 */
export async function readB2bListings(scope: B2bListingsScope, log: Logger, timeoutMs?: number): Promise<MarketplaceListings> {
  const http = new HttpClient({ baseUrl: scope.url, log, timeoutMs })
  const response = await http.request<{ offers: Record<string, StoredOffer>; products: Record<string, StoredProduct> }>('GET', '/_sim/state', scope.shopId === undefined ? {} : { query: { shop_id: scope.shopId } })
  if (response.status !== 200) throw new Error(`GET ${scope.url}/_sim/state answered ${response.status}`)
  const { offers, products } = response.body
  const config = loadMarketplaceConfig(scope.attributesFile)
  return {
    skus: Object.keys(offers),
    has: (sku) => offers[sku] !== undefined,
    differences(sku, expected) {
      const payload = expected as B2bPayload
      const offer = offerDifferences(offers[sku]!, payload.offer ?? {}, config)
      const productSku = payload.product?.sku
      const product = typeof productSku === 'string' ? products[productSku] : undefined
      if (product === undefined || payload.product === undefined) return offer
      return [...offer, ...listingDifferences({ product: product.attributes }, { product: productCells(payload.product) })]
    },
  }
}

function offerDifferences(held: StoredOffer, offer: Record<string, unknown>, config: MarketplaceConfig): ListingDifference[] {
  const line = parseOfferLine(offer, { config, requiredAdditionalFields: [], exists: () => true })
  if (line.errors !== undefined) return [{ path: 'offer', detail: `! offer: OF24 would reject the expected offer: ${line.errors.join('; ')}` }]
  if (line.line.kind === 'delete') return [{ path: 'offer', detail: '! offer: the expected offer is a delete line' }]
  const expected: Record<string, unknown> = { ...line.line.fields }
  const stored = offerContent(held)
  // OF24 keeps product_id and product_id_type when an update omits them.
  for (const name of ['product_id', 'product_id_type']) if (expected[name] === undefined) delete stored[name]
  return listingDifferences({ offer: stored }, { offer: expected })
}

/** The product's attributes as P41 stores them: the non-empty cells of the dispatcher's product file. */
function productCells(product: Record<string, unknown>): Record<string, string> {
  const records: string[][] = parse(productFile([product]), { delimiter: ';' })
  const [header = [], row = []] = records
  return Object.fromEntries(header.map((code, column) => [code, row[column] ?? ''] as const).filter(([, value]) => value !== ''))
}
