import { describe, expect, it } from 'vitest'
import { fixturesDir } from '../fixtures-dir.js'
import { growCatalog } from './catalog-growth.js'
import { isValidUpcA } from './generated-attributes.js'
import { customAttribute } from './product-types.js'
import { loadSampleCatalog } from './sample-data-loader.js'

const seed = loadSampleCatalog(fixturesDir())

describe('growCatalog', () => {
  const grown = growCatalog(seed, 6_000)
  const added = grown.products.slice(seed.products.length)

  it('grows the catalog to the size asked with copies of standalone simple products with an image', () => {
    expect(grown.products).toHaveLength(6_000)
    expect(added.every((product) => product.type_id === 'simple' && product.visibility !== 1 && product.media_gallery_entries.length > 0)).toBe(true)
    expect(added[0]!.sku).toMatch(/-G1$/)
  })

  it('gives every copy its own id, SKU, URL key, valid unique UPC and stock item', () => {
    const unique = (values: unknown[]) => new Set(values).size
    expect(unique(grown.products.map((product) => product.id))).toBe(6_000)
    expect(unique(grown.products.map((product) => product.sku))).toBe(6_000)
    expect(unique(grown.products.map((product) => customAttribute(product, 'url_key')).filter(Boolean))).toBe(grown.products.filter((product) => customAttribute(product, 'url_key') !== undefined).length)
    const gtins = grown.products.map((product) => customAttribute(product, 'gtin')).filter((gtin): gtin is string => typeof gtin === 'string')
    expect(unique(gtins)).toBe(gtins.length)
    expect(added.every((product) => isValidUpcA(customAttribute(product, 'gtin') as string))).toBe(true)
    expect(added.every((product) => product.extension_attributes.stock_item.product_id === product.id)).toBe(true)
  })

  it('leaves the sample products as they are and a catalog already that large unchanged', () => {
    expect(grown.products.slice(0, seed.products.length)).toEqual(seed.products)
    expect(growCatalog(seed, 100)).toBe(seed)
  })
})
