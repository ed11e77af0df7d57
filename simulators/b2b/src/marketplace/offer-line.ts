import { checkAttributeValue } from './attribute-value.js'
import type { AttributeDefinition, MarketplaceConfig } from './marketplace-config.js'
import { KEPT_ON_UPDATE, OF24_REQUIRED } from './offer-fields.js'
import { asBoolean, asDate, asDecimal, asInteger, asText, gtinProblem, isAbsent, shown } from './values.js'

/** One volume price of a channel price (`OF24_Request_Offers_AllPrices_VolumePrices`). */
export interface VolumePrice {
  readonly quantity_threshold: number
  readonly unit_origin_price: number
  readonly unit_discount_price?: number
}

/** One entry of `all_prices`: the default prices (channel_code null) or a channel's. */
export interface ChannelPrice {
  readonly channel_code: string | null
  readonly unit_origin_price?: number
  readonly unit_discount_price?: number
  readonly discount_start_date?: string
  readonly discount_end_date?: string
  readonly volume_prices: readonly VolumePrice[]
}

/** `discount`: a discount price or ranges, in a period. */
export interface OfferDiscount {
  readonly price?: number
  readonly start_date?: string
  readonly end_date?: string
  readonly ranges: readonly { readonly quantity_threshold: number; readonly price: number }[]
}

export interface EcoContribution {
  readonly epr_category_code: string
  readonly eco_contribution_amount?: number
  readonly producer_id?: string
}

export interface RetailPrice {
  readonly unit_origin_price?: number
  readonly unit_discount_price?: number
  readonly discount_start_date?: string
  readonly discount_end_date?: string
}

/**
 * What one OF24 line sets. A field the line did not send is absent here, and the offer loses it:
 * OF24 resets every field it is not sent (quantity to 0, allow_quote_requests to false, lists to
 * empty, everything else deleted), except product_id/product_id_type, optional on update.
 */
export interface OfferFields {
  readonly shop_sku: string
  readonly product_id?: string
  readonly product_id_type?: string
  readonly state_code: string
  readonly price: number
  readonly quantity: number
  readonly allow_quote_requests: boolean
  readonly leadtime_to_ship?: number
  readonly min_order_quantity?: number
  readonly max_order_quantity?: number
  readonly min_quantity_alert?: number
  readonly package_quantity?: number
  readonly msrp?: number
  readonly description?: string
  readonly internal_description?: string
  readonly price_additional_info?: string
  readonly pricing_unit?: string
  readonly product_tax_code?: string
  readonly logistic_class?: string
  readonly available_started?: string
  readonly available_ended?: string
  readonly discount?: OfferDiscount
  readonly all_prices: readonly ChannelPrice[]
  readonly eco_contributions: readonly EcoContribution[]
  readonly retail_prices: readonly RetailPrice[]
  readonly offer_additional_fields: readonly { readonly code: string; readonly value: string }[]
}

/** A parsed OF24 line: an upsert with its fields, or a delete. */
export type OfferLine = { readonly kind: 'upsert'; readonly shopSku: string; readonly fields: OfferFields } | { readonly kind: 'delete'; readonly shopSku: string }

/** What the line is checked against. */
export interface OfferLineContext {
  readonly config: MarketplaceConfig
  /** Offer additional fields required on top of the configuration (a "newly required attribute" fault). */
  readonly requiredAdditionalFields: readonly AttributeDefinition[]
  /** Whether an offer with this shop_sku exists: an update may omit product_id and product_id_type. */
  readonly exists: (shopSku: string) => boolean
}

/** The parsed line, or every problem with it (as error-report messages). */
export type OfferLineResult = { readonly line: OfferLine; readonly errors?: undefined } | { readonly line?: undefined; readonly errors: readonly string[] }

const UPDATE_DELETE = ['', 'update', 'delete']
const TEXT_FIELDS = ['description', 'internal_description', 'price_additional_info', 'pricing_unit', 'product_tax_code', 'logistic_class'] as const

