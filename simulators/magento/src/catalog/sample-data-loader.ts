import { AttributeRegistry, type AttributeDefinition, type FrontendInput } from './attribute-registry.js'
import { CategoryTree, urlKeyOf, type CategoryRow } from './category-tree.js'
import { BRANDS, GENERATED_ATTRIBUTE_CODES, generateAttributes } from './generated-attributes.js'
import { magentoDateTime, ProductVisibility, type CustomAttribute, type MagentoProduct, type MediaGalleryEntry, type StockItem } from './product-types.js'
import { readSampleCsv, SAMPLE_DATA_FILES, type CsvRow } from './sample-data-files.js'

/** The seeded catalog: attributes with their option ids, categories, attribute sets and products. */
export interface SeedCatalog {
  readonly attributes: AttributeRegistry
  readonly categories: CategoryTree
  /** Attribute set name → id. */
  readonly attributeSets: ReadonlyMap<string, number>
  /** Products in entity id order. */
  readonly products: readonly MagentoProduct[]
}

// The sample data has no timestamps. Seeded products get the snapshot date of the sample-data
// repository plus one second per entity id, so `updated_at` filters and sorts mean something.
const SEED_EPOCH_MS = Date.UTC(2024, 2, 6, 12, 0, 0)
// eav_attribute_option ids below this are taken by a fresh install's own options.
const FIRST_OPTION_ID = 4
const DEFAULT_ATTRIBUTE_SET_ID = 4
// Luma's custom attribute sets start at 9 (Top = 9, Bottom = 10), as MS-Champ in the docs shows.
const FIRST_CUSTOM_ATTRIBUTE_SET_ID = 9
const MAIN_WEBSITE_ID = 1
const TAXABLE_GOODS = '2'

// Columns of the gear CSVs that are not attribute values.
const GEAR_NON_ATTRIBUTE_COLUMNS = new Set(['category', 'name', 'sku', 'price', 'qty', 'description', 'attribute_set', 'visibility', 'url_key', 'special_price'])

const VISIBILITY_BY_LABEL: Readonly<Record<string, number>> = {
  'not visible individually': ProductVisibility.notVisibleIndividually,
  catalog: ProductVisibility.catalog,
  search: ProductVisibility.search,
  'catalog, search': ProductVisibility.catalogSearch,
}

/**
 * Builds the Luma catalog from `magento-sample-data` (gear simples, apparel configurables with
 * their children, related links, MSRP), in real REST shape, plus the generated brand, MPN, GTIN,
 * dimensions and missing weights. Deterministic: the same files always give the same catalog.
 */
export function loadSampleCatalog(fixtures: string): SeedCatalog {
  const attributes = new AttributeRegistry(FIRST_OPTION_ID)
  const attributeSets = new Map<string, number>([['Default', DEFAULT_ATTRIBUTE_SET_ID]])
  const createdAt = magentoDateTime(new Date(SEED_EPOCH_MS))
  const categories = new CategoryTree(createdAt)

  const catalogAttributes = readSampleCsv(fixtures, SAMPLE_DATA_FILES.catalogAttributes)
  const apparelAttributes = readSampleCsv(fixtures, SAMPLE_DATA_FILES.apparelAttributes)
  for (const row of [...catalogAttributes, ...apparelAttributes]) {
    for (const set of splitLines(row.attribute_set)) {
      if (!attributeSets.has(set)) attributeSets.set(set, FIRST_CUSTOM_ATTRIBUTE_SET_ID + attributeSets.size - 1)
    }
    defineSampleAttribute(attributes, row)
  }
  defineGeneratedAttributes(attributes)

  categories.addRows(readSampleCsv(fixtures, SAMPLE_DATA_FILES.catalogCategories) as unknown as CategoryRow[])
  // DownloadableSampleData creates these before the apparel categories; keeping their ids (9, 10)
  // gives the apparel categories Luma's ids (Men = 11, Tops = 12, Tees = 16).
  categories.ensurePath(['Training', 'Video Download'])
  categories.addRows(readSampleCsv(fixtures, SAMPLE_DATA_FILES.apparelCategories) as unknown as CategoryRow[])

  const builder = new ProductBuilder(attributes, categories, attributeSets)
  const images = groupImages(readSampleCsv(fixtures, SAMPLE_DATA_FILES.gearImages))
  for (const file of SAMPLE_DATA_FILES.gearProducts) {
    for (const row of readSampleCsv(fixtures, file)) builder.addGearRow(row, images.get(row.sku ?? '') ?? [])
  }
  const apparel = readSampleCsv(fixtures, SAMPLE_DATA_FILES.apparelProducts)
  builder.indexFamilies(apparel)
  for (const row of apparel) builder.addApparelRow(row)
  builder.linkConfigurables(apparel)
  builder.addRelatedLinks(readSampleCsv(fixtures, SAMPLE_DATA_FILES.relatedLinks))
  builder.addMsrp(readSampleCsv(fixtures, SAMPLE_DATA_FILES.msrp))

  return { attributes, categories, attributeSets, products: builder.products() }
}

