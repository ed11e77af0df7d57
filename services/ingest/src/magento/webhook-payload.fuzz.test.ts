// Bounded fuzzing of parseWebhookPayload, the function that turns a parsed webhook body into a
// change or problems (issue 8). Inputs are JSON texts, parsed as the route parses them, so that
// own `__proto__` keys and 1e309 (Infinity) reach the parser as they would from a request:
// arbitrary JSON, and every body shape Commerce sends with random fields replaced, removed or
// added. webhook-payload.test.ts checks the product fields against the schema; this checks the
// whole parser never throws and that what it accepts is well-formed.
// ~5 s per property in CI; FUZZ_SECONDS=<n> runs each for n seconds instead.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PRODUCT_SNAPSHOT, SUPPORTED_EVENTS, UNTYPED_JOURNAL_EVENT } from './magento-events.js'
import type { MagentoProduct } from './magento-product.js'
import { isStructurallyClean } from './magento-product-check.js'
import { DECIMAL_LIMIT, skuViolation } from './magento-values.js'
import { RULES } from './payload-problem.js'
import { isCompleteProduct, normaliseProduct, type NormaliseContext } from './normalise-product.js'
import { avroProblems, productChangedType, readFixture } from './test-fixtures.js'
import { parseWebhookPayload, type ParseResult } from './webhook-payload.js'

const FUZZ_MS = Number(process.env.FUZZ_SECONDS ?? 5) * 1000
/** numRuns for CI, or as many as fit in FUZZ_SECONDS; either way stopped after FUZZ_MS. */
const budget = (numRuns: number) => ({ numRuns: process.env.FUZZ_SECONDS ? Number.MAX_SAFE_INTEGER : numRuns, interruptAfterTimeLimit: FUZZ_MS })
const TEST_TIMEOUT = FUZZ_MS + 30_000

/** One character: any code point, a lone surrogate, or one of the characters that break things. */
const char = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 4 },
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('\u0000', '\u001f', '\u007f', '\u0085', '\u2028', '\u202e', '\u200b', '\ufeff', '🚀', '<', '"', '\\', ',', ' ', '.', '-', '/'),
)
const text = fc.string({ unit: char, maxLength: 80 })

/** Leaf values as JSON text: the near-misses of every field rule, and anything. */
const leafText = fc.oneof(
  text.map((value) => JSON.stringify(value)),
  // Paths, as media files are.
  text.map((value) => JSON.stringify(`/${value}`)),
  fc
    .constantFrom<unknown>(
      '', ' ', '0', '1', '2', '5', '12.500000', '-0', '-3', '1e3', '0x10', 'NaN', 'Infinity', ' 12', '1,x', '3,4', 'x'.repeat(65), '2024-03-06 12:01:00', '2024-02-31 10:00:00',
      '2024-03-06T12:01:00+02:00', '/m/j/a.jpg', '/../etc/passwd', 'color', 'category_ids', 'constructor', '__proto__', '1.0', 'com.adobe.commerce.observer.catalog_product_save_after',
      'observer.catalog_product_save_after', 'catalog_product_delete_after', 'observer.cataloginventory_stock_item_save_after', true, false, null,
    )
    .map((value) => JSON.stringify(value)),
  fc.constantFrom('1e309', '-1e309', '9223372036854775808', '9007199254740993', '1e14', '99999999999999.99', '-1', '0.1', '1.5', '2147483648', '-2147483649', '5e-324', '-0'),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => JSON.stringify(value)),
  fc.integer().map(String),
)

const key = fc.oneof(
  { arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'sku', 'price', 'qty', 'data', 'product', 'value', 'specversion', 'eventName', 'custom_attributes'), weight: 1 },
  { arbitrary: text, weight: 2 },
)

/** Any JSON text, nested a few levels. */
const { json: jsonText } = fc.letrec<{ json: string; array: string; object: string }>((tie) => ({
  json: fc.oneof({ depthSize: 'small' }, leafText, tie('array'), tie('object')),
  array: fc.array(tie('json'), { maxLength: 5 }).map((items) => `[${items.join(',')}]`),
  object: fc.array(fc.tuple(key, tie('json')), { maxLength: 5 }).map((entries) => `{${entries.map(([name, value]) => `${JSON.stringify(name)}:${value}`).join(',')}}`),
}))

/** Nesting far deeper than any payload, as text (a value that deep would overflow JSON.stringify). */
const deepText = fc.integer({ min: 30, max: 5000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth))

