import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Product } from '@listing-sync/catalog'
import { deepFreeze } from './deep-freeze.js'
import { compileManifest, loadManifests, type CompiledMapping, type Manifest } from './index.js'
import { sampleProduct, sampleProducts } from './test-support/sample-catalog.js'

const MAPPINGS = fileURLToPath(new URL('../../../mappings/', import.meta.url))
// UPDATE_GOLDEN=1 rewrites the files; each was checked by hand against the manifest when written.
const UPDATE = process.env.UPDATE_GOLDEN === '1'

let mappings: Map<string, CompiledMapping>
beforeAll(async () => {
  mappings = loadManifests(MAPPINGS)
  await sampleProducts()
}, 60_000)

async function withoutGtin(): Promise<Product> {
  const product = await sampleProduct('24-WB04')
  delete product.attributes.gtin
  return product
}

const GOLDEN: { name: string; product: () => Promise<Product> }[] = [
  { name: 'simple-bag-24-MB01', product: () => sampleProduct('24-MB01') },
  { name: 'configurable-parent-MH01', product: () => sampleProduct('MH01') },
  { name: 'configurable-child-MH01-XS-Black', product: () => sampleProduct('MH01-XS-Black') },
  { name: 'no-gtin-24-WB04', product: withoutGtin },
]

