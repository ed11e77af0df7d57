// The Magento REST shapes the simulator serves, as `GET /V1/products/{sku}` returns them in 2.4.8
// (swagger definitions `catalog-data-product-interface` and the ones it references).

/** One entry of `custom_attributes`; `category_ids` is the one array-valued attribute. */
export interface CustomAttribute {
  attribute_code: string
  value: string | string[]
}

/** `catalog-inventory-data-stock-item-interface`; Magento sends `low_stock_date: null` when unset. */
export interface StockItem {
  item_id: number
  product_id: number
  stock_id: number
  qty: number
  is_in_stock: boolean
  is_qty_decimal: boolean
  show_default_notification_message: boolean
  use_config_min_qty: boolean
  min_qty: number
  use_config_min_sale_qty: number
  min_sale_qty: number
  use_config_max_sale_qty: boolean
  max_sale_qty: number
  use_config_backorders: boolean
  backorders: number
  use_config_notify_stock_qty: boolean
  notify_stock_qty: number
  use_config_qty_increments: boolean
  qty_increments: number
  use_config_enable_qty_inc: boolean
  enable_qty_increments: boolean
  use_config_manage_stock: boolean
  manage_stock: boolean
  low_stock_date: string | null
  is_decimal_divided: boolean
  stock_status_changed_auto: number
}

/** `catalog-data-category-link-interface`. */
export interface CategoryLink {
  position: number
  category_id: string
}

/** `configurable-product-data-option-interface`. */
export interface ConfigurableOption {
  id: number
  attribute_id: string
  label: string
  position: number
  values: { value_index: number }[]
  product_id: number
}

/** `catalog-data-product-extension-interface`, the parts the simulator fills. */
export interface ProductExtensionAttributes {
  website_ids: number[]
  category_links: CategoryLink[]
  stock_item: StockItem
  configurable_product_options?: ConfigurableOption[]
  configurable_product_links?: number[]
}

/** `catalog-data-product-attribute-media-gallery-entry-interface`. */
export interface MediaGalleryEntry {
  id: number
  media_type: string
  label: string
  position: number
  disabled: boolean
  types: string[]
  file: string
}

/** `catalog-data-product-link-interface` (related, up-sell, cross-sell, associated). */
export interface ProductLink {
  sku: string
  link_type: string
  linked_product_sku: string
  linked_product_type: string
  position: number
}

/** `catalog-data-product-tier-price-interface`. */
export interface TierPrice {
  customer_group_id: number
  qty: number
  value: number
}

/** A product exactly as `GET /V1/products/{sku}` returns it. */
export interface MagentoProduct {
  id: number
  sku: string
  name: string
  attribute_set_id: number
  price: number
  status: number
  visibility: number
  type_id: string
  created_at: string
  updated_at: string
  weight?: number
  extension_attributes: ProductExtensionAttributes
  product_links: ProductLink[]
  options: unknown[]
  media_gallery_entries: MediaGalleryEntry[]
  tier_prices: TierPrice[]
  custom_attributes: CustomAttribute[]
}

/** Magento's product status values (`Magento\Catalog\Model\Product\Attribute\Source\Status`). */
export const ProductStatus = { enabled: 1, disabled: 2 } as const

/** Magento's visibility values (`Magento\Catalog\Model\Product\Visibility`). */
export const ProductVisibility = { notVisibleIndividually: 1, catalog: 2, search: 3, catalogSearch: 4 } as const

/** Reads one custom attribute's value, or undefined when the product does not carry it. */
export function customAttribute(product: MagentoProduct, code: string): string | string[] | undefined {
  return product.custom_attributes.find((attribute) => attribute.attribute_code === code)?.value
}

/** Sets (or, with `undefined`, removes) one custom attribute, keeping the others in order. */
export function setCustomAttribute(product: MagentoProduct, code: string, value: string | string[] | undefined): void {
  const index = product.custom_attributes.findIndex((attribute) => attribute.attribute_code === code)
  if (value === undefined) {
    if (index >= 0) product.custom_attributes.splice(index, 1)
  } else if (index >= 0) {
    product.custom_attributes[index] = { attribute_code: code, value }
  } else {
    product.custom_attributes.push({ attribute_code: code, value })
  }
}

/** Magento's datetime format in REST and model data: `YYYY-MM-DD HH:MM:SS`, UTC. */
export function magentoDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ')
}
