import { cell, toCsv } from './csv.js'

/** One rejected OF24 line: its position in the equivalent offer file, what was sent and why it failed. */
export interface RejectedOfferLine {
  /** Line of the equivalent offer file: the header is line 1, so `offers[0]` is line 2. */
  readonly line: number
  readonly raw: Readonly<Record<string, unknown>>
  readonly errors: readonly string[]
}

type Raw = Readonly<Record<string, unknown>>
type Column = readonly [header: string, value: (raw: Raw) => unknown]

const record = (value: unknown): Raw => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : {})
const list = (value: unknown): Raw[] => (Array.isArray(value) ? value.map(record) : [])
/** Mirakl's range notation: `threshold|price,threshold|price` (OF03 example: "5|109.20,10|108.736"). */
const ranges = (entries: Raw[], price: string) => entries.map((entry) => `${cell(entry.quantity_threshold)}|${cell(entry[price])}`).join(',')
const channelPrices = (raw: Raw, channel: string | null) => list(raw.all_prices).find((entry) => (entry.channel_code ?? null) === channel) ?? {}

// The columns of Mirakl's offer file, in the order of the OF03 example.
const OFFER_FILE_COLUMNS: readonly Column[] = [
  ['sku', (raw) => raw.shop_sku],
  ['product-id', (raw) => raw.product_id],
  ['product-id-type', (raw) => raw.product_id_type],
  ['description', (raw) => raw.description],
  ['internal-description', (raw) => raw.internal_description],
  ['price-additional-info', (raw) => raw.price_additional_info],
  ['quantity', (raw) => raw.quantity],
  ['min-quantity-alert', (raw) => raw.min_quantity_alert],
  ['state', (raw) => raw.state_code],
  ['available-start-date', (raw) => raw.available_started],
  ['available-end-date', (raw) => raw.available_ended],
  ['logistic-class', (raw) => raw.logistic_class],
  ['update-delete', (raw) => raw.update_delete],
  ['discount-start-date', (raw) => record(raw.discount).start_date],
  ['discount-end-date', (raw) => record(raw.discount).end_date],
  ['price', (raw) => raw.price],
  ['discount-price', (raw) => record(raw.discount).price],
  ['discount-ranges', (raw) => ranges(list(record(raw.discount).ranges), 'price')],
  ['price-ranges', (raw) => ranges(list(channelPrices(raw, null).volume_prices), 'unit_origin_price')],
]

const channelColumns = (channel: string): Column[] => [
  [`discount-start-date[channel=${channel}]`, (raw) => channelPrices(raw, channel).discount_start_date],
  [`discount-end-date[channel=${channel}]`, (raw) => channelPrices(raw, channel).discount_end_date],
  [`price[channel=${channel}]`, (raw) => channelPrices(raw, channel).unit_origin_price],
  [`discount-price[channel=${channel}]`, (raw) => channelPrices(raw, channel).unit_discount_price],
  [`discount-ranges[channel=${channel}]`, () => ''],
  // Spelt "prices-ranges" for channels in Mirakl's own example, unlike "price-ranges" above.
  [`prices-ranges[channel=${channel}]`, (raw) => ranges(list(channelPrices(raw, channel).volume_prices), 'unit_origin_price')],
]

// After leadtime-to-ship (the example's last offer column): the B2B fields the example does not show.
const TRAILING_COLUMNS: readonly Column[] = [
  ['leadtime-to-ship', (raw) => raw.leadtime_to_ship],
  ['min-order-quantity', (raw) => raw.min_order_quantity],
  ['max-order-quantity', (raw) => raw.max_order_quantity],
  ['package-quantity', (raw) => raw.package_quantity],
  ['allow-quote-requests', (raw) => raw.allow_quote_requests],
  ['product-tax-code', (raw) => raw.product_tax_code],
]

/**
 * The OF03 error report of an OF24 import: Mirakl turns the JSON offers into its offer file, so
 * the report has that file's columns (one per channel price and per offer additional field the
 * rejected lines carry) plus `error-line` and `error-message`, one row per rejected line, with the
 * values as they were sent. Several problems of one line are joined with "; ".
 */
export function offerErrorReport(rejected: readonly RejectedOfferLine[]): string {
  const channels = [...new Set(rejected.flatMap(({ raw }) => list(raw.all_prices).map((entry) => entry.channel_code).filter((code): code is string => typeof code === 'string')))]
  const additionalCodes = [...new Set(rejected.flatMap(({ raw }) => list(raw.offer_additional_fields).map((field) => field.code).filter((code): code is string => typeof code === 'string' && code !== '')))]
  const columns: Column[] = [
    ...OFFER_FILE_COLUMNS,
    ...channels.flatMap(channelColumns),
    ...TRAILING_COLUMNS,
    ...additionalCodes.map((code): Column => [code, (raw) => list(raw.offer_additional_fields).find((field) => field.code === code)?.value]),
  ]
  const header = [...columns.map(([name]) => name), 'error-line', 'error-message']
  const rows = rejected.map(({ line, raw, errors }) => [...columns.map(([, value]) => cell(value(raw))), String(line), errors.join('; ')])
  return toCsv([header, ...rows])
}