describe('golden outputs of the shipped manifests', () => {
  for (const golden of GOLDEN) {
    for (const marketplace of ['amazon', 'b2b']) {
      it(`maps ${golden.name} to ${marketplace} as golden/${marketplace}.${golden.name}.json`, async () => {
        const result = await mappings.get(marketplace)!.map(await golden.product())
        const file = fileURLToPath(new URL(`./golden/${marketplace}.${golden.name}.json`, import.meta.url))
        if (UPDATE) writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`)
        expect(result).toEqual(JSON.parse(readFileSync(file, 'utf8')))
      })
    }
  }
})

describe('the whole Luma sample catalog', () => {
  it('maps every product to both marketplaces without throwing; failures name the rule, path and reason', async () => {
    const products = await sampleProducts()
    expect(products.length).toBeGreaterThan(2000)
    const failures: Record<string, Set<string>> = { amazon: new Set(), b2b: new Set() }
    let mapped = 0
    for (const product of products) {
      for (const [marketplace, mapping] of mappings) {
        const result = await mapping.map(product)
        if (result.ok) {
          mapped++
          continue
        }
        for (const problem of result.problems) {
          expect(problem.rule).not.toBe('')
          expect(problem.path).not.toBe('')
          failures[marketplace]!.add(`${problem.rule} <- ${problem.path}: ${problem.message}`)
        }
      }
    }
    expect(mapped).toBeGreaterThan(3500)
    // What cannot be valid in the sample data: gear without images (both marketplaces need a main
    // image) and configurable parents on the B2B marketplace (an offer needs a price; parents have none).
    expect([...failures.amazon!]).toEqual(['attributes.main_product_image_locator <- media[0].url: required value is missing: media[0].url gives no value'])
    expect([...failures.b2b!].sort()).toEqual([
      'offer.price <- price.amount: required value is missing: price.amount gives no value',
      'product.main_image <- media[*].url: required value is missing: media[*].url gives no value',
    ])
  }, 60_000)

  it('reports every problem of a product that cannot be valid, not the first', async () => {
    const product = await withoutGtin()
    product.price = null
    product.weight = null
    const result = await mappings.get('b2b')!.map(product)
    expect(result).toMatchObject({ ok: false, marketplace: 'b2b', productType: 'bags' })
    expect(result.ok ? [] : result.problems).toEqual([
      { rule: 'offer.product_id', path: 'attributes.gtin.raw', message: 'required value is missing: attributes.gtin.raw gives no value' },
      { rule: 'offer.price', path: 'price.amount', message: 'required value is missing: price.amount gives no value' },
      { rule: 'product.upc', path: 'attributes.gtin.raw', message: 'required value is missing: attributes.gtin.raw gives no value' },
      { rule: 'product.weight_kg', path: 'weight', message: 'required value is missing: weight gives no value' },
    ])
  })

  it('gives the same payload bytes (and hash) for the same product, whatever the key order of its input', async () => {
    const product = await sampleProduct('24-MB01')
    const reordered = Object.fromEntries(Object.entries(product).reverse()) as unknown as Product
    const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex')
    for (const mapping of mappings.values()) {
      const [a, b] = await Promise.all([mapping.map(product), mapping.map(reordered)])
      expect(a.ok && b.ok).toBe(true)
      if (a.ok && b.ok) expect(hash(a.payload)).toBe(hash(b.payload))
    }
  })

  it('gives the same payload bytes whatever the order of the manifest\'s rules, with every object\'s keys sorted, and leaves the product as it was', async () => {
    const products = await sampleProducts()
    const sortedKeys = (value: unknown): boolean => {
      if (Array.isArray(value)) return value.every(sortedKeys)
      if (typeof value !== 'object' || value === null) return true
      const keys = Object.keys(value)
      return keys.every((key, index) => index === 0 || keys[index - 1]! < key) && Object.values(value).every(sortedKeys)
    }
    for (const [marketplace, mapping] of mappings) {
      const manifest = structuredClone(mapping.manifest) as Manifest
      // Alternatives (rules with the same target) keep their order: when both apply, the later one wins.
      const byTarget = new Map<string, Manifest['rules']>()
      for (const rule of manifest.rules) byTarget.set(rule.target, [...(byTarget.get(rule.target) ?? []), rule])
      const groups = [...byTarget.values()]
      await fc.assert(
        fc.asyncProperty(fc.shuffledSubarray(groups, { minLength: groups.length }), fc.integer({ min: 0, max: products.length - 1 }), async (shuffled, index) => {
          const reordered = compileManifest({ ...manifest, rules: shuffled.flat() })
          const product = deepFreeze(structuredClone(products[index]!))
          const [a, b] = [await mapping.map(product), await reordered.map(product)]
          expect(b).toEqual(a)
          if (a.ok && b.ok) {
            expect(JSON.stringify(b.payload)).toBe(JSON.stringify(a.payload))
            expect(sortedKeys(a.payload), marketplace).toBe(true)
          }
          expect(product).toEqual(products[index])
        }),
        { numRuns: 40 },
      )
    }
  }, 60_000)

  it('ends a B2B title cut at 100 characters with …, and keeps Amazon titles whole', async () => {
    const product = await sampleProduct('24-MB01')
    product.name = `Joust Duffle Bag ${'with extra long marketing words '.repeat(6)}`
    const b2b = await mappings.get('b2b')!.map(product)
    const title = b2b.ok ? ((b2b.payload.product as Record<string, unknown>).title as string) : ''
    expect([...title].length).toBeLessThanOrEqual(100)
    expect(title.endsWith('…')).toBe(true)
  })
})

describe('engine', () => {
  const base = {
    marketplace: 'test',
    version: '0.1.0',
    productType: { rules: [{ when: "typeId = 'configurable'", productType: 'PARENT' }], default: 'ITEM' },
    validation: { type: 'b2bAttributes', requiredAttributes: [] },
  }

  it('evaluates JSONata expressions and conditions with $constants and $productType bound', async () => {
    const mapping = compileManifest({
      ...base,
      constants: { prefix: 'X' },
      rules: [
        { target: 'code', expr: "$constants.prefix & '-' & sku & '-' & $productType" },
        { target: 'brand', from: 'attributes.brand.labels[0]', when: { type: 'attribute', attribute: 'brand', in: ['Ironclad Supply'] } },
        { target: 'heavy', value: true, when: 'weight.value > 100' },
      ],
    })
    const result = await mapping.map(await sampleProduct('24-MB01'))
    expect(result).toEqual({ ok: true, marketplace: 'test', productType: 'ITEM', manifestVersion: '0.1.0', payload: { code: 'X-24-MB01-ITEM', brand: 'Ironclad Supply' } })
  })

  it('lists problems in the order of the manifest\'s rules, which is not the order of their targets', async () => {
    const mapping = compileManifest({
      ...base,
      rules: [
        { target: 'z.last', from: 'attributes.nothing.raw', required: true },
        { target: 'a.first', from: 'attributes.material.labels', transforms: [{ type: 'mapValues', table: { Nylon: 'nylon' } }] },
        { target: 'm', from: 'attributes.none.raw', required: true },
      ],
    })
    const result = await mapping.map(await sampleProduct('24-MB01'))
    expect(result.ok ? [] : result.problems.map((problem) => problem.rule)).toEqual(['z.last', 'a.first', 'm'])
  })

  it('writes values from the product with keys sorted and dates as ISO text, undefined left out', async () => {
    const mapping = compileManifest({
      ...base,
      rules: [{ target: 'stock', from: 'stock' }, { target: 'price', from: 'price' }, { target: 'updated', from: 'updatedAt' }, { target: 'categoryIds', from: 'categories[*].id' }],
    })
    const product = await sampleProduct('24-MB01')
    product.stock = { isInStock: true, manageStock: undefined, qty: 3 } as unknown as Product['stock']
    product.price = { currency: 'USD', amount: 45 } as unknown as Product['price']
    product.updatedAt = new Date('2026-12-01T10:00:00.000Z')
    const result = await mapping.map(product)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(Object.keys(result.payload.stock as object)).toEqual(['isInStock', 'qty'])
    expect(Object.keys(result.payload.price as object)).toEqual(['amount', 'currency'])
    const categoryIds = JSON.stringify(product.categories.map((category) => category.id))
    expect(JSON.stringify(result.payload)).toBe(`{"categoryIds":${categoryIds},"price":{"amount":45,"currency":"USD"},"stock":{"isInStock":true,"qty":3},"updated":"2026-12-01T10:00:00.000Z"}`)
  })

  it('writes a rule\'s value into another\'s (alternatives at different depths) in canonical form, without touching the product', async () => {
    const simple = { type: 'field', path: 'typeId', equals: 'simple' }
    const mapping = compileManifest({ ...base, rules: [{ target: 'stock.available', value: 'A', when: simple }, { target: 'stock', from: 'stock', when: simple }] })
    const product = await sampleProduct('24-MB01')
    product.stock = Object.freeze({ isInStock: true, qty: 3 }) as unknown as Product['stock']
    const result = await mapping.map(product)
    expect(result.ok ? JSON.stringify(result.payload) : result.problems).toBe('{"stock":{"available":"A","isInStock":true,"qty":3}}')
    expect(product.stock).toEqual({ isInStock: true, qty: 3 })
  })

  it('fills the gap before an index written past an array\'s end with null, not a hole', async () => {
    const mapping = compileManifest({ ...base, rules: [{ target: 'codes[2]', from: 'sku' }] })
    const result = await mapping.map(await sampleProduct('24-MB01'))
    const codes = result.ok ? (result.payload.codes as unknown[]) : []
    expect(codes).toEqual([null, null, '24-MB01'])
    expect(0 in codes && 1 in codes).toBe(true)
  })

  it('reports a failing transform as a problem of its rule and carries on with the others', async () => {
    const mapping = compileManifest({
      ...base,
      rules: [
        { target: 'colour', from: 'attributes.material.labels', transforms: [{ type: 'mapValues', table: { Nylon: 'nylon' } }] },
        { target: 'sku', from: 'sku', required: true },
        { target: 'missing', from: 'attributes.nothing.raw', required: true },
      ],
    })
    const result = await mapping.map(await sampleProduct('24-MB01'))
    expect(result).toEqual({
      ok: false,
      marketplace: 'test',
      productType: 'ITEM',
      problems: [
        { rule: 'colour', path: 'attributes.material.labels', message: expect.stringContaining('"Polyester" is not in the mapValues table') as unknown },
        { rule: 'missing', path: 'attributes.nothing.raw', message: 'required value is missing: attributes.nothing.raw gives no value' },
      ],
    })
  })
})
