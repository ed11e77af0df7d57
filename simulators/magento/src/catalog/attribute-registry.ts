import { OptionIdTable, type AttributeOption } from './option-ids.js'

/** Frontend input types the simulator knows; they decide how values are encoded and validated. */
export type FrontendInput = 'text' | 'textarea' | 'select' | 'multiselect' | 'boolean' | 'price' | 'weight' | 'date' | 'media_image' | 'gallery' | 'categories'

/** What the simulator keeps about one product attribute (`eav_attribute` plus `catalog_eav_attribute`). */
export interface AttributeDefinition {
  readonly id: number
  readonly code: string
  readonly input: FrontendInput
  readonly backendType: 'static' | 'int' | 'varchar' | 'text' | 'decimal' | 'datetime'
  /** Admin label; the default store view label, when it differs, is in `storeLabel`. */
  readonly label: string
  readonly storeLabel?: string
  readonly required: boolean
  readonly userDefined: boolean
  readonly scope: 'global' | 'website' | 'store'
  readonly searchable: boolean
  readonly filterable: boolean
  readonly comparable: boolean
  readonly visibleOnFront: boolean
  readonly usedInProductListing: boolean
  readonly htmlAllowedOnFront: boolean
  readonly position: number
}

type SystemAttribute = Pick<AttributeDefinition, 'id' | 'code' | 'input' | 'backendType' | 'label'> & Partial<AttributeDefinition>

// Core attributes a fresh 2.4 install creates. The ids follow a 2.4 install's `eav_attribute` order
// (name 73, sku 74, … color 93); they are stable here but may differ from a given live instance.
const SYSTEM_ATTRIBUTES: readonly SystemAttribute[] = [
  { id: 73, code: 'name', input: 'text', backendType: 'varchar', label: 'Product Name', required: true, scope: 'store', searchable: true },
  { id: 74, code: 'sku', input: 'text', backendType: 'static', label: 'SKU', required: true, scope: 'global', searchable: true },
  { id: 75, code: 'description', input: 'textarea', backendType: 'text', label: 'Description', scope: 'store', searchable: true, htmlAllowedOnFront: true },
  { id: 76, code: 'short_description', input: 'textarea', backendType: 'text', label: 'Short Description', scope: 'store', searchable: true, htmlAllowedOnFront: true },
  { id: 77, code: 'price', input: 'price', backendType: 'decimal', label: 'Price', required: true, scope: 'website', searchable: true, filterable: true },
  { id: 78, code: 'special_price', input: 'price', backendType: 'decimal', label: 'Special Price', scope: 'website' },
  { id: 81, code: 'cost', input: 'price', backendType: 'decimal', label: 'Cost', scope: 'website', userDefined: true },
  { id: 82, code: 'weight', input: 'weight', backendType: 'decimal', label: 'Weight', scope: 'global' },
  { id: 83, code: 'manufacturer', input: 'select', backendType: 'int', label: 'Manufacturer', scope: 'global', userDefined: true },
  { id: 84, code: 'meta_title', input: 'text', backendType: 'varchar', label: 'Meta Title', scope: 'store' },
  { id: 85, code: 'meta_keyword', input: 'textarea', backendType: 'text', label: 'Meta Keywords', scope: 'store' },
  { id: 86, code: 'meta_description', input: 'textarea', backendType: 'varchar', label: 'Meta Description', scope: 'store' },
  { id: 87, code: 'image', input: 'media_image', backendType: 'varchar', label: 'Base', scope: 'store' },
  { id: 88, code: 'small_image', input: 'media_image', backendType: 'varchar', label: 'Small', scope: 'store' },
  { id: 89, code: 'thumbnail', input: 'media_image', backendType: 'varchar', label: 'Thumbnail', scope: 'store' },
  { id: 90, code: 'media_gallery', input: 'gallery', backendType: 'static', label: 'Media Gallery', scope: 'global' },
  { id: 93, code: 'color', input: 'select', backendType: 'int', label: 'Color', scope: 'global', userDefined: true, filterable: true },
  { id: 97, code: 'status', input: 'select', backendType: 'int', label: 'Enable Product', scope: 'website' },
  { id: 99, code: 'visibility', input: 'select', backendType: 'int', label: 'Visibility', scope: 'store' },
  { id: 104, code: 'options_container', input: 'select', backendType: 'varchar', label: 'Display Product Options In', scope: 'store' },
  { id: 106, code: 'required_options', input: 'text', backendType: 'static', label: 'Required Options', scope: 'global' },
  { id: 107, code: 'has_options', input: 'text', backendType: 'static', label: 'Has Options', scope: 'global' },
  { id: 120, code: 'category_ids', input: 'categories', backendType: 'static', label: 'Categories', scope: 'global' },
  { id: 121, code: 'url_key', input: 'text', backendType: 'varchar', label: 'URL Key', scope: 'store' },
  { id: 132, code: 'tax_class_id', input: 'select', backendType: 'int', label: 'Tax Class', scope: 'website', filterable: true },
  { id: 134, code: 'swatch_image', input: 'media_image', backendType: 'varchar', label: 'Swatch', scope: 'store' },
  { id: 136, code: 'msrp', input: 'price', backendType: 'decimal', label: 'Minimum Advertised Price', scope: 'website' },
]

/** The first id the sample-data attributes get, after the core ones. */
export const FIRST_USER_ATTRIBUTE_ID = 137

/**
 * The attribute catalog: definitions, option tables and their REST renderings. Select and
 * multiselect values are option ids everywhere; labels live only here.
 */
