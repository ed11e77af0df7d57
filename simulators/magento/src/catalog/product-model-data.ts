import { customAttribute, type MagentoProduct } from './product-types.js'

/**
 * The product as Magento's model holds it (`$product->getData()`), which is what an observer
 * webhook such as `observer.catalog_product_save_after` carries: flat keys, custom attributes as
 * top-level keys, numbers as strings (`price: "123.000000"`), `category_ids` as strings,
 * `website_ids` as an id→id map, stock in `quantity_and_stock_status` and `stock_data`.
 * Shape taken from adobe-commerce/io-events/observer.catalog_product_save_after.full-payload.json.
 */
export function toModelData(product: MagentoProduct): Record<string, unknown> {
  const stock = product.extension_attributes.stock_item
  const flag = (value: boolean) => (value ? '1' : '0')
  const data: Record<string, unknown> = {
    store_id: '0',
    entity_id: String(product.id),
    attribute_set_id: String(product.attribute_set_id),
    type_id: product.type_id,
    sku: product.sku,
    has_options: customAttribute(product, 'has_options') === '1',
    required_options: customAttribute(product, 'required_options') === '1',
    created_at: product.created_at,
    updated_at: product.updated_at,
    // Adobe Commerce (content staging) keys rows by row_id; without staging it equals entity_id.
    row_id: String(product.id),
    created_in: '1',
    updated_in: '2147483647',
    name: product.name,
    status: String(product.status),
    visibility: String(product.visibility),
    price: decimal(product.price),
  }
  if (product.weight !== undefined) {
    data.weight = decimal(product.weight)
    data.product_has_weight = '1'
  }
  for (const attribute of product.custom_attributes) {
    if (attribute.attribute_code === 'category_ids') continue
    data[attribute.attribute_code] = attribute.value
  }
  Object.assign(data, {
    options: [],
    media_gallery: {
      // Keyed by value_id, as the gallery read handler loads it.
      images: Object.fromEntries(
        product.media_gallery_entries.map((entry) => [
          String(entry.id),
          {
            value_id: String(entry.id),
            file: entry.file,
            media_type: entry.media_type,
            entity_id: String(product.id),
            label: entry.label,
            position: String(entry.position),
            disabled: flag(entry.disabled),
            label_default: entry.label,
            position_default: String(entry.position),
            disabled_default: flag(entry.disabled),
          },
        ]),
      ),
      values: [],
    },
    tier_price: product.tier_prices.map((tier) => ({
      website_id: '0',
      all_groups: tier.customer_group_id === 32000 ? '1' : '0',
      cust_group: String(tier.customer_group_id),
      price: decimal(tier.value),
      price_qty: decimal(tier.qty),
      website_price: decimal(tier.value),
    })),
    tier_price_changed: 0,
    quantity_and_stock_status: { is_in_stock: flag(stock.is_in_stock), qty: String(stock.qty) },
    category_ids: product.extension_attributes.category_links.map((link) => link.category_id),
    is_salable: product.status === 1 && stock.is_in_stock ? 1 : 0,
    stock_data: {
      item_id: String(stock.item_id),
      product_id: String(stock.product_id),
      stock_id: String(stock.stock_id),
      qty: String(stock.qty),
      min_qty: String(stock.min_qty),
      use_config_min_qty: flag(stock.use_config_min_qty),
      is_qty_decimal: flag(stock.is_qty_decimal),
      backorders: String(stock.backorders),
      use_config_backorders: flag(stock.use_config_backorders),
      min_sale_qty: String(stock.min_sale_qty),
      use_config_min_sale_qty: String(stock.use_config_min_sale_qty),
      max_sale_qty: String(stock.max_sale_qty),
      use_config_max_sale_qty: flag(stock.use_config_max_sale_qty),
      is_in_stock: flag(stock.is_in_stock),
      notify_stock_qty: String(stock.notify_stock_qty),
      use_config_notify_stock_qty: flag(stock.use_config_notify_stock_qty),
      manage_stock: flag(stock.manage_stock),
      use_config_manage_stock: flag(stock.use_config_manage_stock),
      stock_status_changed_auto: String(stock.stock_status_changed_auto),
      use_config_qty_increments: flag(stock.use_config_qty_increments),
      qty_increments: String(stock.qty_increments),
      use_config_enable_qty_inc: flag(stock.use_config_enable_qty_inc),
      enable_qty_increments: flag(stock.enable_qty_increments),
      is_decimal_divided: stock.is_decimal_divided ? 1 : 0,
      website_id: '0',
      type_id: product.type_id,
    },
    website_ids: Object.fromEntries(product.extension_attributes.website_ids.map((id) => [String(id), String(id)])),
    is_new: '0',
  })
  return data
}

/** Magento's DECIMAL(20,6) as the model returns it. */
function decimal(value: number): string {
  return value.toFixed(6)
}