/** Checks one OF24 offer line and reads its fields; collects every problem rather than the first. */
export function parseOfferLine(raw: Readonly<Record<string, unknown>>, context: OfferLineContext): OfferLineResult {
  const errors: string[] = []
  const field = new FieldReader(raw, errors)

  const shopSku = field.text('shop_sku')
  const updateDelete = raw.update_delete === undefined || raw.update_delete === null ? undefined : asText(raw.update_delete)
  if (updateDelete !== undefined && !UPDATE_DELETE.includes(updateDelete)) errors.push(`The field 'update_delete' must be "", "update" or "delete" (got ${shown(raw.update_delete)})`)
  if (updateDelete === 'delete') {
    // A delete line names the offer; its other fields do not matter.
    if (shopSku === undefined) errors.push(`The field 'shop_sku' is required`)
    return errors.length > 0 || shopSku === undefined ? { errors } : { line: { kind: 'delete', shopSku } }
  }

  const updating = shopSku !== undefined && context.exists(shopSku)
  const required = new Set<string>([...OF24_REQUIRED.filter((name) => !(updating && KEPT_ON_UPDATE.includes(name))), ...context.config.requiredOfferFields])
  const missing = new Set<string>()
  for (const name of required) {
    // update_delete "" means "update": only its absence is missing.
    const absent = name === 'update_delete' ? raw[name] === undefined || raw[name] === null : isAbsent(raw[name])
    if (absent) missing.add(name)
  }
  for (const name of missing) errors.push(`The field '${name}' is required`)

  const productIdType = field.text('product_id_type')
  const productId = field.text('product_id')
  if (productIdType !== undefined && !context.config.productIdTypes.includes(productIdType)) {
    errors.push(`The product id type '${productIdType}' is not accepted; use one of ${context.config.productIdTypes.join(', ')}`)
  } else if (productIdType !== undefined && productId !== undefined) {
    const problem = gtinProblem(productIdType, productId)
    if (problem) errors.push(problem)
  }
  if ((productId === undefined) !== (productIdType === undefined) && !missing.has('product_id') && !missing.has('product_id_type')) {
    errors.push(`The fields 'product_id' and 'product_id_type' go together`)
  }
  const stateCode = field.text('state_code')
  if (stateCode !== undefined && !context.config.stateCodes.includes(stateCode)) errors.push(`The offer state '${stateCode}' does not exist; use one of ${context.config.stateCodes.join(', ')}`)

  const price = field.decimal('price', { above: 0 })
  const msrp = field.decimal('msrp', { above: 0 })
  const quantity = field.integer('quantity', 0)
  const leadtime = field.integer('leadtime_to_ship', 0)
  const minAlert = field.integer('min_quantity_alert', 0)
  const packageQuantity = field.integer('package_quantity', 1)
  const minOrder = field.integer('min_order_quantity', 1)
  const maxOrder = field.integer('max_order_quantity', 1)
  if (minOrder !== undefined && maxOrder !== undefined && minOrder > maxOrder) errors.push(`The minimum order quantity (${minOrder}) is greater than the maximum order quantity (${maxOrder})`)
  let allowQuotes = false
  if (!isAbsent(raw.allow_quote_requests)) {
    const parsed = asBoolean(raw.allow_quote_requests)
    if (parsed === undefined) errors.push(`The field 'allow_quote_requests' must be true or false (got ${shown(raw.allow_quote_requests)})`)
    else allowQuotes = parsed
  }
  const texts = Object.fromEntries(TEXT_FIELDS.map((name) => [name, field.text(name)]))
  const available = field.period('available_started', 'available_ended')
  const discount = parseDiscount(raw.discount, price, errors)
  const allPrices = parseAllPrices(raw.all_prices, errors)
  const ecoContributions = parseList(raw.eco_contributions, 'eco_contributions', errors, (entry, path) => {
    const code = asText(entry.epr_category_code)
    if (isAbsent(code)) errors.push(`The field '${path}.epr_category_code' is required`)
    const reader = new FieldReader(entry, errors, `${path}.`)
    return { epr_category_code: code ?? '', eco_contribution_amount: reader.decimal('eco_contribution_amount', { atLeast: 0 }), producer_id: reader.text('producer_id') }
  })
  const retailPrices = parseList(raw.retail_prices, 'retail_prices', errors, (entry, path) => {
    const reader = new FieldReader(entry, errors, `${path}.`)
    const [start, end] = reader.period('discount_start_date', 'discount_end_date')
    return { unit_origin_price: reader.decimal('unit_origin_price', { above: 0 }), unit_discount_price: reader.decimal('unit_discount_price', { above: 0 }), discount_start_date: start, discount_end_date: end }
  })
  const additional = parseAdditionalFields(raw.offer_additional_fields, context, errors)

  if (errors.length > 0 || shopSku === undefined || stateCode === undefined || price === undefined) return { errors: errors.length > 0 ? errors : ['The offer line is incomplete'] }
  const fields: OfferFields = prune<OfferFields>({
    shop_sku: shopSku,
    product_id: productId,
    product_id_type: productIdType,
    state_code: stateCode,
    price,
    quantity: quantity ?? 0,
    allow_quote_requests: allowQuotes,
    leadtime_to_ship: leadtime,
    min_order_quantity: minOrder,
    max_order_quantity: maxOrder,
    min_quantity_alert: minAlert,
    package_quantity: packageQuantity,
    msrp,
    ...texts,
    available_started: available[0],
    available_ended: available[1],
    discount,
    all_prices: allPrices,
    eco_contributions: ecoContributions,
    retail_prices: retailPrices,
    offer_additional_fields: additional,
  })
  return { line: { kind: 'upsert', shopSku, fields } }
}

