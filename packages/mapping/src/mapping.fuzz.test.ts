// Bounded fuzzing of the mapping engine (issue 8): arbitrary canonical products, drawn from the
// Avro schema of catalog.product.v1 itself (so a field added there is fuzzed here), alone and
// mixed into real Luma products, mapped with both shipped manifests and their validation. The
// engine never throws: it lists the product, or it names every problem with a path and a message.
// transforms.test.ts checks each transform's own properties; this checks the engine around them.
// ~5 s per property in CI; FUZZ_SECONDS=<n> runs each for n seconds instead.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Product } from '@listing-sync/catalog'
import { loadValidatedMapping, type ListingOutcome, type MarketplaceMapping } from './index.js'
import { sampleProducts } from './test-support/sample-catalog.js'

const FUZZ_MS = Number(process.env.FUZZ_SECONDS ?? 5) * 1000
/** numRuns for CI, or as many as fit in FUZZ_SECONDS; either way stopped after FUZZ_MS, and one product may take at most 2 s. */
const budget = (numRuns: number) => ({ numRuns: process.env.FUZZ_SECONDS ? Number.MAX_SAFE_INTEGER : numRuns, interruptAfterTimeLimit: FUZZ_MS, timeout: 2000 })
const TEST_TIMEOUT = FUZZ_MS + 30_000

const MAPPINGS = fileURLToPath(new URL('../../../mappings/', import.meta.url))
const SCHEMA = JSON.parse(readFileSync(new URL('../../../schemas/catalog/product-changed.avsc', import.meta.url), 'utf8')) as AvroRecord

type AvroSchema = string | AvroSchema[] | AvroRecord | { type: 'enum'; symbols: string[] } | { type: 'array'; items: AvroSchema } | { type: 'map'; values: AvroSchema } | { type: 'long'; logicalType: string }
interface AvroRecord {
  type: 'record'
  name: string
  fields: { name: string; type: AvroSchema }[]
}

/** One character: any code point, a lone surrogate, or markup and separators. */
const char = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 4 },
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('\u0000', '\u202e', '\u200b', '\u2028', '<', '>', '&', ';', '"', '\\', ',', '.', ' ', '\n', '/', '[', '*', ']', '$'),
)
/** Text the manifests read: amounts, currencies, units, markup, URLs, Luma's labels, and anything. */
const text = fc.oneof(
  fc.string({ unit: char, maxLength: 60 }),
  fc.constantFrom(
    '', ' ', '0', '12.50', '-1', '1e309', 'NaN', '99999999999999999999.99', 'USD', 'EUR', 'XXX', 'KG', 'LB', 'Gray', 'Men', 'Tops', 'Jackets', 'Gear', 'Bags', 'Watches', 'Bottoms', 'Shorts', 'Fitness Equipment', 'Top', 'Bottom', 'Bag',
    '<p>a</p><ul><li>x</li><li>y</li></ul>', '<script>alert(1)</script>', '&amp;&#60;&bogus;', 'https://shop.example/media/catalog/product/m/j/a.jpg', 'javascript:alert(1)', '012345678905', 'x'.repeat(5000),
    'configurable', 'simple', 'SIZE/COLOR', 'default',
  ),
)
const long = fc.oneof(fc.integer({ min: -5, max: 20 }), fc.constantFrom(0, 9, 10, 15, 2 ** 31, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER))
const double = fc.oneof(fc.double(), fc.constantFrom(0, -0, 0.5, 1e14, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MIN_VALUE))
/** Attribute codes: those the manifests read, and others. */
const attributeCode = fc.oneof(
  fc.constantFrom('brand', 'color', 'gtin', 'manufacturer_part_number', 'material', 'size', 'ts_dimensions_height', 'ts_dimensions_length', 'ts_dimensions_width', 'description', 'activity'),
  fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/),
)

