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

const context = { storeCode: 'default', currency: 'USD', weightUnit: 'LB', mediaBaseUrl: 'https://shop.example/media', optionLabels: () => Promise.resolve(undefined) } as const

describe('ConfigurableParents.remember', () => {
  // remember() never calls Magento; the client is there for lookups this test does not make.
  const parents = () => new ConfigurableParents({} as MagentoClient, context, { indexTtlMs: 60_000, parentTtlMs: 60_000 })

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

describe('ConfigurableParents.parentOf', () => {
  /** A catalog of one configurable whose children can change, and whose reads can be held back. */
  function catalog() {
    let children = [51]
    let gate: Promise<void> = Promise.resolve()
    let answered = () => undefined as void
    const state = { reads: 0, answered: Promise.resolve() }
    const client = {
      searchProducts: async () => {
        const linked = children
        await gate
        state.reads++
        answered()
        const item = { id: 5, sku: 'MH05', name: 'Hollister Backyard Sweatshirt', type_id: 'configurable', attribute_set_id: 9, status: 1, visibility: 4, price: 0, extension_attributes: { configurable_product_links: linked } }
        return { items: [item], total_count: 1 }
      },
    } as unknown as MagentoClient
    return {
      client,
      state,
      link: (ids: number[]) => (children = ids),
      /** Holds the next read until the returned function is called. */
      hold: () => {
        let release = () => undefined as void
        gate = new Promise((resolve) => (release = resolve))
        state.answered = new Promise((resolve) => (answered = resolve))
        return release
      },
    }
  }

  it('waits for the first index, then answers from the old one while a reload runs', async () => {
    const magento = catalog()
    const parents = new ConfigurableParents(magento.client, context, { indexTtlMs: 0, parentTtlMs: 60_000 })
    expect((await parents.parentOf(51))?.sku).toBe('MH05')
    expect(magento.state.reads).toBe(1)
    // The index is stale at once (TTL 0): the next lookup starts a reload, which Magento holds.
    magento.link([52])
    const release = magento.hold()
    expect((await parents.parentOf(51))?.sku).toBe('MH05')
    expect(await parents.parentOf(52)).toBeUndefined()
    release()
    await magento.state.answered
    // Once the reload is in, lookups see the new links.
    await expect.poll(() => parents.parentOf(52).then((found) => found?.sku)).toBe('MH05')
  })
})
