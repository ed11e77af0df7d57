import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { productTypeSchemasDir } from '@listing-sync/mapping'
import { createLogger } from '@listing-sync/observability'
import { createAmazonSimulator, fixturesDir, loadProductTypeSchemas, SpApiModels, type AmazonSimulator, type AmazonSimulatorOptions } from '@listing-sync/simulator-amazon'
import { braceletAttributes, text } from '../../../../../packages/mapping/src/validation/test-support.js'
import { createAdapter } from '../../dispatcher-app.js'
import type { ListingUpdate, MarketplaceAdapter } from '../../delivery/marketplace-adapter.js'
import { loadDispatcherConfig } from '../../dispatcher-config.js'

// AMAZON_VALIDATION_PREVIEW: the adapter, built from the dispatcher's configuration as in
// production, against the Amazon simulator, which validates every listing against its product
// type schema and answers a preview with VALID or INVALID without storing anything.

const SELLER = 'A2LISTINGSYNCDEMO'
const US = 'ATVPDKIKX0DER'
const log = createLogger({ service: 'test-amazon-adapter', level: 'silent' })
const models = SpApiModels.load(fixturesDir())
const productTypeSchemas = loadProductTypeSchemas({ fixturesDir: fixturesDir(), productTypesDir: productTypeSchemasDir() })
const simulators: AmazonSimulator[] = []

async function startSimulator(options: AmazonSimulatorOptions = {}): Promise<{ simulator: AmazonSimulator; url: string }> {
  const simulator = createAmazonSimulator({ logLevel: 'silent', models, productTypeSchemas, ...options })
  simulators.push(simulator)
  return { simulator, url: await simulator.listen('127.0.0.1', 0) }
}

/** The Amazon adapter the dispatcher builds from its environment, calling the simulator at `url`. */
function adapterFor(url: string, preview: 'true' | 'false' | undefined): MarketplaceAdapter {
  const config = loadDispatcherConfig({
    DISPATCHER_MARKETPLACE: 'amazon',
    AMAZON_SP_API_ENDPOINT: url,
    AMAZON_LWA_ENDPOINT: `${url}/auth/o2/token`,
    AMAZON_VALIDATION_PREVIEW: preview,
  })
  return createAdapter(config, log)
}

let sequence = 0

/** An UPSERT of a BRACELET listing, complete unless `attributes` says otherwise. */
function bracelet(sku: string, attributes = braceletAttributes()): ListingUpdate {
  const time = new Date(Date.parse('2026-01-01T00:00:00Z') + ++sequence * 1000)
  return {
    marketplace: 'amazon',
    sku,
    action: 'UPSERT',
    productType: 'BRACELET',
    payloadJson: JSON.stringify({ productType: 'BRACELET', requirements: 'LISTING', attributes }),
    payloadHash: null,
    sourceEventId: `${sku}@${time.getTime()}`,
    magentoUpdatedAt: time,
    manifestVersion: '1',
    mappedAt: time,
  }
}

/** Delivers one update as the dispatcher does: the operation it needs, then the call. */
async function deliver(adapter: MarketplaceAdapter, update: ListingUpdate) {
  const operation = adapter.operation(update)
  const { outcomes } = await adapter.deliver([update], operation, () => Promise.resolve())
  return { operation, outcome: outcomes[0] }
}

function withoutBrand() {
  const attributes = braceletAttributes()
  delete attributes.brand
  return attributes
}

afterAll(async () => {
  await Promise.all(simulators.map((simulator) => simulator.app.close()))
})

