import { beforeAll, describe, expect, it } from 'vitest'
import { createAmazonProductTypeValidator, loadProductTypeSchema } from './index.js'
import type { AmazonProductTypeValidator, ListingIssue } from './index.js'
import { amazonIssueChecker, commonAttributes, EN_US, plain, text, US } from './test-support.js'

/** Each demo product type with the type-specific attributes of a realistic Luma product. */
const PRODUCT_TYPES: Record<string, { sku: string; attributes: Record<string, unknown> }> = {
  LUGGAGE: { sku: '24-MB01', attributes: { material: [...text('Nylon'), ...text('Polyester')], style: text('Duffle'), item_volume: [{ value: 38, unit: 'liters', marketplace_id: US }] } },
  SHIRT: {
    sku: 'MH01-XS-Black',
    attributes: { item_name: text('Chaz Kangeroo Hoodie'), color: text('Black'), size: text('XS'), material: [...text('Cotton'), ...text('Polyester')], department: text('Mens'), style: text('Hoodie') },
  },
  PANTS: { sku: 'WP01-28-Black', attributes: { item_name: text('Ida Workout Parachute Pant'), color: text('Black'), size: text('28'), material: text('Polyester'), department: text('Womens') } },
  WATCH: { sku: '24-MG04', attributes: { item_name: text('Aim Analog Watch'), material: [...text('Plastic'), ...text('Rubber')], display_type: text('Analog'), department: text('Unisex') } },
  SPORTING_GOODS: { sku: '24-WG080', attributes: { item_name: text('Sprite Stasis Ball 55 cm'), material: text('Plastic'), color: text('Blue'), size: text('55 cm') } },
}

const without = (attributes: Record<string, unknown>, name: string) => Object.fromEntries(Object.entries(attributes).filter(([key]) => key !== name))

describe.each(Object.keys(PRODUCT_TYPES))('the demo %s product type schema', (productType) => {
  let validate: AmazonProductTypeValidator
  let checkIssue: (issue: unknown) => string[]
  const complete = () => commonAttributes(PRODUCT_TYPES[productType]?.attributes)
  const issuesOf = (attributes: Record<string, unknown>): ListingIssue[] => {
    const issues = validate({ productType, requirements: 'LISTING', attributes })
    for (const issue of issues) expect(checkIssue(issue)).toEqual([])
    return issues
  }
  const missing = (issues: ListingIssue[]) => issues.filter((i) => i.code === '90220').map((i) => i.attributeNames[0])

  beforeAll(async () => {
    validate = createAmazonProductTypeValidator(await loadProductTypeSchema(productType), { marketplaceId: US, languageTag: EN_US })
    checkIssue = amazonIssueChecker()
  })

  it('accepts a complete listing of a realistic product', () => {
    expect(issuesOf(complete())).toEqual([])
  })

  it('rejects a listing without item_name', () => {
    expect(missing(issuesOf(without(complete(), 'item_name')))).toEqual(['item_name'])
  })

  it('rejects a listing without purchasable_offer', () => {
    expect(missing(issuesOf(without(complete(), 'purchasable_offer')))).toEqual(['purchasable_offer'])
  })

  it('requires an external product id unless the product is exempt', () => {
    expect(missing(issuesOf(without(complete(), 'externally_assigned_product_identifier')))).toEqual(['externally_assigned_product_identifier'])
    const exempt = { ...without(complete(), 'externally_assigned_product_identifier'), supplier_declared_has_product_identifier_exemption: plain(true) }
    expect(issuesOf(exempt)).toEqual([])
  })

  it('rejects a price of 0, a negative quantity and a DEFAULT channel without quantity', () => {
    const zeroPrice = [{ currency: 'USD', marketplace_id: US, our_price: [{ schedule: [{ value_with_tax: 0 }] }] }]
    expect(issuesOf({ ...complete(), purchasable_offer: zeroPrice }).map((i) => [i.attributeNames[0], i.code])).toEqual([['purchasable_offer', '4000001']])
    expect(issuesOf({ ...complete(), fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: -1 }] }).map((i) => i.attributeNames[0])).toEqual(['fulfillment_availability'])
    expect(issuesOf({ ...complete(), fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 1.5 }] }).map((i) => i.attributeNames[0])).toEqual(['fulfillment_availability'])
    expect(issuesOf({ ...complete(), fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT' }] }).map((i) => i.message)).toEqual([
      "'fulfillment_availability[0].quantity' is required but not supplied.",
    ])
    expect(issuesOf({ ...complete(), fulfillment_availability: [{ fulfillment_channel_code: 'AMAZON_NA' }] })).toEqual([])
  })

  it('accepts a variation parent without offer attributes and requires a parent SKU of its children', () => {
    const offerAttributes = ['purchasable_offer', 'fulfillment_availability', 'condition_type', 'item_package_weight', 'externally_assigned_product_identifier']
    const theme = themeOf(productType)
    const parent = Object.fromEntries(Object.entries(complete()).filter(([key]) => !offerAttributes.includes(key)))
    const parentListing = { ...parent, parentage_level: plain('parent'), child_parent_sku_relationship: [{ child_relationship_type: 'variation', marketplace_id: US }], variation_theme: [{ name: theme }] }
    expect(issuesOf(parentListing)).toEqual([])

    const child = { ...complete(), color: text('Black'), parentage_level: plain('child'), variation_theme: [{ name: theme }] }
    const orphan = { ...child, child_parent_sku_relationship: [{ child_relationship_type: 'variation', marketplace_id: US }] }
    expect(issuesOf(orphan).map((i) => i.message)).toEqual(["'child_parent_sku_relationship[0].parent_sku' is required but not supplied."])
    const sku = PRODUCT_TYPES[productType]?.sku.split('-')[0] ?? 'PARENT'
    expect(issuesOf({ ...child, child_parent_sku_relationship: [{ child_relationship_type: 'variation', parent_sku: sku, marketplace_id: US }] })).toEqual([])
  })
})

describe('the demo variation themes', () => {
  it('require the themed attribute of a child even where the product type leaves it optional', async () => {
    const validate = createAmazonProductTypeValidator(await loadProductTypeSchema('SPORTING_GOODS'), { marketplaceId: US, languageTag: EN_US })
    const child = {
      ...commonAttributes({ material: text('Plastic') }),
      parentage_level: plain('child'),
      child_parent_sku_relationship: [{ child_relationship_type: 'variation', parent_sku: '24-WG080', marketplace_id: US }],
      variation_theme: [{ name: 'SIZE/COLOR' }],
    }
    expect(validate({ productType: 'SPORTING_GOODS', attributes: child }).map((i) => i.attributeNames[0]).sort()).toEqual(['color', 'size'])
  })
})

function themeOf(productType: string): string {
  return productType === 'SHIRT' || productType === 'PANTS' ? 'SIZE/COLOR' : 'COLOR'
}
