import { describe, expect, it, vi } from 'vitest'
import { isAppError, LS_ERR_INGEST_INVALID_PAYLOAD } from '@listing-sync/errors'
import { flatToRestProduct } from './flat-product.js'
import { magentoProductSchema, type MagentoProduct } from './magento-product.js'
import { formatAmount, isCompleteProduct, normaliseProduct, type NormaliseContext } from './normalise-product.js'
import { LS_ERR_INGEST_PRODUCT_INCOMPLETE } from '@listing-sync/errors'
import { avroProblems, productChangedType, readFixture } from './test-fixtures.js'

const EXAMPLES = 'magento-rest/examples'
const avroType = productChangedType()

const rest = (file: string): MagentoProduct => magentoProductSchema.parse(readFixture(`${EXAMPLES}/${file}`))

/** Option labels: size from the docs' attribute-set listing, the rest a table of our own. */
function labelTable(): Map<string, Map<string, string>> {
  const attributes = readFixture(`${EXAMPLES}/GET_V1_products_attribute-sets_9_attributes.response.json`) as { attribute_code: string; options: { label: string; value: string }[] }[]
  const table = new Map(attributes.map((a) => [a.attribute_code, new Map(a.options.map((o) => [o.value, o.label]))]))
  table.set('color', new Map([['52', 'Gray'], ['53', 'Blue']]))
  table.set('material', new Map([['148', 'Cotton']]))
  table.set('pattern', new Map([['196', 'Solid']]))
  table.set('activity', new Map([['12', 'Yoga'], ['15', 'Running']]))
  table.set('tax_class_id', new Map([['2', 'Taxable Goods']]))
  return table
}

function context(overrides: Partial<NormaliseContext> = {}): NormaliseContext & { optionLabels: ReturnType<typeof vi.fn> } {
  const table = labelTable()
  return {
    storeCode: 'default',
    currency: 'USD',
    weightUnit: 'KG',
    mediaBaseUrl: 'https://shop.example/media/',
    optionLabels: vi.fn((code: string) => Promise.resolve(table.get(code))),
    ...overrides,
  } as NormaliseContext & { optionLabels: ReturnType<typeof vi.fn> }
}

const event = (product: Awaited<ReturnType<typeof normaliseProduct>>) => ({
  eventId: 'e1',
  source: 'webhook',
  magentoUpdatedAt: new Date(0),
  observedAt: new Date(0),
  product,
})

