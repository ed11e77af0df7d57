import { describe, expect, it } from 'vitest'
import type { Product } from '@listing-sync/catalog'
import type { MagentoClient } from '../transport/magento-client.js'
import { ConfigurableParents } from './configurable-parents.js'

const parent: Product = {
  sku: 'MH05',
  magentoId: 5,
  storeCode: 'default',
  name: 'Hollister Backyard Sweatshirt',
  typeId: 'configurable',
  attributeSetId: 9,
  attributeSetName: null,
  enabled: true,
  visibility: 'CATALOG_SEARCH',
  price: null,
  weight: null,
  descriptionHtml: '<p>Cosy.</p>',
  shortDescriptionHtml: null,
  stock: null,
  categories: [],
  websiteIds: [1],
  media: [],
  attributes: { material: { raw: '33', labels: ['Cotton'] } },
  configurable: { variationAttributes: [], childIds: [51, 52], childSkus: ['MH05-XS-Green', 'MH05-S-Green'] },
  parentSkus: [],
  createdAt: null,
  updatedAt: new Date('2026-11-27T10:00:00Z'),
  parent: null,
}

describe('ConfigurableParents.remember', () => {
  // remember() never calls Magento; the client is there for lookups this test does not make.
  const parents = () => new ConfigurableParents({} as MagentoClient, { storeCode: 'default', currency: 'USD', weightUnit: 'LB', mediaBaseUrl: 'https://shop.example/media', optionLabels: () => Promise.resolve(undefined) }, { indexTtlMs: 60_000, parentTtlMs: 60_000 })

  it('says children must be published again for a parent not known yet or changed, not for a save that changed nothing they carry', () => {
    const known = parents()
    expect(known.remember(parent)).toBe(true)
    expect(known.remember({ ...parent, updatedAt: new Date('2026-11-27T10:05:00Z') })).toBe(false)
    expect(known.remember({ ...parent, descriptionHtml: '<p>Cosier.</p>' })).toBe(true)
    expect(known.remember({ ...parent, descriptionHtml: '<p>Cosier.</p>', attributes: { material: { raw: '34', labels: ['Wool'] } } })).toBe(true)
  })

  it('forgets a deleted parent and answers its children ids only once the index knows them', () => {
    const known = parents()
    known.remember(parent)
    // The index is loaded from Magento on first use; before that, remember() has nothing to link.
    expect(known.forget('MH05')).toEqual([])
    expect(known.remember(parent)).toBe(true)
  })
})
