import { parentSkuOf, type ListingAttributes, type ListingsStore, type StoredListing } from './listings-store.js'

// The conditions `ItemSummaryByMarketplace.conditionType` may carry (Listings Items 2021-08-01).
const CONDITION_TYPES = new Set([
  'new_new',
  'new_open_box',
  'new_oem',
  'refurbished_refurbished',
  'used_like_new',
  'used_very_good',
  'used_good',
  'used_acceptable',
  'collectible_like_new',
  'collectible_very_good',
  'collectible_good',
  'collectible_acceptable',
  'club_club',
])

type Value = Record<string, unknown>

/**
 * A listings item in the model's `Item` shape, one entry per marketplace in each data set the
 * caller asked for with `includedData`. Everything is derived from the stored attributes: the
 * summary's title, condition and status, offers from `purchasable_offer`, availability from
 * `fulfillment_availability`, variation relationships from `child_parent_sku_relationship` and
 * `variation_theme`. `procurement` is vendor data and is never present for a seller.
 */
export function itemView(sku: string, listings: readonly StoredListing[], includedData: readonly string[], store: ListingsStore): Record<string, unknown> {
  const item: Record<string, unknown> = { sku }
  const wants = (set: string) => includedData.includes(set)
  if (wants('summaries')) item.summaries = listings.map(summary)
  // Several marketplaces: their attribute values side by side, each carrying its marketplace_id.
  if (wants('attributes')) item.attributes = mergedAttributes(listings)
  // Accepted listings passed validation; issues Amazon raises later (images, policy) are not simulated.
  if (wants('issues')) item.issues = []
  if (wants('offers')) item.offers = listings.flatMap(offers)
  if (wants('fulfillmentAvailability')) item.fulfillmentAvailability = fulfillmentAvailability(listings)
  if (wants('relationships')) item.relationships = listings.map((listing) => ({ marketplaceId: listing.marketplaceId, relationships: relationships(listing, store) }))
  if (wants('productTypes')) item.productTypes = listings.map((listing) => ({ marketplaceId: listing.marketplaceId, productType: listing.productType }))
  return item
}

function summary(listing: StoredListing): Record<string, unknown> {
  const condition = firstValue(listing, 'condition_type')
  const itemName = firstValue(listing, 'item_name')
  return {
    marketplaceId: listing.marketplaceId,
    asin: listing.asin,
    productType: listing.productType,
    ...(typeof condition === 'string' && CONDITION_TYPES.has(condition) ? { conditionType: condition } : {}),
    status: status(listing),
    ...(typeof itemName === 'string' ? { itemName } : {}),
    createdDate: listing.createdDate,
    lastUpdatedDate: listing.lastUpdatedDate,
  }
}

/** DISCOVERABLE once listed; BUYABLE too when it has a price and a positive quantity (a parent never is). */
function status(listing: StoredListing): string[] {
  const priced = offers(listing).length > 0
  const inStock = fulfillmentAvailability([listing]).some((availability) => typeof availability.quantity === 'number' && availability.quantity > 0)
  return priced && inStock ? ['BUYABLE', 'DISCOVERABLE'] : ['DISCOVERABLE']
}

function offers(listing: StoredListing): Record<string, unknown>[] {
  return values(listing.attributes, 'purchasable_offer')
    .filter((offer) => offer.marketplace_id === undefined || offer.marketplace_id === listing.marketplaceId)
    .flatMap((offer) => {
      const price = ((offer.our_price as Value[] | undefined)?.[0]?.schedule as Value[] | undefined)?.[0]?.value_with_tax
      if (typeof price !== 'number' || typeof offer.currency !== 'string') return []
      const b2b = offer.audience === 'B2B'
      return [
        {
          marketplaceId: listing.marketplaceId,
          offerType: b2b ? 'B2B' : 'B2C',
          price: { currencyCode: offer.currency, amount: decimal(price) },
          audience: b2b ? { value: 'B2B', displayName: 'Amazon Business (B2B)' } : { value: 'ALL', displayName: 'Sell on Amazon' },
        },
      ]
    })
}

function fulfillmentAvailability(listings: readonly StoredListing[]): { fulfillmentChannelCode: string; quantity?: number }[] {
  return listings.flatMap((listing) =>
    values(listing.attributes, 'fulfillment_availability').flatMap((availability) =>
      typeof availability.fulfillment_channel_code === 'string'
        ? [{ fulfillmentChannelCode: availability.fulfillment_channel_code, ...(Number.isInteger(availability.quantity) ? { quantity: availability.quantity as number } : {}) }]
        : [],
    ),
  )
}

function relationships(listing: StoredListing, store: ListingsStore): Record<string, unknown>[] {
  const themeName = (values(listing.attributes, 'variation_theme')[0]?.name as string | undefined) ?? undefined
  // Amazon names a theme's attributes: SIZE/COLOR varies by size and color.
  const variationTheme = themeName ? { variationTheme: { theme: themeName, attributes: themeName.split('/').map((part) => part.toLowerCase().replace(/_name$/, '')) } } : {}
  const parentSku = parentSkuOf(listing.attributes)
  if (parentSku !== undefined) return [{ type: 'VARIATION', parentSkus: [parentSku], ...variationTheme }]
  if (firstValue(listing, 'parentage_level') === 'parent') return [{ type: 'VARIATION', childSkus: store.childrenOf(listing.sellerId, listing.marketplaceId, listing.sku), ...variationTheme }]
  return []
}

function mergedAttributes(listings: readonly StoredListing[]): ListingAttributes {
  if (listings.length === 1) return listings[0]?.attributes ?? {}
  const merged: ListingAttributes = {}
  for (const listing of listings) {
    for (const [name, list] of Object.entries(listing.attributes)) (merged[name] ??= []).push(...list)
  }
  return merged
}

function values(attributes: ListingAttributes, name: string): Value[] {
  const list = attributes[name]
  return Array.isArray(list) ? list.filter((v): v is Value => typeof v === 'object' && v !== null) : []
}

function firstValue(listing: StoredListing, name: string): unknown {
  return values(listing.attributes, name).find((v) => v.marketplace_id === undefined || v.marketplace_id === listing.marketplaceId)?.value
}

/** Amazon's `Decimal` is a string: `34` → `"34.00"`, `19.999` stays `"19.999"`. */
function decimal(value: number): string {
  const fixed = value.toFixed(2)
  return Number(fixed) === value ? fixed : String(value)
}
