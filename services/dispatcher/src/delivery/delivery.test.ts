import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { coalesce, type BatchRecord } from './coalesce.js'
import { DeliveredListings } from './delivered-listings.js'
import type { ListingUpdate } from './marketplace-adapter.js'

function update(sku: string, time: number, hash = `h${time}`): ListingUpdate {
  return {
    marketplace: 'test',
    sku,
    action: 'UPSERT',
    productType: 'T',
    payloadJson: '{}',
    payloadHash: hash,
    sourceEventId: `e-${sku}-${time}`,
    magentoUpdatedAt: new Date(time),
    manifestVersion: '1',
    mappedAt: new Date(time),
  }
}

describe('coalesce', () => {
  it('keeps the newest update of each SKU, in offset order, and supersedes the rest', () => {
    const records: BatchRecord[] = [
      { offset: '10', update: update('A', 1) },
      { offset: '11', update: update('B', 1) },
      { offset: '12', update: update('A', 3) },
      // Re-mapped from an older state after a newer one: loses although it comes later.
      { offset: '13', update: update('A', 2) },
    ]
    const { newest, superseded } = coalesce(records)
    expect(newest.map((r) => r.offset)).toEqual(['11', '12'])
    expect(superseded.map((r) => r.offset).sort()).toEqual(['10', '13'])
  })

  it('accounts for every record exactly once and keeps the newest time per SKU', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ sku: fc.constantFrom('A', 'B', 'C'), time: fc.integer({ min: 0, max: 5 }) }), { maxLength: 30 }), (items) => {
        const records = items.map((item, index) => ({ offset: String(100 + index), update: update(item.sku, item.time) }))
        const { newest, superseded } = coalesce(records)
        expect(newest.length + superseded.length).toBe(records.length)
        expect(new Set(newest.map((r) => r.update.sku)).size).toBe(newest.length)
        for (const record of newest) {
          const times = records.filter((r) => r.update.sku === record.update.sku).map((r) => r.update.magentoUpdatedAt.getTime())
          expect(record.update.magentoUpdatedAt.getTime()).toBe(Math.max(...times))
        }
      }),
    )
  })
})

describe('DeliveredListings', () => {
  it('skips an older update and the same one again, not a newer or different one', () => {
    const delivered = new DeliveredListings()
    expect(delivered.skipReason(update('A', 5))).toBeUndefined()
    delivered.record(update('A', 5))
    expect(delivered.skipReason(update('A', 4))).toBe('stale')
    expect(delivered.skipReason(update('A', 5))).toBe('delivered')
    expect(delivered.skipReason(update('A', 5, 'other'))).toBeUndefined()
    expect(delivered.skipReason(update('A', 6))).toBeUndefined()
  })
})
