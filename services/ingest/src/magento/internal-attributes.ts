// Keys of Magento's product model data that are not catalog attributes: transient flags the admin
// save controller and the repository set on the model, staging bookkeeping, and structures that
// have a place of their own in the REST shape. They must not become custom attributes, or every
// admin save would publish noise like `_edit_mode` or `can_save_custom_options` to the marketplaces.

/** Exact keys that are never custom attributes. */
const INTERNAL_KEYS: ReadonlySet<string> = new Set([
  // Admin save controller and product form flags (Magento\Catalog\Controller\Adminhtml\Product\Save).
  'affect_product_custom_options',
  'is_changed_categories',
  'is_changed_websites',
  'is_custom_option_changed',
  'force_reindex_eav_required',
  'ignore_links_flag',
  'save_rewrites_history',
  'url_key_create_redirect',
  'product_has_weight',
  'is_new',
  'is_duplicate',
  'copy_to_stores',
  'use_default',
  'parent_id',
  // Derived state, recomputed by Magento: not something a merchant sets.
  'has_options',
  'required_options',
  'is_salable',
  'type_has_options',
  'type_has_required_options',
  // "Display product options in" layout switch of custom options: form layout, not product data.
  'options_container',
  // Adobe Commerce content staging: row version bookkeeping.
  'row_id',
  'created_in',
  'updated_in',
  // Scope of the save, captured as metadata instead.
  'store_id',
  // Structures with their own REST place, or lists that are not attribute values.
  'entity_id',
  'options',
  'product_options',
  'tier_price',
  'tier_price_changed',
  'media_gallery',
  'stock_data',
  'quantity_and_stock_status',
  'website_ids',
  'extension_attributes',
  'custom_attributes',
  'product_links',
  'media_gallery_entries',
  'tier_prices',
  // The fields REST carries at top level.
  'id',
  'sku',
  'name',
  'attribute_set_id',
  'price',
  'status',
  'visibility',
  'type_id',
  'created_at',
  'updated_at',
  'weight',
])

/** Prefixes of transient keys: `_edit_mode`, `_origData`, `can_save_*`, `current_*`, `use_config_*`. */
const INTERNAL_PREFIXES = ['_', 'can_save_', 'current_', 'use_config_'] as const
/** Suffix of the date-format flags the save controller sets (`special_from_date_is_formated`). */
const INTERNAL_SUFFIX = '_is_formated'

/**
 * True for keys of the model data array (or REST custom attribute codes) that are Magento's
 * internal or transient state, or have a REST place of their own, and so are not attributes.
 */
export function isInternalAttribute(code: string): boolean {
  if (INTERNAL_KEYS.has(code) || code.endsWith(INTERNAL_SUFFIX)) return true
  for (const prefix of INTERNAL_PREFIXES) if (code.startsWith(prefix)) return true
  return false
}
