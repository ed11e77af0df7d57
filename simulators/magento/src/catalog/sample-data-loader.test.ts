import { describe, expect, it } from 'vitest'
import { fixturesDir } from '../fixtures-dir.js'
import { isValidUpcA, upcCheckDigit } from './generated-attributes.js'
import { customAttribute } from './product-types.js'
import { readSampleCsv, SAMPLE_DATA_FILES } from './sample-data-files.js'
import { loadSampleCatalog } from './sample-data-loader.js'

const fixtures = fixturesDir()
const catalog = loadSampleCatalog(fixtures)
const bySku = new Map(catalog.products.map((product) => [product.sku, product]))
const gearRows = SAMPLE_DATA_FILES.gearProducts.flatMap((file) => readSampleCsv(fixtures, file))
const apparelRows = readSampleCsv(fixtures, SAMPLE_DATA_FILES.apparelProducts)

describe('loadSampleCatalog', () => {
  it('seeds one product per gear and apparel CSV row', () => {
    expect(catalog.products).toHaveLength(gearRows.length + apparelRows.length)
    for (const row of [...gearRows, ...apparelRows]) expect(bySku.has(row.sku ?? '')).toBe(true)
    const configurableRows = apparelRows.filter((row) => row.product_type === 'configurable')
    expect(catalog.products.filter((product) => product.type_id === 'configurable')).toHaveLength(configurableRows.length)
    expect(configurableRows).toHaveLength(147)
  })

  it('gives every entity id once, in load order', () => {
    expect(catalog.products.map((product) => product.id)).toEqual(catalog.products.map((_, index) => index + 1))
  })

  it('links each configurable parent to exactly the children its configurable_variations name', () => {
    for (const row of apparelRows.filter((r) => r.product_type === 'configurable')) {
      const parent = bySku.get(row.sku ?? '')
      const childSkus = (row.configurable_variations ?? '').split('|').map((variation) => /sku=([^,]+)/.exec(variation)?.[1])
      const linkedSkus = (parent?.extension_attributes.configurable_product_links ?? []).map((id) => catalog.products[id - 1]?.sku)
      expect(linkedSkus).toEqual(childSkus)
    }
  })

  it('declares the super attributes of each parent with every child value among its option values', () => {
    const parent = bySku.get('MH01')
    const options = parent?.extension_attributes.configurable_product_options ?? []
    expect(options.map((option) => option.label)).toEqual(['Size', 'Color'])
    for (const option of options) {
      expect(option.product_id).toBe(parent?.id)
      const code = option.label.toLowerCase()
      expect(String(catalog.attributes.get(code)?.id)).toBe(option.attribute_id)
      for (const childId of parent?.extension_attributes.configurable_product_links ?? []) {
        const child = catalog.products[childId - 1]
        const value = child && customAttribute(child, code)
        expect(option.values.map((v) => String(v.value_index))).toContain(value)
      }
    }
    expect(options[0]?.values.map((value) => catalog.attributes.optionIds.labelFor('size', String(value.value_index)))).toEqual(['XS', 'S', 'M', 'L', 'XL'])
  })

  it('stores select values as option ids whose labels are the CSV labels', () => {
    const child = bySku.get('MH01-XS-Black')
    expect(child && customAttribute(child, 'color')).toMatch(/^\d+$/)
    expect(catalog.attributes.optionIds.labelFor('color', String(child && customAttribute(child, 'color')))).toBe('Black')
    expect(catalog.attributes.optionIds.labelFor('size', String(child && customAttribute(child, 'size')))).toBe('XS')
  })

  it('stores multiselect values as comma-joined option ids of the CSV labels', () => {
    const row = gearRows.find((r) => r.sku === '24-MB01')
    const product = bySku.get('24-MB01')
    const ids = String(product && customAttribute(product, 'material')).split(',')
    const labels = ids.map((id) => catalog.attributes.optionIds.labelFor('material', id))
    expect(labels).toEqual((row?.material ?? '').split('\n').filter(Boolean))
  })

  it('gives every attribute option a distinct id, stable across loads', () => {
    const again = loadSampleCatalog(fixtures)
    const all = catalog.attributes.all().flatMap((definition) => catalog.attributes.optionIds.options(definition.code).map((option) => `${definition.code}:${option.value}`))
    const ids = all.filter((entry) => !/^(status|visibility|tax_class_id|options_container|eco_collection|performance_fabric|erin_recommends|new|sale):/.test(entry)).map((entry) => entry.split(':')[1])
    expect(new Set(ids).size).toBe(ids.length)
    expect(again.products).toEqual(catalog.products)
  })

  it('gives every product a brand, MPN, dimensions, weight and a unique UPC-A with a valid check digit', () => {
    const gtins = new Set<string>()
    for (const product of catalog.products) {
      const gtin = String(customAttribute(product, 'gtin'))
      expect(isValidUpcA(gtin), `${product.sku} ${gtin}`).toBe(true)
      gtins.add(gtin)
      expect(catalog.attributes.optionIds.labelFor('brand', String(customAttribute(product, 'brand')))).toBeDefined()
      expect(customAttribute(product, 'manufacturer_part_number')).toMatch(/^[A-Z]{3}-\d{5}-[A-Z0-9]+$/)
      for (const code of ['ts_dimensions_length', 'ts_dimensions_width', 'ts_dimensions_height']) expect(customAttribute(product, code)).toMatch(/^\d+\.\d{2}$/)
      expect(product.weight).toBeGreaterThan(0)
    }
    expect(gtins.size).toBe(catalog.products.length)
  })

  it('keeps one brand across a configurable family', () => {
    const parent = bySku.get('MH01')
    const brand = parent && customAttribute(parent, 'brand')
    for (const id of parent?.extension_attributes.configurable_product_links ?? []) {
      const child = catalog.products[id - 1]
      expect(child && customAttribute(child, 'brand')).toBe(brand)
    }
  })

  it('computes UPC-A check digits as GS1 defines them', () => {
    // 036000291452 is GS1's own worked example.
    expect(upcCheckDigit('03600029145')).toBe(2)
    expect(isValidUpcA('036000291452')).toBe(true)
    expect(isValidUpcA('036000291453')).toBe(false)
  })

  it('assigns gear products every category on their walk and apparel products the leaf of each path', () => {
    expect(customAttribute(bySku.get('24-MB01') ?? catalog.products[0]!, 'category_ids')).toEqual(['3', '4'])
    // Men (11) / Tops (12) / Tees (16) as in a Luma install and in the docs' MS-Champ example.
    expect(catalog.categories.resolvePath(['Men', 'Tops', 'Tees'])?.id).toBe(16)
    const mh01 = bySku.get('MH01')
    expect(mh01?.extension_attributes.category_links.map((link) => Number(link.category_id))).toEqual([
      catalog.categories.resolvePath(['Men', 'Tops', 'Hoodies & Sweatshirts'])?.id,
      catalog.categories.resolvePath(['Collections', 'Eco Friendly'])?.id,
      2,
    ])
  })

  it('maps stock, visibility and images from the import columns', () => {
    const child = bySku.get('MH01-XS-Black')
    expect(child?.visibility).toBe(1)
    expect(child?.extension_attributes.stock_item).toMatchObject({ qty: 100, is_in_stock: true, manage_stock: true })
    expect(child?.media_gallery_entries[0]).toMatchObject({ file: '/m/h/mh01-black_main.jpg', types: ['image', 'small_image', 'thumbnail'], media_type: 'image', disabled: false })
    expect(bySku.get('24-MB04')?.media_gallery_entries.map((entry) => entry.file)).toEqual(['/m/b/mb04-black-0.jpg', '/m/b/mb04-black-0_alt1.jpg'])
  })
})
