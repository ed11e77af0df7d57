import { describe, expect, it } from 'vitest'
import type { Product, ProductChanged } from '@listing-sync/catalog'
import type { ListingOutcome } from '@listing-sync/mapping'
import { createLogger } from '@listing-sync/observability'
import { decideListing, type CanonicalRecord, type DecisionContext, type DecisionMapping, type ListingSink } from './listing-decision.js'
import { payloadHash } from './listing-publisher.js'
import { ListingState } from './listing-state.js'

/** Every call the decision made, in order. */
function recordingSink() {
  const calls: string[] = []
  const sink: ListingSink = {
    upsert: (marketplace, source, _type, payloadJson) => Promise.resolve(void calls.push(`upsert ${marketplace} ${source.sku} ${payloadJson} v${source.manifestVersion} @${source.magentoUpdatedAt.getTime()}`)),
    delete: (marketplace, source) => Promise.resolve(void calls.push(`delete ${marketplace} ${source.sku} @${source.magentoUpdatedAt.getTime()}`)),
    reject: (marketplace, source, _type, problems) => Promise.resolve(void calls.push(`reject ${marketplace} ${source.sku} ${problems.map((p) => p.rule).join(',')}`)),
    clearRejection: (marketplace, source) => Promise.resolve(void calls.push(`clear ${marketplace} ${source.sku}`)),
  }
  return { calls, sink }
}

/** A mapping whose payload is the product's price, and that rejects a product without one. */
function priceMapping(version = '1.0.0'): DecisionMapping {
  return {
    marketplace: 'shop',
    version,
    map: (product: Product): Promise<ListingOutcome> =>
      Promise.resolve(
        product.price === null
          ? { ok: false, productType: null, problems: [{ stage: 'MAPPING', rule: 'price', path: 'offer.price', message: 'required' }] }
          : { ok: true, productType: 'THING', payload: { price: product.price.amount } },
      ),
  }
}

function record(sku: string, updatedAt: number, price: string | null): CanonicalRecord {
  const product = { sku, price: price === null ? null : { amount: price, currency: 'USD' } } as Product
  const event = { eventId: `e-${updatedAt}`, source: 'webhook', magentoUpdatedAt: new Date(updatedAt), observedAt: new Date(updatedAt), product } as ProductChanged
  return { sku, eventId: event.eventId, event, timestamp: updatedAt + 5 }
}

const tombstone = (sku: string, timestamp: number): CanonicalRecord => ({ sku, eventId: `d-${timestamp}`, event: null, timestamp })

function setup() {
  const { calls, sink } = recordingSink()
  const context: DecisionContext = { publisher: sink, log: createLogger({ service: 'test', level: 'silent' }) }
  const state = new ListingState()
  const decide = async (r: CanonicalRecord, mapping = priceMapping()) => {
    const decision = await decideListing(context, r, mapping, state)
    await Promise.all(decision.sends)
    return decision.outcome
  }
  return { calls, state, decide }
}

describe('decideListing', () => {
  it('publishes a changed payload and skips an unchanged one', async () => {
    const { calls, decide } = setup()
    expect(await decide(record('A', 1000, '10'))).toBe('published')
    expect(await decide(record('A', 2000, '10'))).toBe('unchanged')
    expect(await decide(record('A', 3000, '11'))).toBe('published')
    expect(calls).toEqual(['upsert shop A {"price":"10"} v1.0.0 @1000', 'upsert shop A {"price":"11"} v1.0.0 @3000'])
  })

  it('drops an event older than the last one seen for the SKU', async () => {
    const { calls, decide } = setup()
    await decide(record('A', 2000, '10'))
    expect(await decide(record('A', 1000, '9'))).toBe('stale')
    expect(calls).toHaveLength(1)
  })

  it('republishes under a changed manifest only what its payload changes', async () => {
    const { calls, state, decide } = setup()
    state.set('shop', 'A', { state: payloadHash('{"price":"10"}'), magentoUpdatedAt: 1000 })
    const renamed: DecisionMapping = { ...priceMapping('2.0.0') }
    expect(await decide(record('A', 1000, '10'), renamed)).toBe('unchanged')
    const relabelled: DecisionMapping = { ...renamed, map: (product) => Promise.resolve({ ok: true, productType: 'THING', payload: { price: product.price?.amount, label: 'new' } }) }
    expect(await decide(record('A', 1000, '10'), relabelled)).toBe('published')
    expect(calls).toEqual(['upsert shop A {"price":"10","label":"new"} v2.0.0 @1000'])
  })

  it('rejects a product that cannot be listed and clears the rejection once it maps', async () => {
    const { calls, decide } = setup()
    expect(await decide(record('A', 1000, null))).toBe('invalid')
    expect(await decide(record('A', 2000, '10'))).toBe('published')
    expect(calls).toEqual(['reject shop A price', 'upsert shop A {"price":"10"} v1.0.0 @2000', 'clear shop A'])
  })

  it('turns a tombstone into one DELETE, timed by when the tombstone was written', async () => {
    const { calls, decide } = setup()
    await decide(record('A', 1000, '10'))
    expect(await decide(tombstone('A', 1500))).toBe('deleted')
    expect(await decide(tombstone('A', 1600))).toBe('unchanged')
    expect(calls.slice(1)).toEqual(['delete shop A @1500'])
  })

  it('lists a product re-created after its delete when the history is replayed', async () => {
    const { calls, decide } = setup()
    // A resync replays a delete and a later re-creation; the delete must not outrank it.
    await decide(record('A', 1000, '10'))
    await decide(tombstone('A', 1500))
    expect(await decide(record('A', 2000, '10'))).toBe('published')
    expect(calls.at(-1)).toBe('upsert shop A {"price":"10"} v1.0.0 @2000')
  })
})