function defineSampleAttribute(attributes: AttributeRegistry, row: CsvRow): void {
  const code = field(row, 'attribute_code')
  const input = field(row, 'frontend_input') as FrontendInput
  // "Style Bags\nStyle": the admin label, then the default store view's label.
  const [label = code, storeLabel] = splitLines(row.frontend_label)
  const flag = (column: string) => row[column] === '1'
  const definition = attributes.defineUserAttribute({
    code,
    input,
    backendType: input === 'multiselect' ? 'varchar' : 'int',
    label,
    ...(storeLabel === undefined ? {} : { storeLabel }),
    required: flag('is_required'),
    scope: 'global',
    searchable: flag('is_searchable'),
    filterable: flag('is_filterable'),
    comparable: flag('is_comparable'),
    visibleOnFront: flag('is_visible_on_front'),
    usedInProductListing: flag('used_in_product_listing'),
    htmlAllowedOnFront: flag('is_html_allowed_on_front'),
    position: Number(row.position || 0),
  })
  // A code defined twice (material, size) gains the second file's new labels, as the installer does.
  if (definition.input === 'select' || definition.input === 'multiselect') {
    for (const option of splitLines(row.option)) attributes.optionIds.ensure(code, option)
  }
}

function defineGeneratedAttributes(attributes: AttributeRegistry): void {
  const common = { backendType: 'varchar', required: false, scope: 'global', searchable: true, filterable: false, comparable: true, visibleOnFront: true, usedInProductListing: true, htmlAllowedOnFront: false, position: 0 } as const
  attributes.defineUserAttribute({ ...common, code: GENERATED_ATTRIBUTE_CODES.brand, input: 'select', backendType: 'int', label: 'Brand', filterable: true })
  for (const brand of BRANDS) attributes.optionIds.ensure(GENERATED_ATTRIBUTE_CODES.brand, brand.name)
  attributes.defineUserAttribute({ ...common, code: GENERATED_ATTRIBUTE_CODES.manufacturerPartNumber, input: 'text', label: 'Manufacturer Part Number' })
  attributes.defineUserAttribute({ ...common, code: GENERATED_ATTRIBUTE_CODES.gtin, input: 'text', label: 'GTIN (UPC-A)' })
  attributes.defineUserAttribute({ ...common, code: GENERATED_ATTRIBUTE_CODES.length, input: 'text', label: 'Length (in)' })
  attributes.defineUserAttribute({ ...common, code: GENERATED_ATTRIBUTE_CODES.width, input: 'text', label: 'Width (in)' })
  attributes.defineUserAttribute({ ...common, code: GENERATED_ATTRIBUTE_CODES.height, input: 'text', label: 'Height (in)' })
}

/** Builds products row by row, giving entity ids and gallery ids in load order. */
class ProductBuilder {
  private readonly bySku = new Map<string, MagentoProduct>()
  private readonly gtins = new Set<string>()
  /** Child SKU → configurable parent SKU, so a family shares one brand. */
  private readonly familyOf = new Map<string, string>()
  private nextEntityId = 1
  private nextGalleryId = 1
  private nextSuperAttributeId = 1

  constructor(
    private readonly attributes: AttributeRegistry,
    private readonly categories: CategoryTree,
    private readonly attributeSets: ReadonlyMap<string, number>,
  ) {}

  products(): MagentoProduct[] {
    return [...this.bySku.values()].sort((a, b) => a.id - b.id)
  }

  addGearRow(row: CsvRow, images: readonly string[]): void {
    const sku = field(row, 'sku')
    const attributeSet = row.attribute_set || 'Default'
    const values: CustomAttribute[] = []
    for (const [column, raw] of Object.entries(row)) {
      if (GEAR_NON_ATTRIBUTE_COLUMNS.has(column) || raw.trim() === '') continue
      const encoded = this.encode(column, splitLines(raw))
      if (encoded !== undefined) values.push({ attribute_code: column, value: encoded })
    }
    const visibility = row.visibility ? Number(row.visibility) : ProductVisibility.catalogSearch
    this.add({
      sku,
      name: field(row, 'name'),
      typeId: 'simple',
      attributeSet,
      price: Number(row.price || 0),
      status: 1,
      visibility,
      weight: undefined,
      categoryIds: this.walkCategoryNames(splitLines(row.category)),
      description: row.description ?? '',
      shortDescription: '',
      urlKey: urlKeyOf(row.url_key || field(row, 'name')),
      specialPrice: row.special_price || '',
      images: { base: images[0], small: images[0], thumbnail: images[0], additional: images.slice(1) },
      stock: { qty: Number(row.qty || 0), isInStock: true, minSaleQty: 1, maxSaleQty: 10000, useConfigMaxSaleQty: true, manageStock: true },
      hasOptions: '0',
      requiredOptions: '0',
      values,
    })
  }

