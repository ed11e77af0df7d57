import type { MarketplaceConfig } from '../marketplace/marketplace-config.js'
import type { ChannelPrice, VolumePrice } from '../marketplace/offer-line.js'
import type { StoredOffer, StoredProduct } from '../marketplace/shop-catalog.js'
import { asDate } from '../marketplace/values.js'

/** Platform settings an OF21 offer shows that no OF24 field sets. */
export interface PlatformSettings {
  readonly currency: string
  /** Returned as `leadtime_to_ship` when an offer has none ("platform's default value"). */
  readonly defaultLeadtimeToShip: number
}

/** Options of one rendering. */
export interface OfferViewOptions {
  readonly now: number
  readonly config: MarketplaceConfig
  readonly platform: PlatformSettings
  /** OF21's `pricing_channel_code`: the channel whose prices are the applicable ones. */
  readonly pricingChannel?: string
}

// Shipping is not simulated: every offer shows the same minimum shipping rate, free.
const MIN_SHIPPING = { min_shipping_price: 0, min_shipping_price_additional: 0, min_shipping_type: 'STD', min_shipping_zone: 'DOM1' }

/** PM11 attribute types as offer additional field types (OF21 `offer_additional_fields[].type`). */
const ADDITIONAL_FIELD_TYPES: Record<string, string> = { TEXT: 'STRING', INTEGER: 'NUMERIC', DECIMAL: 'NUMERIC', LIST: 'LIST', MEDIA: 'LINK', DATE: 'DATE' }

/**
 * An offer as OF21 and OF22 show it (`OF21_Response_200_Offers`): what OF24 stored, its product's
 * title, brand and category, its prices for a quantity of one and per volume (a discount counts
 * while its period holds), and the platform's values for what the shop does not set. Fields an
 * update deleted are absent.
 */
export function offerView(offer: StoredOffer, product: StoredProduct | undefined, options: OfferViewOptions): Record<string, unknown> {
  const { now, platform } = options
  const prices = allPrices(offer, now)
  const applicable = prices.find((entry) => entry.channel_code === (options.pricingChannel ?? null)) ?? prices[0]
  const available = (asDate(offer.available_started) ?? -Infinity) <= now && now <= (asDate(offer.available_ended) ?? Infinity)
  const leadtime = offer.leadtime_to_ship === undefined ? platform.defaultLeadtimeToShip : offer.leadtime_to_ship === 0 && platform.defaultLeadtimeToShip !== 0 ? 1 : offer.leadtime_to_ship
  const price = applicable?.price ?? offer.price
  const definitions = new Map(options.config.attributes.map((definition) => [definition.code, definition]))
  const category = product?.attributes.category ?? ''
  const view: Record<string, unknown> = {
    active: offer.quantity > 0 && available,
    all_prices: prices,
    allow_quote_requests: offer.allow_quote_requests,
    applicable_pricing: applicable,
    available_end_date: isoDate(offer.available_ended),
    available_start_date: isoDate(offer.available_started),
    category_code: category,
    category_label: category,
    channels: prices.flatMap((entry) => (entry.channel_code === null ? [] : [entry.channel_code])),
    currency_iso_code: platform.currency,
    description: offer.description,
    discount: offer.discount && {
      discount_price: offer.discount.price ?? null,
      end_date: isoDate(offer.discount.end_date),
      origin_price: offer.price,
      ranges: offer.discount.ranges,
      start_date: isoDate(offer.discount.start_date),
    },
    eco_contributions: offer.eco_contributions.length > 0 ? offer.eco_contributions : undefined,
    fulfillment: { center: { code: 'DEFAULT' } },
    inactivity_reasons: offer.quantity > 0 ? undefined : ['ZERO_QUANTITY'],
    internal_description: offer.internal_description,
    leadtime_to_ship: leadtime,
    logistic_class: offer.logistic_class === undefined ? undefined : { code: offer.logistic_class, label: offer.logistic_class },
    max_order_quantity: offer.max_order_quantity,
    min_order_quantity: offer.min_order_quantity,
    min_quantity_alert: offer.min_quantity_alert,
    ...MIN_SHIPPING,
    msrp: offer.msrp,
    offer_additional_fields: offer.offer_additional_fields.map((field) => ({ code: field.code, type: ADDITIONAL_FIELD_TYPES[definitions.get(field.code)?.type ?? 'TEXT'], value: field.value })),
    offer_id: offer.offer_id,
    package_quantity: offer.package_quantity,
    price,
    price_additional_info: offer.price_additional_info,
    product_brand: product?.attributes.brand,
    product_description: product?.attributes.product_description,
    product_references: [{ reference: offer.product_id, reference_type: offer.product_id_type }],
    // Without a product (when offers need none), its reference stands in for SKU and title.
    product_sku: product?.product_sku ?? offer.product_id,
    product_tax_code: offer.product_tax_code,
    product_title: product?.attributes.title ?? offer.product_id,
    quantity: offer.quantity,
    shipping_deadline: new Date(now + leadtime * 86_400_000).toISOString(),
    shop_sku: offer.shop_sku,
    state_code: offer.state_code,
    total_price: price + MIN_SHIPPING.min_shipping_price,
  }
  return Object.fromEntries(Object.entries(view).filter(([, value]) => value !== undefined))
}

