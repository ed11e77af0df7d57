import { describe, expect, it } from 'vitest'
import { filterFields, parseFields } from './fields-filter.js'

describe('parseFields', () => {
  it('reads nested field lists as Magento writes them', () => {
    const tree = parseFields('items[id,sku,extension_attributes[website_ids]],total_count')
    expect(tree).toEqual(
      new Map<string, unknown>([
        ['items', new Map<string, unknown>([['id', undefined], ['sku', undefined], ['extension_attributes', new Map([['website_ids', undefined]])]])],
        ['total_count', undefined],
      ]),
    )
  })

  it('refuses what is not well formed', () => {
    for (const text of ['', 'items[id', 'items]', 'items[id]]', 'a,,b', 'items[]', ',sku']) expect(parseFields(text), text).toBeUndefined()
  })
})

describe('filterFields', () => {
  const page = {
    items: [
      { id: 1, sku: 'A', price: 5, extension_attributes: { website_ids: [1], stock_item: { qty: 3 } } },
      { id: 2, sku: 'B', price: 7 },
    ],
    search_criteria: { page_size: 2 },
    total_count: 2,
  }

  it('keeps only the named fields, element by element in lists, and leaves its input alone', () => {
    const before = structuredClone(page)
    expect(filterFields(page, parseFields('items[id,sku,extension_attributes[website_ids]],total_count')!)).toEqual({
      items: [{ id: 1, sku: 'A', extension_attributes: { website_ids: [1] } }, { id: 2, sku: 'B' }],
      total_count: 2,
    })
    expect(page).toEqual(before)
  })

  it('keeps a named field whole when no fields are named under it, and skips names the answer lacks', () => {
    expect(filterFields(page, parseFields('search_criteria,missing')!)).toEqual({ search_criteria: { page_size: 2 } })
  })
})