// Every body shape the parser recognises, around real product data.
const restProduct = {
  ...(readFixture('magento-rest/examples/POST_V1_products.simple-child.response.json') as Record<string, unknown>),
  media_gallery_entries: [{ id: 1, media_type: 'image', label: null, position: 1, disabled: false, types: ['image'], file: '/m/s/ms-champ.jpg' }],
}
const flatProduct = { entity_id: '12', sku: 'F-1', name: 'Flat', price: '12.500000', status: '1', visibility: '4', type_id: 'simple', updated_at: '2024-03-06 12:01:00', store_id: '1', quantity_and_stock_status: { is_in_stock: true, qty: 5 } }
const stockItem = { product_id: 12, sku: 'S-1', qty: '5.0000', is_in_stock: '1' }
const cloudEvent = (type: string, value: unknown) => ({ specversion: '1.0', id: 'ce-1', source: 'urn:x', type: `com.adobe.commerce.${type}`, data: { value, _metadata: { storeId: '1', websiteId: '1', commerceVersion: '2.4.8' } }, recipient_client_id: 'c' })
const SHAPES: readonly unknown[] = [
  { eventName: 'observer.catalog_product_save_after', data: { product: restProduct } },
  { eventName: 'observer.catalog_product_save_commit_after', data: { data_object: flatProduct } },
  { eventName: 'catalog_product_delete_after', data: { product: { sku: 'D-1', entity_id: '3' } } },
  { eventName: 'observer.cataloginventory_stock_item_save_after', data: { stock_item: stockItem } },
  { eventName: 'plugin.magento.catalog.api.product_repository.save', data: { result: restProduct } },
  { product: restProduct, saveOptions: true },
  { product: flatProduct, result: restProduct },
  cloudEvent('observer.catalog_product_save_commit_after', flatProduct),
  cloudEvent('observer.cataloginventory_stock_item_save_commit_after', stockItem),
  { event: cloudEvent('observer.catalog_product_save_after', restProduct) },
  { event: { id: 'j-1', data: { value: flatProduct } } },
  restProduct,
]

type Path = readonly (string | number)[]

/** Every path to a value inside `value` (containers included, the root excluded). */
function pathsOf(value: unknown, base: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return []
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value)
  return entries.flatMap(([name, child]) => [[...base, name], ...pathsOf(child, [...base, name])])
}

/** A change to a body: a value replaced or removed, or a key added to an object (`path` is the object's). */
type Edit = { kind: 'replace'; path: Path; value: string } | { kind: 'remove'; path: Path } | { kind: 'add'; path: Path; key: string; value: string }

/** The value at `path`, or undefined when there is none. */
const at = (root: unknown, path: Path): unknown =>
  path.reduce<unknown>((node, name) => (typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[name] : undefined), root)

/** Applies edits and serialises: new values and keys are JSON text, spliced in through placeholders. */
function applyEdits(body: unknown, edits: readonly Edit[]): string {
  const copy = structuredClone(body)
  const splices: [string, string][] = []
  edits.forEach((edit, index) => {
    const container = at(copy, edit.kind === 'add' ? edit.path : edit.path.slice(0, -1))
    if (typeof container !== 'object' || container === null) return
    const target = container as Record<string | number, unknown>
    const last = edit.path[edit.path.length - 1]!
    const placeholder = `$FUZZ${index}$`
    if (edit.kind === 'remove') {
      if (Array.isArray(target)) target.splice(Number(last), 1)
      else delete target[last]
    } else if (edit.kind === 'replace') {
      target[last] = placeholder
      splices.push([JSON.stringify(placeholder), edit.value])
    } else if (!Array.isArray(target)) {
      // The key is a placeholder too, so that "__proto__" becomes an own key when parsed.
      target[`$KEY${index}$`] = placeholder
      splices.push([JSON.stringify(`$KEY${index}$`), JSON.stringify(edit.key)], [JSON.stringify(placeholder), edit.value])
    }
  })
  return splices.reduce((serialised, [placeholder, value]) => serialised.replace(placeholder, value), JSON.stringify(copy))
}

/** A shape with a few random edits, as JSON text. */
const editedShape = fc.constantFrom(...SHAPES).chain((shape) => {
  const paths = pathsOf(shape)
  const edit: fc.Arbitrary<Edit> = fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), path: fc.constantFrom(...paths), value: fc.oneof({ arbitrary: jsonText, weight: 5 }, deepText) }),
    fc.record({ kind: fc.constant('remove' as const), path: fc.constantFrom(...paths) }),
    fc.record({ kind: fc.constant('add' as const), path: fc.constantFrom<Path>([], ...paths), key, value: jsonText }),
  )
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => applyEdits(shape, edits))
})

const KNOWN_RULES = new Set<string>([...Object.values(RULES), 'must be an array'])
const EVENT_NAMES = new Set([...SUPPORTED_EVENTS.keys(), PRODUCT_SNAPSHOT, UNTYPED_JOURNAL_EVENT])

