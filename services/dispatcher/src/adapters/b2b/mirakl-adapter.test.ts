import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { createLogger } from '@listing-sync/observability'
import { createB2bSimulator, type B2bSimulator } from '@listing-sync/simulator-b2b'
import type { DeliveryOutcome, ListingUpdate } from '../../delivery/marketplace-adapter.js'
import { MiraklAdapter } from './mirakl-adapter.js'
import { productFile } from './product-file.js'

// The Mirakl adapter against the B2B simulator with Mirakl's rule that an offer needs its product:
// each test drives the adapter as the dispatcher does (the operation an update needs, then the
// call), with the simulator's limits off and imports taking a few milliseconds per step.

const log = createLogger({ service: 'test-mirakl-adapter', level: 'silent' })
const polling = { firstMs: 20, intervalMs: 20 }
let simulator: B2bSimulator
let url: string
let sequence = 0

beforeAll(async () => {
  simulator = createB2bSimulator({ logLevel: 'silent', importStepMs: 5, rateLimits: 'off' })
  url = await simulator.listen('127.0.0.1', 0)
})
afterAll(async () => {
  await simulator?.app.close()
})

function adapter(): MiraklAdapter {
  return new MiraklAdapter({ marketplace: 'b2b', baseUrl: url, apiKey: 'sim-shop-api-key', offerPolling: polling, productPolling: polling, log })
}

/** A complete product of the demo marketplace (mappings/product-types/b2b-attributes.json). */
function product(sku: string, productId: string): Record<string, unknown> {
  return { sku, upc: productId, title: `Bag ${sku}`, brand: 'Ironclad Supply', product_description: 'A bag.\nWith "two" handles; and a strap.', category: 'bags', main_image: `https://shop.example/${sku}.jpg`, weight_kg: 1.2 }
}

/** An UPSERT with the offer and, unless `withProduct` is false, the product part of the B2B manifest. */
function upsert(sku: string, productId: string, edit: (payload: { product: Record<string, unknown> }) => void = () => undefined, withProduct = true): ListingUpdate {
  const time = new Date(Date.parse('2026-01-01T00:00:00Z') + ++sequence * 1000)
  const offer = { shop_sku: sku, product_id: productId, product_id_type: 'UPC', state_code: '11', price: 34, quantity: 5, update_delete: '', min_order_quantity: 1, package_quantity: 1, leadtime_to_ship: 2 }
  const payload = { offer, product: product(sku, productId) }
  edit(payload)
  return {
    marketplace: 'b2b',
    sku,
    action: 'UPSERT',
    productType: 'bags',
    payloadJson: JSON.stringify(withProduct ? payload : { offer }),
    payloadHash: null,
    sourceEventId: `${sku}@${time.getTime()}`,
    magentoUpdatedAt: time,
    manifestVersion: '1.0.0',
    mappedAt: time,
  }
}

/** One call as the dispatcher makes it: the updates' operation (they must share it), then the call. */
async function call(target: MiraklAdapter, updates: ListingUpdate[], keepAlive = () => Promise.resolve()): Promise<{ operation: string; outcomes: Map<string, DeliveryOutcome> }> {
  const operations = new Set(updates.map((update) => target.operation(update)))
  expect(operations.size).toBe(1)
  const operation = [...operations][0]!
  const { outcomes } = await target.deliver(updates, operation, keepAlive)
  return { operation, outcomes: new Map(outcomes.map((outcome) => [outcome.sku, outcome])) }
}

/** A valid UPC-A (Mirakl checks the check digit) for a small number. */
function upc(item: number): string {
  const digits = String(item).padStart(11, '0')
  const sum = [...digits].reduce((total, digit, index) => total + Number(digit) * (index % 2 === 0 ? 3 : 1), 0)
  return digits + String((10 - (sum % 10)) % 10)
}

const catalog = () => {
  simulator.advance()
  return simulator.state.shop(2000)
}