/** Reads typed fields of one object, adding a message per problem. */
class FieldReader {
  constructor(
    private readonly record: Readonly<Record<string, unknown>>,
    private readonly errors: string[],
    private readonly prefix = '',
  ) {}

  text(name: string): string | undefined {
    const value = this.record[name]
    if (isAbsent(value)) return undefined
    const text = asText(value)
    if (text === undefined) this.errors.push(`The field '${this.prefix}${name}' must be text (got ${shown(value)})`)
    return text === '' ? undefined : text
  }

  decimal(name: string, bound: { above?: number; atLeast?: number }): number | undefined {
    const value = this.record[name]
    if (isAbsent(value)) return undefined
    const number = asDecimal(value)
    if (number === undefined) {
      this.errors.push(`The field '${this.prefix}${name}' must be a decimal number (got ${shown(value)})`)
      return undefined
    }
    if (bound.above !== undefined && number <= bound.above) this.errors.push(`The field '${this.prefix}${name}' must be greater than ${bound.above} (got ${number})`)
    if (bound.atLeast !== undefined && number < bound.atLeast) this.errors.push(`The field '${this.prefix}${name}' must be at least ${bound.atLeast} (got ${number})`)
    return number
  }

  integer(name: string, minimum: number): number | undefined {
    const value = this.record[name]
    if (isAbsent(value)) return undefined
    const number = asInteger(value)
    if (number === undefined) {
      this.errors.push(`The field '${this.prefix}${name}' must be an integer (got ${shown(value)})`)
      return undefined
    }
    if (number < minimum) this.errors.push(`The field '${this.prefix}${name}' must be at least ${minimum} (got ${number})`)
    return number
  }

