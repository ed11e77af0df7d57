import { describe, expect, it } from 'vitest'
import { applyPatches } from './listing-patches.js'

const US = 'ATVPDKIKX0DER'
const context = { selectorsOf: (attribute: string) => (attribute === 'purchasable_offer' ? ['marketplace_id', 'currency', 'audience'] : ['marketplace_id', 'language_tag']), defaults: { marketplace_id: US, language_tag: 'en_US' } }
const listing = {
  item_name: [{ value: 'Hoodie', language_tag: 'en_US', marketplace_id: US }],
  purchasable_offer: [
    { currency: 'USD', marketplace_id: US, our_price: [{ schedule: [{ value_with_tax: 52 }] }], minimum_seller_allowed_price: [{ schedule: [{ value_with_tax: 40 }] }] },
    { currency: 'USD', marketplace_id: US, audience: 'B2B', our_price: [{ schedule: [{ value_with_tax: 45 }] }] },
  ],
}

describe('applyPatches', () => {
  it('merges into the value with the same selectors only, deeply, replacing arrays', () => {
    const result = applyPatches(listing, [{ op: 'merge', path: '/attributes/purchasable_offer', value: [{ currency: 'USD', marketplace_id: US, our_price: [{ schedule: [{ value_with_tax: 50 }] }] }] }], context)
    expect(result).toEqual({
      attributes: {
        ...listing,
        purchasable_offer: [
          { currency: 'USD', marketplace_id: US, our_price: [{ schedule: [{ value_with_tax: 50 }] }], minimum_seller_allowed_price: [{ schedule: [{ value_with_tax: 40 }] }] },
          listing.purchasable_offer[1],
        ],
      },
    })
  })

  it('counts a missing selector member as the listing’s marketplace and language', () => {
    const result = applyPatches(listing, [{ op: 'delete', path: '/attributes/item_name', value: [{ value: 'Hoodie' }] }], context)
    expect(result).toEqual({ attributes: { purchasable_offer: listing.purchasable_offer } })
  })

  it('adds, replaces and deletes whole attributes, and leaves its input untouched', () => {
    const before = structuredClone(listing)
    const result = applyPatches(
      listing,
      [
        { op: 'add', path: '/attributes/color', value: [{ value: 'Black' }] },
        { op: 'replace', path: '/attributes/item_name', value: [{ value: 'Chaz Hoodie' }] },
        { op: 'delete', path: '/attributes/purchasable_offer' },
      ],
      context,
    )
    expect(result).toEqual({ attributes: { item_name: [{ value: 'Chaz Hoodie' }], color: [{ value: 'Black' }] } })
    expect(listing).toEqual(before)
  })

  it('reports every patch that cannot be applied', () => {
    expect(applyPatches(listing, [{ op: 'add', path: '/attributes/item_name/0' , value: [] }, { op: 'merge', path: '/attributes/color' }], context)).toEqual({
      problems: [
        "body/patches/0/path: '/attributes/item_name/0' is not '/attributes/<name>'; only top-level attributes can be patched.",
        "body/patches/1/value: is required for op 'merge'.",
      ],
    })
  })
})