interface PriceView {
  channel_code: string | null
  context?: { channel_codes: string[] }
  discount_end_date?: string
  discount_start_date?: string
  price: number
  unit_discount_price?: number
  unit_origin_price: number
  volume_prices: { price: number; quantity_threshold: number; unit_discount_price: number; unit_origin_price: number }[]
}

/**
 * `all_prices`: the default prices first (from the default `all_prices` entry, else from `price`,
 * `discount` and its ranges), then each channel's. Every entry has a volume price for a quantity
 * of one ("Returns at least the price for a quantity threshold of one").
 */
function allPrices(offer: StoredOffer, now: number): PriceView[] {
  const sent = offer.all_prices
  const fallback: ChannelPrice = {
    channel_code: null,
    unit_origin_price: offer.price,
    ...(offer.discount?.price !== undefined ? { unit_discount_price: offer.discount.price } : {}),
    ...(offer.discount?.start_date ? { discount_start_date: offer.discount.start_date } : {}),
    ...(offer.discount?.end_date ? { discount_end_date: offer.discount.end_date } : {}),
    volume_prices: (offer.discount?.ranges ?? []).map((range) => ({ quantity_threshold: range.quantity_threshold, unit_origin_price: offer.price, unit_discount_price: range.price })),
  }
  const defaults = sent.find((entry) => entry.channel_code === null) ?? fallback
  return [defaults, ...sent.filter((entry) => entry.channel_code !== null)].map((entry) => priceView(entry, offer.price, now))
}

function priceView(entry: ChannelPrice, offerPrice: number, now: number): PriceView {
  const origin = entry.unit_origin_price ?? offerPrice
  const discounting = (asDate(entry.discount_start_date) ?? -Infinity) <= now && now <= (asDate(entry.discount_end_date) ?? Infinity)
  const volumes: VolumePrice[] = [...entry.volume_prices].sort((a, b) => a.quantity_threshold - b.quantity_threshold)
  if (volumes[0]?.quantity_threshold !== 1) volumes.unshift({ quantity_threshold: 1, unit_origin_price: origin, ...(entry.unit_discount_price !== undefined ? { unit_discount_price: entry.unit_discount_price } : {}) })
  const volumeViews = volumes.map((volume) => {
    const discounted = volume.unit_discount_price ?? volume.unit_origin_price
    return { price: discounting ? discounted : volume.unit_origin_price, quantity_threshold: volume.quantity_threshold, unit_discount_price: discounted, unit_origin_price: volume.unit_origin_price }
  })
  const view: PriceView = {
    channel_code: entry.channel_code,
    price: discounting && entry.unit_discount_price !== undefined ? entry.unit_discount_price : origin,
    unit_origin_price: origin,
    volume_prices: volumeViews,
  }
  if (entry.channel_code !== null) view.context = { channel_codes: [entry.channel_code] }
  if (entry.unit_discount_price !== undefined) view.unit_discount_price = entry.unit_discount_price
  const start = isoDate(entry.discount_start_date)
  const end = isoDate(entry.discount_end_date)
  if (start) view.discount_start_date = start
  if (end) view.discount_end_date = end
  return view
}

/** An OF24 date (date or date-time) as the date-time OF21 returns. */
function isoDate(value: string | undefined): string | undefined {
  const time = asDate(value)
  return time === undefined ? undefined : new Date(time).toISOString()
}