/** A change is usable downstream, or every problem names a path, a known rule and a reason. */
function expectWellFormed(result: ParseResult): void {
  if (!result.ok) {
    expect(result.problems.length).toBeGreaterThan(0)
    for (const problem of result.problems) {
      expect(problem.path).toMatch(/\S/)
      expect(KNOWN_RULES).toContain(problem.rule)
      expect(problem.message).toMatch(/\S/)
    }
    return
  }
  const change = result.change
  expect(['observer', 'plugin', 'cloudevent', 'product']).toContain(change.shape)
  expect(EVENT_NAMES).toContain(change.eventName)
  const action = SUPPORTED_EVENTS.get(change.eventName)
  if (action !== undefined) expect(change.action).toBe(action)
  if (change.sku !== undefined) {
    expect(skuViolation(change.sku)).toBeUndefined()
    // The SKU is the Kafka key, written as UTF-8: it must survive the round trip unchanged.
    expect(Buffer.from(change.sku, 'utf8').toString('utf8')).toBe(change.sku)
  }
  if (change.productId !== undefined) expect(Number.isSafeInteger(change.productId) && change.productId >= 0).toBe(true)
  if (change.updatedAt !== undefined) expect(Number.isNaN(change.updatedAt.getTime())).toBe(false)
  if (change.action === 'stock') {
    const stock = change.stock!
    expect(stock.sku !== undefined || stock.productId !== undefined).toBe(true)
    expect(stock.qty >= 0 && stock.qty < DECIMAL_LIMIT).toBe(true)
    expect(typeof stock.isInStock).toBe('boolean')
    return
  }
  const product = change.product!
  expect(product.sku).toBe(change.sku)
  for (const amount of [product.price, product.weight, product.extension_attributes?.stock_item?.qty]) {
    if (amount !== undefined) expect(Number.isFinite(amount) && amount >= 0 && amount < DECIMAL_LIMIT).toBe(true)
  }
  // What is recorded is JSON.stringify(product): it must come back as clean as it went in. Only
  // fields ingest passes through unread may hold 1e309 (Infinity) or -0, which JSON writes as null and 0.
  const recorded = JSON.parse(JSON.stringify(product)) as unknown
  expect(isStructurallyClean(recorded)).toBe(true)
  expect(recorded).toEqual(asJsonWritesIt(product))
}

function asJsonWritesIt(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value + 0 : null
  if (Array.isArray(value)) return value.map(asJsonWritesIt)
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([name, child]) => [name, asJsonWritesIt(child)]))
  return value
}

/** Parses as the route does, then checks the outcome. */
function fuzzOne(body: string): void {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    return // the route answers 400 json before the parser runs
  }
  let result: ParseResult
  try {
    result = parseWebhookPayload(value)
  } catch (error) {
    throw new Error(`parseWebhookPayload threw on ${body.slice(0, 500)}: ${String(error)}`)
  }
  expectWellFormed(result)
}

describe('parseWebhookPayload fuzzing', () => {
  it('never throws on arbitrary JSON, and what it accepts is well-formed', () => {
    fc.assert(fc.property(jsonText, fuzzOne), budget(3000))
  }, TEST_TIMEOUT)

  it('never throws on every payload shape with fields replaced, removed or added', () => {
    let accepted = 0
    fc.assert(
      fc.property(editedShape, (body) => {
        fuzzOne(body)
        if (parseWebhookPayload(JSON.parse(body)).ok) accepted++
      }),
      budget(3000),
    )
    // Some edits must leave a valid body, or the property proves little about accepted ones.
    expect(accepted).toBeGreaterThan(0)
  }, TEST_TIMEOUT)

  // What the enricher does next with a complete product (no Magento call): it must not throw, or an
  // accepted webhook would never reach catalog.product.v1.
  const avroType = productChangedType()
  const context: NormaliseContext = {
    storeCode: 'default',
    currency: 'USD',
    weightUnit: 'LB',
    mediaBaseUrl: 'https://shop.example/media',
    optionLabels: () => Promise.resolve(new Map([['52', 'Gray']])),
    category: (id) => Promise.resolve({ name: `c${id}`, path: [`c${id}`] }),
    childSkus: (ids) => Promise.resolve(ids.map((id) => `child-${id}`)),
    attributeCode: (id) => Promise.resolve(`attr${id}`),
  }

  it('normalises every complete product it accepts into an Avro-valid record', async () => {
    let normalised = 0
    await fc.assert(
      fc.asyncProperty(editedShape, async (body) => {
        const result = parseWebhookPayload(JSON.parse(body))
        if (!result.ok || result.change.action !== 'upsert') return
        // As the enricher reads it back from the recorded change.
        const received = JSON.parse(JSON.stringify(result.change.product)) as MagentoProduct
        if (!isCompleteProduct(received)) return
        const product = await normaliseProduct(received, context)
        const event = { eventId: 'e', source: 'webhook', magentoUpdatedAt: new Date(0), observedAt: new Date(0), product }
        expect(avroProblems(avroType, event)).toEqual([])
        normalised++
      }),
      budget(1000),
    )
    expect(normalised).toBeGreaterThan(0)
  }, TEST_TIMEOUT)
})