  indexFamilies(rows: readonly CsvRow[]): void {
    for (const row of rows) {
      if (row.product_type !== 'configurable') continue
      for (const variation of parseVariations(row.configurable_variations ?? '')) {
        if (variation.sku) this.familyOf.set(variation.sku, field(row, 'sku'))
      }
    }
  }

  addApparelRow(row: CsvRow): void {
    const values: CustomAttribute[] = []
    let hasOptions = '0'
    let requiredOptions = '0'
    for (const pair of (row.additional_attributes ?? '').split(',')) {
      const separator = pair.indexOf('=')
      if (separator < 0) continue
      const code = pair.slice(0, separator)
      const raw = pair.slice(separator + 1)
      if (code === 'has_options') hasOptions = raw
      else if (code === 'required_options') requiredOptions = raw
      else {
        const encoded = this.encode(code, raw.split('|'))
        if (encoded !== undefined) values.push({ attribute_code: code, value: encoded })
      }
    }
    const maxCart = Number(row.max_cart_qty || 0)
    this.add({
      sku: field(row, 'sku'),
      name: field(row, 'name'),
      typeId: field(row, 'product_type'),
      attributeSet: row.attribute_set_code || 'Default',
      price: Number(row.price || 0),
      status: row.product_online === '0' ? 2 : 1,
      visibility: VISIBILITY_BY_LABEL[(row.visibility ?? '').toLowerCase()] ?? ProductVisibility.catalogSearch,
      weight: row.weight ? Number(row.weight) : undefined,
      categoryIds: this.resolveCategoryPaths(row.categories ?? ''),
      description: row.description ?? '',
      shortDescription: row.short_description ?? '',
      urlKey: row.url_key || urlKeyOf(field(row, 'name')),
      specialPrice: row.special_price ?? '',
      images: {
        base: row.base_image || undefined,
        small: row.small_image || undefined,
        thumbnail: row.thumbnail_image || undefined,
        additional: (row.additional_images ?? '').split(',').filter(Boolean),
      },
      stock: {
        qty: Number(row.qty || 0),
        isInStock: row.is_in_stock !== '0',
        minSaleQty: Number(row.min_cart_qty || 1),
        // max_cart_qty 0 with use_config_max_sale_qty means the config default, 10000.
        maxSaleQty: maxCart > 0 ? maxCart : 10000,
        useConfigMaxSaleQty: row.use_config_max_sale_qty !== '0',
        manageStock: row.use_config_manage_stock === '1' ? true : row.manage_stock === '1',
      },
      hasOptions,
      requiredOptions,
      values,
    })
  }

  /** Fills `configurable_product_options` and `_links` of every parent from `configurable_variations`. */
  linkConfigurables(rows: readonly CsvRow[]): void {
    for (const row of rows) {
      if (row.product_type !== 'configurable') continue
      const parent = this.bySku.get(field(row, 'sku'))
      if (!parent) continue
      const variations = parseVariations(row.configurable_variations ?? '').filter((variation) => variation.sku && this.bySku.has(variation.sku))
      const codes = Object.keys(variations[0] ?? {}).filter((key) => key !== 'sku')
      parent.extension_attributes.configurable_product_options = codes.map((code, position) => {
        const definition = this.attributes.get(code)
        const valueIndexes: number[] = []
        for (const variation of variations) {
          const label = variation[code]
          const id = label === undefined ? undefined : this.attributes.optionIds.idFor(code, label)
          if (id !== undefined && !valueIndexes.includes(Number(id))) valueIndexes.push(Number(id))
        }
        return {
          id: this.nextSuperAttributeId++,
          attribute_id: String(definition?.id ?? 0),
          label: definition?.storeLabel ?? definition?.label ?? code,
          position,
          values: valueIndexes.map((value_index) => ({ value_index })),
          product_id: parent.id,
        }
      })
      parent.extension_attributes.configurable_product_links = variations.map((variation) => this.bySku.get(variation.sku ?? '')?.id ?? 0)
    }
  }