export class AttributeRegistry {
  readonly optionIds: OptionIdTable
  private readonly definitions = new Map<string, AttributeDefinition>()
  private nextId = FIRST_USER_ATTRIBUTE_ID

  constructor(firstOptionId: number) {
    this.optionIds = new OptionIdTable(firstOptionId)
    for (const attribute of SYSTEM_ATTRIBUTES) this.add({ ...defaults(), userDefined: false, ...attribute })
    this.optionIds.fixed('status', [
      { label: 'Enabled', value: '1' },
      { label: 'Disabled', value: '2' },
    ])
    this.optionIds.fixed('visibility', [
      { label: 'Not Visible Individually', value: '1' },
      { label: 'Catalog', value: '2' },
      { label: 'Search', value: '3' },
      { label: 'Catalog, Search', value: '4' },
    ])
    this.optionIds.fixed('tax_class_id', [
      { label: 'None', value: '0' },
      { label: 'Taxable Goods', value: '2' },
    ])
    this.optionIds.fixed('options_container', [
      { label: 'Product Info Column', value: 'container1' },
      { label: 'Block after Info Column', value: 'container2' },
    ])
  }

  /** Adds a user-defined attribute with the next id; an existing code is returned unchanged. */
  defineUserAttribute(definition: Omit<AttributeDefinition, 'id' | 'userDefined'>): AttributeDefinition {
    const existing = this.definitions.get(definition.code)
    if (existing) return existing
    const added = this.add({ ...definition, id: this.nextId++, userDefined: true })
    if (added.input === 'boolean') {
      // Boolean attributes use Magento's Boolean source model: Yes = 1, No = 0, no empty option.
      this.optionIds.fixed(added.code, [
        { label: 'Yes', value: '1' },
        { label: 'No', value: '0' },
      ])
    }
    return added
  }

  /** The definition of an attribute code, if known. */
  get(code: string): AttributeDefinition | undefined {
    return this.definitions.get(code)
  }

  /** All definitions, in id order. */
  all(): AttributeDefinition[] {
    return [...this.definitions.values()].sort((a, b) => a.id - b.id)
  }

  /** True for attributes whose values are option ids (select, multiselect, boolean). */
  usesOptions(code: string): boolean {
    const input = this.definitions.get(code)?.input
    return input === 'select' || input === 'multiselect' || input === 'boolean'
  }

  /**
   * `GET /V1/products/attributes/{code}/options`: select and multiselect attributes with a table
   * source list an empty `{label:" ", value:""}` first, as `Source\Table::getAllOptions(true)` does.
   */
  restOptions(code: string): AttributeOption[] {
    const definition = this.definitions.get(code)
    if (!definition) return []
    const options = this.optionIds.options(code).map((option) => ({ ...option }))
    if (definition.input === 'select' || definition.input === 'multiselect') {
      const fixedSource = code === 'status' || code === 'visibility' || code === 'options_container'
      if (!fixedSource) options.unshift({ label: ' ', value: '' })
    }
    return options
  }

  /** `GET /V1/products/attributes/{code}`, shaped as `catalog-data-product-attribute-interface`. */
  restAttribute(code: string): Record<string, unknown> | undefined {
    const d = this.definitions.get(code)
    if (!d) return undefined
    const flag = (value: boolean) => (value ? '1' : '0')
    return {
      is_wysiwyg_enabled: false,
      is_html_allowed_on_front: d.htmlAllowedOnFront,
      used_for_sort_by: false,
      is_filterable: d.filterable,
      is_filterable_in_search: d.filterable,
      is_used_in_grid: d.userDefined,
      is_visible_in_grid: false,
      is_filterable_in_grid: d.userDefined,
      position: d.position,
      apply_to: [],
      is_searchable: flag(d.searchable),
      is_visible_in_advanced_search: flag(d.searchable),
      is_comparable: flag(d.comparable),
      is_used_for_promo_rules: '0',
      is_visible_on_front: flag(d.visibleOnFront),
      used_in_product_listing: flag(d.usedInProductListing),
      is_visible: true,
      scope: d.scope,
      attribute_id: d.id,
      attribute_code: d.code,
      frontend_input: d.input,
      entity_type_id: '4',
      is_required: d.required,
      options: this.restOptions(code),
      is_user_defined: d.userDefined,
      default_frontend_label: d.label,
      frontend_labels: d.storeLabel === undefined ? [] : [{ store_id: 1, label: d.storeLabel }],
      backend_type: d.backendType,
      ...(sourceModel(d) === undefined ? {} : { source_model: sourceModel(d) }),
      default_value: '',
      is_unique: '0',
      validation_rules: [],
    }
  }

  private add(definition: AttributeDefinition): AttributeDefinition {
    const frozen = Object.freeze(definition)
    this.definitions.set(definition.code, frozen)
    return frozen
  }
}

function sourceModel(definition: AttributeDefinition): string | undefined {
  if (definition.input === 'boolean') return 'Magento\\Eav\\Model\\Entity\\Attribute\\Source\\Boolean'
  if (definition.input === 'select' || definition.input === 'multiselect') return 'Magento\\Eav\\Model\\Entity\\Attribute\\Source\\Table'
  return undefined
}

function defaults(): Omit<AttributeDefinition, 'id' | 'code' | 'input' | 'backendType' | 'label'> {
  return {
    required: false,
    userDefined: true,
    scope: 'global',
    searchable: false,
    filterable: false,
    comparable: false,
    visibleOnFront: false,
    usedInProductListing: false,
    htmlAllowedOnFront: false,
    position: 0,
  }
}