describe('the Amazon adapter with AMAZON_VALIDATION_PREVIEW', () => {
  let simulator: AmazonSimulator
  let url: string

  beforeAll(async () => {
    ;({ simulator, url } = await startSimulator({ rateLimits: 'off' }))
  })
  beforeEach(() => {
    simulator.stats.reset()
    simulator.faults.clear()
  })

  const listed = (sku: string) => simulator.store.get(SELLER, US, sku)

  it('previews a new listing, then PUTs it once Amazon finds it VALID', async () => {
    const adapter = adapterFor(url, 'true')
    const update = bracelet('BR-NEW-1')
    expect(adapter.callsFor?.(update, 'putListingsItem')).toBe(2)

    const { operation, outcome } = await deliver(adapter, update)

    expect(operation).toBe('putListingsItem')
    const stats = simulator.stats.snapshot()
    expect(stats.calls.putListingsItem).toEqual({ 200: 2 })
    expect(stats.submissions).toEqual({ VALID: 1, ACCEPTED: 1, INVALID: 0 })
    expect(listed('BR-NEW-1')).toMatchObject({ productType: 'BRACELET', writes: 1 })
    expect(outcome).toEqual({ sku: 'BR-NEW-1', status: 'accepted', reference: listed('BR-NEW-1')!.submissionId })
  })

  it('rejects an invalid new listing with the preview issues as reasons, in one call, storing nothing', async () => {
    const adapter = adapterFor(url, 'true')
    const update = bracelet('BR-NEW-2', withoutBrand())

    const { outcome } = await deliver(adapter, update)

    expect(outcome).toMatchObject({ sku: 'BR-NEW-2', status: 'rejected', errorClass: 'INVALID' })
    expect(outcome?.status === 'rejected' ? outcome.reasons : []).toContainEqual(expect.objectContaining({ code: '90220', attribute: 'brand' }))
    const stats = simulator.stats.snapshot()
    expect(stats.calls.putListingsItem).toEqual({ 200: 1 })
    expect(stats.submissions).toEqual({ VALID: 0, ACCEPTED: 0, INVALID: 1 })
    expect(listed('BR-NEW-2')).toBeUndefined()
    // Still not accepted: its next version is previewed too.
    expect(adapter.callsFor?.(bracelet('BR-NEW-2'), 'putListingsItem')).toBe(2)
  })

  it('PUTs a changed listing it already had accepted without a preview', async () => {
    const adapter = adapterFor(url, 'true')
    await deliver(adapter, bracelet('BR-KNOWN'))
    simulator.stats.reset()
    const changed = bracelet('BR-KNOWN', braceletAttributes({ item_name: text('Sterling Silver Charm Bracelet, 7.5 in') }))
    expect(adapter.callsFor?.(changed, 'putListingsItem')).toBe(1)

    const { operation, outcome } = await deliver(adapter, changed)

    expect(operation).toBe('putListingsItem')
    expect(outcome).toMatchObject({ status: 'accepted' })
    expect(simulator.stats.snapshot().submissions).toEqual({ VALID: 0, ACCEPTED: 1, INVALID: 0 })
    expect((listed('BR-KNOWN')!.attributes.item_name as { value: string }[])[0]!.value).toBe('Sterling Silver Charm Bracelet, 7.5 in')
  })

  it('retries when the preview fails, without the real PUT', async () => {
    const adapter = adapterFor(url, 'true')
    simulator.faults.add({ type: 'status', status: 503, durationMs: 60_000, operations: ['putListingsItem'] })

    const { outcome } = await deliver(adapter, bracelet('BR-NEW-3'))

    expect(outcome).toMatchObject({ sku: 'BR-NEW-3', status: 'retry', errorClass: 'http-503' })
    expect(simulator.stats.snapshot().calls.putListingsItem).toEqual({ 503: 1 })
    expect(listed('BR-NEW-3')).toBeUndefined()
  })
})

describe('the Amazon adapter without AMAZON_VALIDATION_PREVIEW', () => {
  let simulator: AmazonSimulator
  let url: string

  beforeAll(async () => {
    ;({ simulator, url } = await startSimulator({ rateLimits: 'off' }))
  })
  beforeEach(() => simulator.stats.reset())

  it('PUTs a new listing in one call, as before', async () => {
    const adapter = adapterFor(url, undefined)
    const update = bracelet('BR-PLAIN-1')
    expect(adapter.callsFor?.(update, 'putListingsItem')).toBe(1)

    const { outcome } = await deliver(adapter, update)

    expect(outcome).toMatchObject({ status: 'accepted' })
    expect(simulator.stats.snapshot().submissions).toEqual({ VALID: 0, ACCEPTED: 1, INVALID: 0 })
    expect(simulator.store.get(SELLER, US, 'BR-PLAIN-1')).toBeDefined()
  })

  it('rejects an invalid new listing on the real PUT, in one call', async () => {
    const adapter = adapterFor(url, 'false')

    const { outcome } = await deliver(adapter, bracelet('BR-PLAIN-2', withoutBrand()))

    expect(outcome).toMatchObject({ status: 'rejected', errorClass: 'INVALID' })
    expect(simulator.stats.snapshot().calls.putListingsItem).toEqual({ 200: 1 })
    expect(simulator.stats.snapshot().submissions).toEqual({ VALID: 0, ACCEPTED: 0, INVALID: 1 })
  })
})

describe('the Amazon adapter with AMAZON_VALIDATION_PREVIEW, one putListingsItem call allowed', () => {
  it('retries when Amazon throttles the real PUT after the preview spent the only call', async () => {
    // A bucket of one call that does not refill within the test: what a budget charging the
    // preview as no call at all would run into.
    const { simulator, url } = await startSimulator({ rateLimits: { putListingsItem: { rate: 0.001, burst: 1 } } })
    const adapter = adapterFor(url, 'true')

    const { outcome } = await deliver(adapter, bracelet('BR-THROTTLED'))

    expect(outcome).toMatchObject({ sku: 'BR-THROTTLED', status: 'retry', errorClass: 'http-429' })
    const stats = simulator.stats.snapshot()
    expect(stats.submissions).toEqual({ VALID: 1, ACCEPTED: 0, INVALID: 0 })
    expect(stats.calls.putListingsItem).toEqual({ 200: 1, 429: 1 })
    expect(simulator.store.get(SELLER, US, 'BR-THROTTLED')).toBeUndefined()
  })
})