  addRelatedLinks(rows: readonly CsvRow[]): void {
    for (const row of rows) {
      const product = this.bySku.get(field(row, 'sku'))
      if (!product) continue
      let position = 1
      for (const linkedSku of splitLines(row.linked_sku)) {
        const linked = this.bySku.get(linkedSku)
        if (!linked) continue
        product.product_links.push({ sku: product.sku, link_type: 'related', linked_product_sku: linked.sku, linked_product_type: linked.type_id, position: position++ })
      }
    }
  }

  addMsrp(rows: readonly CsvRow[]): void {
    for (const row of rows) {
      const product = this.bySku.get(field(row, 'sku'))
      if (product && row.msrp) product.custom_attributes.push({ attribute_code: 'msrp', value: Number(row.msrp).toFixed(6) })
    }
  }

  private add(data: ProductData): void {
    if (this.bySku.has(data.sku)) return
    const id = this.nextEntityId++
    const timestamp = magentoDateTime(new Date(SEED_EPOCH_MS + id * 1000))
    const generated = generateAttributes(data.sku, this.familyOf.get(data.sku) ?? data.sku, data.attributeSet, (gtin) => this.gtins.has(gtin))
    this.gtins.add(generated.gtin)
    const gallery = this.gallery(data.images)

    const custom: CustomAttribute[] = [{ attribute_code: 'description', value: data.description }]
    if (data.shortDescription) custom.push({ attribute_code: 'short_description', value: data.shortDescription })
    for (const [code, file] of [['image', data.images.base], ['small_image', data.images.small], ['thumbnail', data.images.thumbnail]] as const) {
      if (file) custom.push({ attribute_code: code, value: file })
    }
    custom.push(
      { attribute_code: 'category_ids', value: data.categoryIds.map(String) },
      { attribute_code: 'options_container', value: 'container2' },
      { attribute_code: 'required_options', value: data.requiredOptions },
      { attribute_code: 'has_options', value: data.hasOptions },
      { attribute_code: 'url_key', value: data.urlKey },
      { attribute_code: 'tax_class_id', value: TAXABLE_GOODS },
    )
    if (data.specialPrice) custom.push({ attribute_code: 'special_price', value: Number(data.specialPrice).toFixed(6) })
    custom.push(...data.values)
    custom.push(
      { attribute_code: GENERATED_ATTRIBUTE_CODES.brand, value: this.attributes.optionIds.ensure(GENERATED_ATTRIBUTE_CODES.brand, generated.brand) },
      { attribute_code: GENERATED_ATTRIBUTE_CODES.manufacturerPartNumber, value: generated.manufacturerPartNumber },
      { attribute_code: GENERATED_ATTRIBUTE_CODES.gtin, value: generated.gtin },
      { attribute_code: GENERATED_ATTRIBUTE_CODES.length, value: generated.length },
      { attribute_code: GENERATED_ATTRIBUTE_CODES.width, value: generated.width },
      { attribute_code: GENERATED_ATTRIBUTE_CODES.height, value: generated.height },
    )

    const product: MagentoProduct = {
      id,
      sku: data.sku,
      name: data.name,
      attribute_set_id: this.attributeSets.get(data.attributeSet) ?? DEFAULT_ATTRIBUTE_SET_ID,
      price: data.price,
      status: data.status,
      visibility: data.visibility,
      type_id: data.typeId,
      created_at: timestamp,
      updated_at: timestamp,
      weight: data.weight ?? generated.weight,
      extension_attributes: {
        website_ids: [MAIN_WEBSITE_ID],
        category_links: data.categoryIds.map((categoryId, position) => ({ position, category_id: String(categoryId) })),
        stock_item: stockItem(id, data.stock),
        ...(data.typeId === 'configurable' ? { configurable_product_options: [], configurable_product_links: [] } : {}),
      },
      product_links: [],
      options: [],
      media_gallery_entries: gallery,
      tier_prices: [],
      custom_attributes: custom,
    }
    this.bySku.set(product.sku, product)
  }

  /** Encodes labels as Magento stores them: option ids for select/multiselect/boolean, text otherwise. */
  private encode(code: string, labels: readonly string[]): string | undefined {
    const definition: AttributeDefinition | undefined = this.attributes.get(code)
    const cleaned = labels.map((label) => label.trim()).filter(Boolean)
    if (cleaned.length === 0) return undefined
    if (!definition || !this.attributes.usesOptions(code)) return cleaned.join(',')
    if (definition.input === 'boolean') {
      const first = (cleaned[0] ?? '').toLowerCase()
      return first === '1' || first === 'yes' ? '1' : '0'
    }
    // Labels the attribute definition lacks are created, as the importer does with new options.
    const ids = [...new Set(cleaned.map((label) => this.attributes.optionIds.ensure(code, label)))]
    return definition.input === 'select' ? ids[0] : ids.join(',')
  }