  /** A start and end date; the start must not be after the end. */
  period(startName: string, endName: string): [string | undefined, string | undefined] {
    const read = (name: string) => {
      const value = this.record[name]
      if (isAbsent(value)) return undefined
      if (asDate(value) === undefined) {
        this.errors.push(`The field '${this.prefix}${name}' must be an ISO 8601 date (got ${shown(value)})`)
        return undefined
      }
      return value as string
    }
    const start = read(startName)
    const end = read(endName)
    if (start !== undefined && end !== undefined && (asDate(start) as number) > (asDate(end) as number)) {
      this.errors.push(`The field '${this.prefix}${startName}' (${start}) is after '${this.prefix}${endName}' (${end})`)
    }
    return [start, end]
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseList<T>(raw: unknown, path: string, errors: string[], parse: (entry: Record<string, unknown>, path: string) => T): T[] {
  if (raw === undefined || raw === null) return []
  if (!Array.isArray(raw)) {
    errors.push(`The field '${path}' must be a list`)
    return []
  }
  const parsed: T[] = []
  raw.forEach((entry, index) => {
    if (isRecord(entry)) parsed.push(prune(parse(entry, `${path}[${index}]`) as T & object))
    else errors.push(`The field '${path}[${index}]' must be an object`)
  })
  return parsed
}

function parseDiscount(raw: unknown, price: number | undefined, errors: string[]): OfferDiscount | undefined {
  if (raw === undefined || raw === null) return undefined
  if (!isRecord(raw)) {
    errors.push(`The field 'discount' must be an object`)
    return undefined
  }
  const reader = new FieldReader(raw, errors, 'discount.')
  const discountPrice = reader.decimal('price', { above: 0 })
  if (discountPrice !== undefined && price !== undefined && discountPrice >= price) errors.push(`The discount price (${discountPrice}) must be lower than the price (${price})`)
  const [start, end] = reader.period('start_date', 'end_date')
  const ranges = parseList(raw.ranges, 'discount.ranges', errors, (entry, path) => {
    const range = new FieldReader(entry, errors, `${path}.`)
    const threshold = range.integer('quantity_threshold', 1)
    const rangePrice = range.decimal('price', { above: 0 })
    if (threshold === undefined && isAbsent(entry.quantity_threshold)) errors.push(`The field '${path}.quantity_threshold' is required`)
    if (rangePrice === undefined && isAbsent(entry.price)) errors.push(`The field '${path}.price' is required`)
    return { quantity_threshold: threshold ?? 0, price: rangePrice ?? 0 }
  })
  return prune<OfferDiscount>({ price: discountPrice, start_date: start, end_date: end, ranges })
}

function parseAllPrices(raw: unknown, errors: string[]): ChannelPrice[] {
  const seen = new Set<string | null>()
  return parseList(raw, 'all_prices', errors, (entry, path) => {
    const reader = new FieldReader(entry, errors, `${path}.`)
    // channel_code null (or absent) is the default price.
    const channel = isAbsent(entry.channel_code) ? null : (reader.text('channel_code') ?? null)
    if (seen.has(channel)) errors.push(`The prices of ${channel === null ? 'the default channel' : `channel '${channel}'`} are given more than once`)
    seen.add(channel)
    const origin = reader.decimal('unit_origin_price', { above: 0 })
    const discounted = reader.decimal('unit_discount_price', { above: 0 })
    if (origin !== undefined && discounted !== undefined && discounted >= origin) errors.push(`The field '${path}.unit_discount_price' (${discounted}) must be lower than '${path}.unit_origin_price' (${origin})`)
    const [start, end] = reader.period('discount_start_date', 'discount_end_date')
    const thresholds = new Set<number>()
    const volumes = parseList(entry.volume_prices, `${path}.volume_prices`, errors, (volume, volumePath) => {
      const volumeReader = new FieldReader(volume, errors, `${volumePath}.`)
      const threshold = volumeReader.integer('quantity_threshold', 1)
      const unitOrigin = volumeReader.decimal('unit_origin_price', { above: 0 })
      if (isAbsent(volume.quantity_threshold)) errors.push(`The field '${volumePath}.quantity_threshold' is required`)
      if (isAbsent(volume.unit_origin_price)) errors.push(`The field '${volumePath}.unit_origin_price' is required`)
      if (threshold !== undefined && thresholds.has(threshold)) errors.push(`The quantity threshold ${threshold} appears twice in '${path}.volume_prices'`)
      if (threshold !== undefined) thresholds.add(threshold)
      return { quantity_threshold: threshold ?? 0, unit_origin_price: unitOrigin ?? 0, unit_discount_price: volumeReader.decimal('unit_discount_price', { above: 0 }) }
    })
    return { channel_code: channel, unit_origin_price: origin, unit_discount_price: discounted, discount_start_date: start, discount_end_date: end, volume_prices: volumes }
  })
}

function parseAdditionalFields(raw: unknown, context: OfferLineContext, errors: string[]): { code: string; value: string }[] {
  const definitions = new Map(context.config.attributes.map((definition) => [definition.code, definition]))
  for (const definition of context.requiredAdditionalFields) if (!definitions.has(definition.code)) definitions.set(definition.code, definition)
  const values = new Map<string, string>()
  parseList(raw, 'offer_additional_fields', errors, (entry, path) => {
    const code = asText(entry.code)
    if (isAbsent(code) || code === undefined) {
      errors.push(`The field '${path}.code' is required`)
      return {}
    }
    const definition = definitions.get(code)
    if (!definition) errors.push(`The additional field '${code}' does not exist`)
    else if (values.has(code)) errors.push(`The additional field '${code}' is given more than once`)
    else if (!isAbsent(entry.value)) {
      const checked = checkAttributeValue(definition, entry.value, context.config.valueLists)
      if ('problem' in checked) errors.push(checked.problem)
      else values.set(code, checked.value)
    }
    return {}
  })
  for (const definition of context.requiredAdditionalFields) {
    if (!values.has(definition.code)) errors.push(`The additional field '${definition.code}' is required`)
  }
  return [...values].map(([code, value]) => ({ code, value }))
}

/** Drops undefined properties, so stored offers hold only what is set. */
function prune<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T
}