describe('the Mirakl adapter', () => {
  it('creates a missing product with P41 between two OF24 calls, and then accepts the offer', async () => {
    const target = adapter()
    const update = upsert('NEW-1', upc(11))
    const first = await call(target, [update])
    expect(first.operation).toBe('OF24')
    expect(first.outcomes.get('NEW-1')).toMatchObject({ status: 'retry', errorClass: 'mirakl-product-missing', retryAfterMs: 0 })

    const second = await call(target, [update])
    expect(second.operation).toBe('P41')
    expect(second.outcomes.get('NEW-1')).toMatchObject({ status: 'retry', errorClass: 'mirakl-product-created', retryAfterMs: 0 })
    const created = catalog().products.get('NEW-1')
    expect(created?.attributes).toMatchObject({ upc: upc(11), brand: 'Ironclad Supply', product_description: 'A bag.\nWith "two" handles; and a strap.', weight_kg: '1.2' })

    const third = await call(target, [update])
    expect(third.operation).toBe('OF24')
    const accepted = third.outcomes.get('NEW-1')
    expect(accepted).toMatchObject({ status: 'accepted' })
    expect(accepted?.status === 'accepted' && accepted.reference).toMatch(new RegExp(`^\\d+ \\(product created by P41 import ${created?.import_id}\\)$`))
    expect(catalog().offers.get('NEW-1')).toMatchObject({ price: 34, product_id: upc(11) })
  })

  it('refuses the SKUs of a product line P44 reports, with its reason and attribute, and creates the others of the file', async () => {
    const target = adapter()
    const good = upsert('NEW-2', upc(22))
    const bad = upsert('NEW-3', upc(33), (payload) => {
      payload.product.category = 'spaceships'
      delete payload.product.brand
    })
    await call(target, [good, bad])
    const { operation, outcomes } = await call(target, [good, bad])
    expect(operation).toBe('P41')
    expect(outcomes.get('NEW-2')).toMatchObject({ status: 'retry', errorClass: 'mirakl-product-created' })
    const refused = outcomes.get('NEW-3')
    expect(refused).toMatchObject({ status: 'rejected', errorClass: 'P41-line' })
    const reasons = refused?.status === 'rejected' ? refused.reasons : []
    expect(reasons).toContainEqual({ code: 'P41', message: "The attribute 'brand' is required", attribute: 'product.brand' })
    expect(reasons.find((reason) => reason.attribute === 'product.category')?.message).toMatch(/spaceships.*value list 'categories'/)
    expect(catalog().products.has('NEW-3')).toBe(false)
    // Its product is still missing: the next update of the SKU goes to P41 directly.
    expect(target.operation(upsert('NEW-3', upc(33)))).toBe('P41')
  })

  it('refuses every SKU of a product import that FAILED, with the reason Mirakl gives', async () => {
    const target = adapter()
    const update = upsert('NEW-4', upc(44), (payload) => delete payload.product.sku)
    await call(target, [update])
    const { outcomes } = await call(target, [update])
    const refused = outcomes.get('NEW-4')
    expect(refused).toMatchObject({ status: 'rejected', errorClass: 'P41-failed' })
    expect(refused?.status === 'rejected' && refused.reasons[0]?.message).toMatch(/ended FAILED: .*no 'sku' column/)
  })

  it('refuses an offer without its product when the manifest maps no product, and never calls P41', async () => {
    const target = adapter()
    const update = upsert('NEW-5', upc(55), undefined, false)
    const { operation, outcomes } = await call(target, [update])
    expect(operation).toBe('OF24')
    expect(outcomes.get('NEW-5')).toMatchObject({ status: 'rejected', errorClass: 'OF24-line', reasons: [{ code: 'OF24', message: 'The product does not exist' }] })
    expect(target.operation(update)).toBe('OF24')
  })

  it('follows the same product import again after a call cut short, instead of sending the file twice', async () => {
    const target = adapter()
    const update = upsert('NEW-6', upc(66))
    await call(target, [update])
    const importsBefore = simulator.stats.snapshot().imports.products.created
    // The consumer loses its partitions while the import runs: the heartbeat throws.
    await expect(call(target, [update], () => Promise.reject(new Error('rebalance in progress')))).rejects.toThrow('rebalance in progress')
    const resumed = await call(target, [update])
    expect(resumed.operation).toBe('P41')
    expect(resumed.outcomes.get('NEW-6')).toMatchObject({ status: 'retry', errorClass: 'mirakl-product-created' })
    expect(simulator.stats.snapshot().imports.products.created).toBe(importsBefore + 1)
  })
})

describe('the P41 product file', () => {
  it('has a header of every attribute code, one quoted line per product, and empty cells for absent values', () => {
    const csv = productFile([{ sku: 'A', title: 'Say "hi"; bye' }, { sku: 'B', weight_kg: 1.5, color: null }])
    expect(csv).toBe('"sku";"title";"weight_kg";"color"\n"A";"Say ""hi""; bye";"";""\n"B";"";"1.5";""\n')
    expect(parse(csv, { delimiter: ';', columns: true })).toEqual([
      { sku: 'A', title: 'Say "hi"; bye', weight_kg: '', color: '' },
      { sku: 'B', title: '', weight_kg: '1.5', color: '' },
    ])
  })
})
