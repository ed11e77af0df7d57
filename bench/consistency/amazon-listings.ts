import type { Logger } from '@listing-sync/observability'
import { HttpClient } from '@listing-sync/service'
import type { StoredListing } from '@listing-sync/simulator-amazon'
import { listingDifferences, type MarketplaceListings } from './marketplace-listings.js'

/** Which listings of the Amazon simulator are listing-sync's. */
export interface AmazonListingsScope {
  readonly url: string
  /** The dispatcher's AMAZON_SELLER_ID; any seller when absent. */
  readonly sellerId?: string
  /** The Amazon marketplace the manifest lists in (ATVPDKIKX0DER); any when absent. */
  readonly marketplaceId?: string
}

/** A listings-items PUT body, as the Amazon manifest maps a product. */
interface ListingsPayload {
  productType?: string
  requirements?: string
  attributes?: Record<string, unknown>
}

type HeldListing = Omit<StoredListing, 'sku'>

/**
 * The Amazon simulator's listings as the last accepted PUT or PATCH left them (`GET /_sim/state`,
 * one call for all). A listing is compared on what a PUT body carries: productType, requirements
 * (LISTING when the body has none, as Amazon takes it) and every attribute, exactly: an attribute
 * the listing holds and the payload lacks is a difference, such as an offer attribute a PATCH left
 * in place.
 */
export async function readAmazonListings(scope: AmazonListingsScope, log: Logger, timeoutMs?: number): Promise<MarketplaceListings> {
  const http = new HttpClient({ baseUrl: scope.url, log, timeoutMs })
  const response = await http.request<{ skus: Record<string, HeldListing[]> }>('GET', '/_sim/state')
  if (response.status !== 200) throw new Error(`GET ${scope.url}/_sim/state answered ${response.status}`)
  const listings = new Map<string, HeldListing>()
  for (const [sku, held] of Object.entries(response.body.skus)) {
    const ours = held.find((listing) => (scope.sellerId === undefined || listing.sellerId === scope.sellerId) && (scope.marketplaceId === undefined || listing.marketplaceId === scope.marketplaceId))
    if (ours !== undefined) listings.set(sku, ours)
  }
  return {
    skus: [...listings.keys()],
    has: (sku) => listings.has(sku),
    differences(sku, expected) {
      const listing = listings.get(sku)!
      const payload = expected as ListingsPayload
      const held = { productType: listing.productType, requirements: listing.requirements, attributes: listing.attributes }
      return listingDifferences(held, { productType: payload.productType, requirements: payload.requirements ?? 'LISTING', attributes: payload.attributes ?? {} })
    },
  }
}