/** An arbitrary for a value of `schema`; a child's `parent` is a product without a parent, as the schema documents. */
function arbitraryOf(schema: AvroSchema, inParent = false): fc.Arbitrary<unknown> {
  if (typeof schema === 'string') {
    switch (schema) {
      case 'string':
        return text
      case 'long':
        return long
      case 'int':
        return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })
      case 'double':
        return double
      case 'boolean':
        return fc.boolean()
      case 'null':
        return fc.constant(null)
      case 'Product':
        return inParent ? fc.constant(null) : arbitraryOf(productSchema, true)
      default:
        throw new Error(`no arbitrary for Avro type ${schema}`)
    }
  }
  if (Array.isArray(schema)) return fc.oneof(...schema.map((branch) => arbitraryOf(branch, inParent)))
  switch (schema.type) {
    case 'record':
      return fc.record(Object.fromEntries(schema.fields.map((field) => [field.name, arbitraryOf(field.type, inParent)])))
    case 'enum':
      return fc.constantFrom(...schema.symbols)
    case 'array':
      return fc.array(arbitraryOf(schema.items, inParent), { maxLength: 4 })
    case 'map':
      return fc.dictionary(attributeCode, arbitraryOf(schema.values, inParent), { maxKeys: 6 })
    case 'long':
      return fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  }
}

const productSchema = SCHEMA.fields.find((field) => field.name === 'product')!.type as AvroRecord
const anyProduct = arbitraryOf(productSchema) as fc.Arbitrary<Product>

let luma: Product[]
const mappings: MarketplaceMapping[] = []
beforeAll(async () => {
  luma = await sampleProducts()
  for (const marketplace of ['amazon', 'b2b']) {
    const loaded = await loadValidatedMapping(`${MAPPINGS}${marketplace}.json`)
    if (!loaded.ok) throw new Error(`${marketplace}: ${JSON.stringify(loaded.problems)}`)
    mappings.push(loaded.mapping)
  }
}, 60_000)

/** A real product with some fields, and some attributes, taken from an arbitrary one. */
const mixedProduct = fc.tuple(fc.nat(), anyProduct, fc.array(fc.constantFrom(...productSchema.fields.map((field) => field.name)), { maxLength: 6 })).map(([index, arbitrary, fields]) => {
  const real = structuredClone(luma[index % luma.length]!)
  const mixed = { ...real, attributes: { ...real.attributes, ...arbitrary.attributes } } as unknown as Record<string, unknown>
  for (const field of fields) mixed[field] = (arbitrary as unknown as Record<string, unknown>)[field]
  return mixed as unknown as Product
})

const STAGES = ['MAPPING', 'VALIDATION']

/** Listed with a product type and a payload JSON can carry, or refused with every problem named. */
function expectOutcome(outcome: ListingOutcome): void {
  if (outcome.ok) {
    expect(outcome.productType).toMatch(/\S/)
    expect(outcome.payload).toBeDefined()
    expect(() => JSON.stringify(outcome.payload)).not.toThrow()
    return
  }
  expect(outcome.problems.length).toBeGreaterThan(0)
  for (const problem of outcome.problems) {
    expect(STAGES).toContain(problem.stage)
    expect(typeof problem.path).toBe('string')
    expect(problem.rule).toMatch(/\S/)
    expect(problem.message).toMatch(/\S/)
  }
}

async function mapWithBoth(product: Product): Promise<boolean[]> {
  const listed: boolean[] = []
  for (const mapping of mappings) {
    let outcome: ListingOutcome
    try {
      outcome = await mapping.map(product)
    } catch (error) {
      throw new Error(`${mapping.marketplace} threw on ${JSON.stringify(product).slice(0, 500)}: ${String(error)}`)
    }
    expectOutcome(outcome)
    listed.push(outcome.ok)
  }
  return listed
}

describe('mapping engine fuzzing with the shipped manifests', () => {
  it('never throws on arbitrary canonical products', async () => {
    await fc.assert(fc.asyncProperty(anyProduct, async (product) => void (await mapWithBoth(product))), budget(300))
  }, TEST_TIMEOUT)

  it('never throws on Luma products with arbitrary fields and attributes', async () => {
    let listed = 0
    await fc.assert(
      fc.asyncProperty(mixedProduct, async (product) => {
        if ((await mapWithBoth(product)).some(Boolean)) listed++
      }),
      budget(300),
    )
    // Some must still list, or the fuzzing never reaches the end of the rules.
    expect(listed).toBeGreaterThan(0)
  }, TEST_TIMEOUT)
})