describe('normaliseProduct on the docs examples', () => {
  it('resolves option ids of the simple child to labels and keeps the description apart', async () => {
    const product = await normaliseProduct(rest('POST_V1_products.simple-child.response.json'), context())
    expect(product).toMatchObject({
      sku: 'MS-Champ-S',
      magentoId: 2079,
      storeCode: 'default',
      name: 'Champ Tee Small',
      typeId: 'simple',
      attributeSetId: 9,
      enabled: true,
      visibility: 'NOT_VISIBLE',
      price: { amount: '25.00', currency: 'USD' },
      weight: { value: 0.5, unit: 'KG' },
      stock: { qty: 10, isInStock: true, manageStock: true, salableQty: null, stockId: null },
      categories: [
        { id: 11, name: null, path: [] },
        { id: 12, name: null, path: [] },
        { id: 16, name: null, path: [] },
      ],
      websiteIds: [1],
      createdAt: new Date('2017-11-29T20:40:07Z'),
    })
    expect(product.descriptionHtml).toMatch(/^The Champ Tee keeps you cool/)
    expect(product.attributes).toEqual({
      color: { raw: '52', labels: ['Gray'] },
      material: { raw: '148', labels: ['Cotton'] },
      size: { raw: '168', labels: ['Small'] },
      pattern: { raw: '196', labels: ['Solid'] },
      tax_class_id: { raw: '2', labels: ['Taxable Goods'] },
      url_key: { raw: 'champ-tee-small', labels: [] },
    })
    expect(avroProblems(avroType, event(product))).toEqual([])
  })

  it('gives a configurable parent no price and its variation attributes, children and codes', async () => {
    const parent = rest('POST_V1_products.configurable-parent.response.json')
    const fragment = readFixture(`${EXAMPLES}/GET_V1_products_MS-Champ.extension_attributes.fragment.json`) as Record<string, unknown>
    const withOptions = magentoProductSchema.parse({ ...parent, extension_attributes: { ...parent.extension_attributes, ...fragment } })
    const childSkus = vi.fn((ids: readonly number[]) => Promise.resolve(ids.map((id) => `MS-Champ-${id}`)))
    const product = await normaliseProduct(withOptions, context({ childSkus, attributeCode: (id) => Promise.resolve(id === 141 ? 'size' : undefined) }))
    expect(product.price).toBeNull()
    expect(product.configurable).toEqual({
      variationAttributes: [{ attributeId: 141, code: 'size', label: 'Size', valueIds: ['168', '169', '170'] }],
      childIds: [2079, 2080, 2081],
      childSkus: ['MS-Champ-2079', 'MS-Champ-2080', 'MS-Champ-2081'],
    })
    expect(childSkus).toHaveBeenCalledTimes(1)
    // An option id the table does not know keeps its raw value and gets no label.
    expect(product.attributes.size).toEqual({ raw: '91', labels: [] })
    expect(avroProblems(avroType, event(product))).toEqual([])
  })

  it('gives a dynamic-price bundle and a grouped product no price', async () => {
    const bundle = await normaliseProduct(rest('POST_V1_products.bundle.response.json'), context())
    const grouped = await normaliseProduct(rest('POST_V1_products.grouped-example.json'), context())
    expect(bundle.price).toBeNull()
    expect(bundle.categories.map((c) => c.id)).toEqual([32])
    expect(grouped.price).toBeNull()
    expect(grouped.weight).toBeNull()
    expect(grouped.categories).toEqual([])
    expect(isCompleteProduct(rest('POST_V1_products.bundle.response.json'))).toBe(true)
    expect(isCompleteProduct(rest('POST_V1_products.grouped-example.json'))).toBe(true)
  })

  it('keeps a fixed-price bundle’s price', async () => {
    const bundle = rest('POST_V1_products.bundle.response.json')
    const fixed = { ...bundle, price: 499.5, custom_attributes: bundle.custom_attributes!.map((a) => (a.attribute_code === 'price_type' ? { ...a, value: '1' } : a)) }
    expect((await normaliseProduct(fixed, context())).price).toEqual({ amount: '499.50', currency: 'USD' })
  })

  it('builds absolute media URLs in position order, with roles', async () => {
    const store = rest('POST_V1_products.store-scope-media.response.json')
    const shuffled = { ...store, name: 'n', type_id: 'simple', status: 1 as const, visibility: 4 as const, media_gallery_entries: [...store.media_gallery_entries!].reverse() }
    const product = await normaliseProduct(shuffled, context())
    expect(product.media).toEqual([
      { url: 'https://shop.example/media/catalog/product/m/j/mj03-black_main_12.jpg', label: null, position: 1, roles: ['image', 'small_image', 'thumbnail'], disabled: false, mediaType: 'image' },
      { url: 'https://shop.example/media/catalog/product/m/j/mj03-black_alt1_12.jpg', label: null, position: 2, roles: [], disabled: false, mediaType: 'image' },
      { url: 'https://shop.example/media/catalog/product/m/j/mj03-black_back_12.jpg', label: null, position: 3, roles: [], disabled: false, mediaType: 'image' },
    ])
  })

  it('normalises the real flat observer payload without internal keys as attributes', async () => {
    const flat = (readFixture('adobe-commerce/io-events/observer.catalog_product_save_after.full-payload.json') as { event: { data: { value: Record<string, unknown> } } }).event.data.value
    const magento = flatToRestProduct(flat)
    expect(isCompleteProduct(magento)).toBe(true)
    const product = await normaliseProduct(magento, context({ category: (id) => Promise.resolve(id === 4 ? { name: 'Gear', path: ['Default Category', 'Gear'] } : undefined) }))
    expect(product).toMatchObject({
      sku: 'test2',
      magentoId: 3,
      price: { amount: '123.00', currency: 'USD' },
      enabled: true,
      visibility: 'CATALOG_SEARCH',
      stock: { qty: 333, isInStock: true, manageStock: true },
      categories: [{ id: 4, name: 'Gear', path: ['Default Category', 'Gear'] }],
      websiteIds: [1],
      media: [],
      createdAt: new Date('2022-07-28T14:13:40Z'),
    })
    expect(Object.keys(product.attributes).sort()).toEqual(
      ['gift_message_available', 'gift_wrapping_available', 'is_returnable', 'meta_description', 'meta_keyword', 'meta_title', 'msrp_display_actual_price_type', 'page_layout', 'tax_class_id', 'url_key'].sort(),
    )
    expect(avroProblems(avroType, event(product))).toEqual([])
  })
})

