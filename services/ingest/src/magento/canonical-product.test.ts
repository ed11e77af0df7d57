import { describe, expect, it } from 'vitest'
import type { Product, ProductChanged } from '@listing-sync/catalog'
import { avroProblems, productChangedType, readProductChangedSchema } from './test-fixtures.js'

const type = productChangedType()

/** Every field set, optional ones non-null, so a field missing from either side shows. */
const full: ProductChanged = {
  eventId: 'e1',
  source: 'reconcile',
  magentoUpdatedAt: new Date('2025-07-17T15:48:41Z'),
  observedAt: new Date('2025-07-17T15:48:42Z'),
  product: {
    sku: 'MS-Champ',
    magentoId: 2078,
    storeCode: 'default',
    name: 'Champ Tee',
    typeId: 'configurable',
    attributeSetId: 9,
    attributeSetName: 'Top',
    enabled: true,
    visibility: 'CATALOG_SEARCH',
    price: { amount: '34.00', currency: 'USD' },
    weight: { value: 0.5, unit: 'KG' },
    descriptionHtml: '<p>x</p>',
    shortDescriptionHtml: '<b>y</b>',
    stock: { qty: 10, isInStock: true, manageStock: true, salableQty: 8, stockId: 1 },
    categories: [{ id: 11, name: 'Men', path: ['Default Category', 'Men'] }],
    websiteIds: [1],
    media: [{ url: 'https://shop.example/media/catalog/product/m/j/a.jpg', label: 'front', position: 1, roles: ['image'], disabled: false, mediaType: 'image' }],
    attributes: { color: { raw: '52', labels: ['Gray'] } },
    configurable: { variationAttributes: [{ attributeId: 141, code: 'size', label: 'Size', valueIds: ['168'] }], childIds: [2079], childSkus: ['MS-Champ-S'] },
    parentSkus: ['P'],
    createdAt: new Date('2017-11-29T19:57:20Z'),
    updatedAt: new Date('2025-07-17T15:48:41Z'),
    parent: null,
  },
}
// A child's parent is a whole Product (Avro refers to the record by name), whose own parent is null.
full.product.parent = { ...full.product, sku: 'P', configurable: null, parent: null }

describe('canonical product types', () => {
  it('accepts a value with every field set, and it survives an Avro round trip', () => {
    expect(avroProblems(type, full)).toEqual([])
    expect(type.fromBuffer(type.toBuffer(full))).toEqual(full)
  })

  it('names exactly the fields the Avro schema declares', () => {
    const schema = readProductChangedSchema() as { fields: { name: string; type: unknown }[] }
    expect(Object.keys(full).sort()).toEqual(schema.fields.map((f) => f.name).sort())
    const productSchema = schema.fields.find((f) => f.name === 'product')!.type as { fields: { name: string }[] }
    expect(Object.keys(full.product).sort()).toEqual(productSchema.fields.map((f) => f.name).sort())
  })

  it('accepts nulls in every nullable field', () => {
    const product: Product = {
      ...full.product,
      magentoId: null,
      attributeSetId: null,
      attributeSetName: null,
      price: null,
      weight: null,
      descriptionHtml: null,
      shortDescriptionHtml: null,
      stock: null,
      configurable: null,
      createdAt: null,
      updatedAt: null,
      parent: null,
      attributes: { text: { raw: null, labels: [] } },
    }
    expect(avroProblems(type, { ...full, product })).toEqual([])
  })
})