  /**
   * The gear CSVs name categories as a walk ("Gear\nBags\nCollections\nErin Recommends"): each
   * name is looked up below the previous one, and from the top again when it is not found there.
   * Every category on the walk is assigned, as CatalogSampleData's converter does.
   */
  private walkCategoryNames(names: readonly string[]): number[] {
    const ids: number[] = []
    let parentId = 2
    for (const name of names) {
      const found = this.categories.childNamed(parentId, name) ?? this.categories.childNamed(2, name)
      if (!found) continue
      if (!ids.includes(found.id)) ids.push(found.id)
      parentId = found.id
    }
    return ids
  }

  /** Import format: comma-separated full paths; the product gets the last category of each. */
  private resolveCategoryPaths(value: string): number[] {
    const ids: number[] = []
    for (const path of value.split(',').filter(Boolean)) {
      const names = path.split('/').slice(1)
      const category = this.categories.resolvePath(names) ?? this.categories.ensurePath(names)
      if (!ids.includes(category.id)) ids.push(category.id)
    }
    return ids
  }

  private gallery(images: ProductData['images']): MediaGalleryEntry[] {
    const files = [...new Set([images.base, images.small, images.thumbnail, ...images.additional].filter((file): file is string => !!file))]
    return files.map((file, index) => ({
      id: this.nextGalleryId++,
      media_type: 'image',
      label: '',
      position: index + 1,
      disabled: false,
      types: [
        ...(file === images.base ? ['image'] : []),
        ...(file === images.small ? ['small_image'] : []),
        ...(file === images.thumbnail ? ['thumbnail'] : []),
      ],
      file,
    }))
  }
}

interface ProductData {
  sku: string
  name: string
  typeId: string
  attributeSet: string
  price: number
  status: number
  visibility: number
  weight: number | undefined
  categoryIds: number[]
  description: string
  shortDescription: string
  urlKey: string
  specialPrice: string
  images: { base: string | undefined; small: string | undefined; thumbnail: string | undefined; additional: string[] }
  stock: { qty: number; isInStock: boolean; minSaleQty: number; maxSaleQty: number; useConfigMaxSaleQty: boolean; manageStock: boolean }
  hasOptions: string
  requiredOptions: string
  values: CustomAttribute[]
}

/** A stock item with Magento's defaults for everything the sample data does not set. */
export function stockItem(productId: number, stock: { qty: number; isInStock: boolean; minSaleQty?: number; maxSaleQty?: number; useConfigMaxSaleQty?: boolean; manageStock?: boolean }): StockItem {
  return {
    item_id: productId,
    product_id: productId,
    stock_id: 1,
    qty: stock.qty,
    is_in_stock: stock.isInStock,
    is_qty_decimal: false,
    show_default_notification_message: false,
    use_config_min_qty: true,
    min_qty: 0,
    use_config_min_sale_qty: 1,
    min_sale_qty: stock.minSaleQty ?? 1,
    use_config_max_sale_qty: stock.useConfigMaxSaleQty ?? true,
    max_sale_qty: stock.maxSaleQty ?? 10000,
    use_config_backorders: true,
    backorders: 0,
    use_config_notify_stock_qty: true,
    notify_stock_qty: 1,
    use_config_qty_increments: true,
    qty_increments: 0,
    use_config_enable_qty_inc: true,
    enable_qty_increments: false,
    use_config_manage_stock: true,
    manage_stock: stock.manageStock ?? true,
    low_stock_date: null,
    is_decimal_divided: false,
    stock_status_changed_auto: 0,
  }
}

/** `sku=MH01-XS-Black,size=XS,color=Black|sku=…` → one record per child. */
function parseVariations(value: string): Record<string, string>[] {
  return value
    .split('|')
    .filter(Boolean)
    .map((variation) => Object.fromEntries(variation.split(',').map((pair) => pair.split('=', 2) as [string, string])))
}

function groupImages(rows: readonly CsvRow[]): Map<string, string[]> {
  const images = new Map<string, string[]>()
  for (const row of rows) {
    const sku = field(row, 'sku')
    images.set(sku, [...(images.get(sku) ?? []), field(row, 'image')])
  }
  return images
}

function splitLines(value: string | undefined): string[] {
  return (value ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
}

function field(row: CsvRow, column: string): string {
  const value = row[column]
  if (value === undefined) throw new Error(`sample data row lacks column ${column}`)
  return value.trim()
}