describe('normaliseProduct rules', () => {
  const base = { sku: 'S1', name: 'n', type_id: 'simple', status: 2, visibility: 3 }

  it('resolves a multiselect to several labels with one lookup for the attribute', async () => {
    const ctx = context()
    const p = magentoProductSchema.parse({ ...base, custom_attributes: [{ attribute_code: 'activity', value: '12,99,15' }, { attribute_code: 'color', value: '53' }, { attribute_code: 'meta_title', value: 'Hello' }] })
    const product = await normaliseProduct(p, ctx)
    expect(product.attributes.activity).toEqual({ raw: '12,99,15', labels: ['Yoga', 'Running'] })
    expect(product.enabled).toBe(false)
    expect(product.visibility).toBe('SEARCH')
    expect(ctx.optionLabels.mock.calls).toEqual([['activity'], ['color']]) // not for text values
  })

  it('joins a multiselect sent as a list', async () => {
    const p = magentoProductSchema.parse({ ...base, custom_attributes: [{ attribute_code: 'activity', value: ['12', '15'] }] })
    expect((await normaliseProduct(p, context())).attributes.activity).toEqual({ raw: '12,15', labels: ['Yoga', 'Running'] })
  })

  it('takes the MSI salable quantity when the context knows it', async () => {
    const p = magentoProductSchema.parse({ ...base, extension_attributes: { stock_item: { qty: 5, is_in_stock: true, manage_stock: false } } })
    const product = await normaliseProduct(p, context({ salableQty: () => Promise.resolve({ qty: 3, stockId: 2 }) }))
    expect(product.stock).toEqual({ qty: 5, isInStock: true, manageStock: false, salableQty: 3, stockId: 2 })
  })

  it('lets lookup failures through unchanged, so a retryable one stays retryable', async () => {
    const failure = new Error('magento down')
    await expect(normaliseProduct(magentoProductSchema.parse({ ...base, custom_attributes: [{ attribute_code: 'color', value: '52' }] }), context({ optionLabels: () => Promise.reject(failure) }))).rejects.toBe(failure)
  })

  it('refuses a product that lacks what the record needs, naming the fields', async () => {
    const rejection = normaliseProduct(magentoProductSchema.parse({ sku: 'S1', price: 3 }), context())
    await expect(rejection).rejects.toSatisfy((error: unknown) => isAppError(error, LS_ERR_INGEST_PRODUCT_INCOMPLETE))
    await expect(rejection).rejects.toThrow('name, type_id, status, visibility')
  })

  it.each([
    [34, '34.00'],
    [32444, '32444.00'],
    [19.99, '19.99'],
    [19.995, '19.995'],
    [0.12345, '0.1235'],
    [0.1 + 0.2, '0.30'],
    [0, '0.00'],
    [1e-7, '0.00'],
    [12345678901.2345, '12345678901.2345'],
    [1.00005, '1.0001'],
    [9.99995, '10.00'],
    [0.99999, '1.00'],
    [Number('123.000000'), '123.00'],
  ])('formats %s as "%s"', (amount, text) => {
    expect(formatAmount(amount)).toBe(text)
  })

  it('refuses to format what is not an amount', () => {
    for (const amount of [-1, Number.NaN, Number.POSITIVE_INFINITY, 1e21]) {
      expect(() => formatAmount(amount)).toThrow(expect.toSatisfy((e: unknown) => isAppError(e, LS_ERR_INGEST_INVALID_PAYLOAD)) as Error)
    }
  })
})

describe('isCompleteProduct', () => {
  it('needs the fields and lists a partial payload leaves out', () => {
    const full = rest('POST_V1_products.simple-child.response.json')
    expect(isCompleteProduct(full)).toBe(true)
    for (const key of ['name', 'type_id', 'status', 'visibility', 'updated_at', 'price', 'custom_attributes', 'media_gallery_entries'] as const) {
      expect(isCompleteProduct({ ...full, [key]: undefined }), key).toBe(false)
    }
    expect(isCompleteProduct({ ...full, extension_attributes: { ...full.extension_attributes, stock_item: undefined } })).toBe(false)
    expect(isCompleteProduct({ ...full, extension_attributes: { ...full.extension_attributes, website_ids: undefined } })).toBe(false)
    // category_ids stands in for category_links.
    expect(isCompleteProduct({ ...full, extension_attributes: { ...full.extension_attributes, category_links: undefined } })).toBe(true)
  })

  it('is false for a configurable parent without its children and options, as observer hooks send it', () => {
    const parent = rest('POST_V1_products.configurable-parent.response.json')
    const extension = parent.extension_attributes!
    const complete = { ...parent, updated_at: '2026-01-01 00:00:00', extension_attributes: { ...extension, website_ids: [1], stock_item: { qty: 0, is_in_stock: true } } }
    expect(isCompleteProduct(complete), 'with links and options').toBe(true)
    expect(isCompleteProduct({ ...complete, extension_attributes: { ...complete.extension_attributes, configurable_product_links: undefined } })).toBe(false)
    expect(isCompleteProduct({ ...complete, extension_attributes: { ...complete.extension_attributes, configurable_product_options: undefined } })).toBe(false)
  })

  it('is false for request bodies, which lack updated_at', () => {
    expect(isCompleteProduct(magentoProductSchema.parse((readFixture(`${EXAMPLES}/POST_V1_products.simple-child.request.json`) as { product: unknown }).product))).toBe(false)
  })
})
