// The fields of an OF24 offer (mmp-seller-openapi `OF24_Request_Offers`), and what an update that
// omits one does to it. OF24's description: "You must send all offer fields. Offer fields that are
// not sent are reset to their default value."; each field's description says which default.

/** Every property of `OF24_Request_Offers`. */
export const OF24_FIELDS = [
  'all_prices',
  'allow_quote_requests',
  'available_ended',
  'available_started',
  'description',
  'discount',
  'eco_contributions',
  'internal_description',
  'leadtime_to_ship',
  'logistic_class',
  'max_order_quantity',
  'min_order_quantity',
  'min_quantity_alert',
  'msrp',
  'offer_additional_fields',
  'package_quantity',
  'price',
  'price_additional_info',
  'pricing_unit',
  'product_id',
  'product_id_type',
  'product_tax_code',
  'quantity',
  'retail_prices',
  'shop_sku',
  'state_code',
  'update_delete',
] as const

/** One OF24 offer field. */
export type Of24Field = (typeof OF24_FIELDS)[number]

/** `OF24_Request_Offers.required`. */
export const OF24_REQUIRED: readonly Of24Field[] = ['price', 'product_id', 'product_id_type', 'shop_sku', 'state_code', 'update_delete']

/**
 * "Required at offer creation. Optional at offer update." (product_id, product_id_type): on an
 * update that omits them the offer keeps its product.
 */
export const KEPT_ON_UPDATE: readonly Of24Field[] = ['product_id', 'product_id_type']

export function isOf24Field(value: string): value is Of24Field {
  return (OF24_FIELDS as readonly string[]).includes(value)
}
