import { describe, expect, it } from 'vitest'
import { entryId, SyncIndex, type InboxEntry, type InboxKind, type TraceStage, type TraceStep } from './sync-index.js'

// The index as the feed drives it: steps (add) and failures (add, then open) in any order across
// topics, and operators' discards. Times are ms offsets from T.

const T = Date.parse('2024-05-01T10:00:00Z')
const SKU = '24-MB01'

/** Each step gets an offset of its own, as records of a topic do. */
let nextOffset = 0

function step(stage: TraceStage, at: number, marketplace: string | null = 'amazon'): TraceStep {
  const topic = marketplace === null ? 'catalog.product.v1' : `listing.${marketplace}.${stage}`
  return { stage, at: T + at, marketplace, eventId: null, detail: stage, topic, partition: 0, offset: String(nextOffset++) }
}

/** What the feed does with a dead letter or a `.invalid` record: the step, then its inbox entry. */
function fail(index: SyncIndex, kind: InboxKind, sku: string, at: number, marketplace = 'amazon'): InboxEntry {
  const failure = step(kind === 'dlt' ? 'dead-lettered' : 'invalid', at, marketplace)
  index.add(sku, failure)
  const entry: InboxEntry = { id: entryId(failure.topic, failure.partition, failure.offset), kind, marketplace, sku, at: failure.at, errorClass: 'http-503', reasons: ['Service Unavailable'], attempts: 3, eventId: null, replayedAt: null }
  index.open(entry)
  return entry
}

const ids = (entries: readonly InboxEntry[]) => entries.map((entry) => entry.id)

describe('SyncIndex inbox', () => {
  it('opens a dlt entry for a dead letter', () => {
    const index = new SyncIndex(['amazon', 'b2b'])
    const entry = fail(index, 'dlt', SKU, 0)
    expect(index.inbox('amazon', 'dlt')).toEqual([entry])
    expect(index.inbox('amazon', 'invalid')).toEqual([])
    expect(index.openCount('amazon', 'dlt')).toBe(1)
    expect(index.openCount('b2b', 'dlt')).toBe(0)
  })

  it('closes the dlt entry when the same marketplace later accepts the SKU', () => {
    const index = new SyncIndex(['amazon', 'b2b'])
    fail(index, 'dlt', SKU, 0)
    index.add(SKU, step('accepted', 1000))
    expect(index.inbox('amazon')).toEqual([])
  })

  it('keeps the dlt entry open when another marketplace or another SKU is accepted', () => {
    const index = new SyncIndex(['amazon', 'b2b'])
    const entry = fail(index, 'dlt', SKU, 0)
    index.add(SKU, step('accepted', 1000, 'b2b'))
    index.add('24-MB02', step('accepted', 1000))
    expect(index.inbox('amazon')).toEqual([entry])
  })

  it('keeps the dlt entry open when the accepted step is older than the dead letter', () => {
    const index = new SyncIndex(['amazon'])
    const entry = fail(index, 'dlt', SKU, 1000)
    index.add(SKU, step('accepted', 0))
    expect(index.inbox('amazon')).toEqual([entry])
  })

  it('does not open a dead letter whose later acceptance was read first (topics are read side by side)', () => {
    const index = new SyncIndex(['amazon'])
    index.add(SKU, step('accepted', 1000))
    fail(index, 'dlt', SKU, 0)
    expect(index.inbox('amazon')).toEqual([])
  })

  it('opens a dead letter when the acceptance read first is older than it', () => {
    const index = new SyncIndex(['amazon'])
    index.add(SKU, step('accepted', 0))
    const entry = fail(index, 'dlt', SKU, 1000)
    expect(index.inbox('amazon')).toEqual([entry])
  })

  it('replaces the entry of a SKU with a newer failure, not with an older one', () => {
    const index = new SyncIndex(['amazon'])
    fail(index, 'dlt', SKU, 1000)
    const newer = fail(index, 'dlt', SKU, 2000)
    expect(index.inbox('amazon')).toEqual([newer])
    fail(index, 'dlt', SKU, 500)
    expect(index.inbox('amazon')).toEqual([newer])
  })

  it('marks a dlt entry replayed when its dead letter is sent back, and closes it on acceptance', () => {
    const index = new SyncIndex(['amazon'])
    const entry = fail(index, 'dlt', SKU, 0)
    index.add(SKU, step('replayed', 1000))
    expect(index.inbox('amazon')).toEqual([{ ...entry, replayedAt: T + 1000 }])
    index.add(SKU, step('accepted', 2000))
    expect(index.inbox('amazon')).toEqual([])
  })

  it('marks a dlt entry replayed when the replay was read before the dead letter', () => {
    const index = new SyncIndex(['amazon'])
    index.add(SKU, step('replayed', 1000))
    fail(index, 'dlt', SKU, 0)
    expect(index.inbox('amazon').map((entry) => entry.replayedAt)).toEqual([T + 1000])
  })

  it('closes an invalid entry when the transformer lists the SKU again, but not its dlt entry', () => {
    const index = new SyncIndex(['amazon'])
    fail(index, 'invalid', SKU, 0)
    const deadLetter = fail(index, 'dlt', SKU, 500)
    index.add(SKU, step('listed', 1000))
    expect(index.inbox('amazon', 'invalid')).toEqual([])
    expect(index.inbox('amazon')).toEqual([deadLetter])
  })

  it('does not open an invalid entry whose later listing was read first', () => {
    const index = new SyncIndex(['amazon'])
    index.add(SKU, step('listed', 1000))
    fail(index, 'invalid', SKU, 0)
    expect(index.inbox('amazon')).toEqual([])
  })

  it('removes a discarded entry, keeps it out when opened again, and records one discarded step', () => {
    const index = new SyncIndex(['amazon'])
    const entry = fail(index, 'dlt', SKU, 0)
    const discard = step('discarded', 1000)
    const discarding = { id: entry.id, sku: SKU, marketplace: 'amazon', kind: 'dlt', at: discard.at, failedAt: entry.at } as const
    index.discard(discarding, { topic: 'console.inbox-discards.v1', partition: 0, offset: discard.offset })
    expect(index.inbox('amazon')).toEqual([])
    index.open({ ...entry })
    expect(index.inbox('amazon')).toEqual([])
    index.discard(discarding, { topic: 'console.inbox-discards.v1', partition: 0, offset: discard.offset })
    expect(index.trace(SKU).filter((s) => s.stage === 'discarded')).toEqual([
      expect.objectContaining({ stage: 'discarded', at: T + 1000, marketplace: 'amazon', detail: `inbox entry ${entry.id} discarded` }),
    ])
  })

  it('does not open an entry whose discard was read before it', () => {
    const index = new SyncIndex(['amazon'])
    const failure = step('dead-lettered', 0)
    const id = entryId(failure.topic, failure.partition, failure.offset)
    index.discard({ id, sku: SKU, marketplace: 'amazon', kind: 'dlt', at: T + 1000, failedAt: failure.at }, { topic: 'console.inbox-discards.v1', partition: 0, offset: '0' })
    index.add(SKU, failure)
    index.open({ id, kind: 'dlt', marketplace: 'amazon', sku: SKU, at: failure.at, errorClass: 'http-503', reasons: [], attempts: 1, eventId: null, replayedAt: null })
    expect(index.inbox('amazon')).toEqual([])
  })

  it('keeps a failure newer than the discarded one open', () => {
    const index = new SyncIndex(['amazon'])
    const older = fail(index, 'dlt', SKU, 0)
    const newer = fail(index, 'dlt', SKU, 1000)
    index.discard({ id: older.id, sku: SKU, marketplace: 'amazon', kind: 'dlt', at: T + 2000, failedAt: older.at }, { topic: 'console.inbox-discards.v1', partition: 0, offset: '0' })
    expect(index.inbox('amazon')).toEqual([newer])
  })

  it('keeps the older failures a discard covers out, whichever topic is read first', () => {
    const index = new SyncIndex(['amazon'])
    const newer = { id: 'listing.amazon.dlt/0/9', kind: 'dlt', marketplace: 'amazon', sku: SKU, at: T + 1000, errorClass: 'http-503', reasons: [], attempts: 2, eventId: null, replayedAt: null } as const
    index.discard({ id: newer.id, sku: SKU, marketplace: 'amazon', kind: 'dlt', at: T + 2000, failedAt: newer.at }, { topic: 'console.inbox-discards.v1', partition: 0, offset: '0' })
    // The discards topic was read first; then the SKU's older dead letter, then the discarded one.
    index.open({ ...newer, id: 'listing.amazon.dlt/0/3', at: T })
    index.open({ ...newer })
    expect(index.inbox('amazon')).toEqual([])
  })

  it('ignores discards of marketplaces it does not show', () => {
    const index = new SyncIndex(['amazon'])
    index.discard({ id: 'listing.other.dlt/0/1', sku: SKU, marketplace: 'other', kind: 'dlt', at: T, failedAt: T }, { topic: 'console.inbox-discards.v1', partition: 0, offset: '0' })
    expect(index.trace(SKU)).toEqual([])
  })

  it('lists entries newest first, filtered by kind', () => {
    const index = new SyncIndex(['amazon', 'b2b'])
    const a = fail(index, 'dlt', 'A', 1000)
    const b = fail(index, 'invalid', 'B', 3000)
    const c = fail(index, 'dlt', 'C', 2000)
    fail(index, 'dlt', 'D', 4000, 'b2b')
    expect(ids(index.inbox('amazon'))).toEqual([b.id, c.id, a.id])
    expect(ids(index.inbox('amazon', 'dlt'))).toEqual([c.id, a.id])
    expect(ids(index.inbox('amazon', 'invalid'))).toEqual([b.id])
    expect(index.inbox('ebay')).toEqual([])
  })

  it('finds open entries by id across marketplaces', () => {
    const index = new SyncIndex(['amazon', 'b2b'])
    const a = fail(index, 'dlt', 'A', 1000)
    fail(index, 'invalid', 'B', 2000)
    const c = fail(index, 'dlt', 'C', 3000, 'b2b')
    const closed = fail(index, 'dlt', 'E', 0)
    index.add('E', step('accepted', 500))
    expect(ids(index.entries([a.id, c.id, closed.id, 'listing.amazon.dlt/0/999']))).toEqual([a.id, c.id])
    expect(index.entries([])).toEqual([])
  })
})

describe('SyncIndex trace', () => {
  it('returns the steps of a SKU oldest first, whatever order they were read in', () => {
    const index = new SyncIndex(['amazon'])
    index.add(SKU, step('accepted', 3000))
    index.add(SKU, step('received', 0, null))
    index.add(SKU, step('listed', 2000))
    index.add(SKU, step('published', 1000, null))
    index.add('24-MB02', step('received', 500, null))
    expect(index.trace(SKU).map((s) => s.stage)).toEqual(['received', 'published', 'listed', 'accepted'])
    expect(index.trace('unknown')).toEqual([])
  })

  it('keeps the newest 40 steps of a SKU', () => {
    const index = new SyncIndex(['amazon'])
    for (let i = 1; i <= 45; i++) index.add(SKU, step('listed', i * 1000))
    const times = index.trace(SKU).map((s) => s.at - T)
    expect(times).toHaveLength(40)
    expect(times[0]).toBe(6000)
    expect(times.at(-1)).toBe(45_000)
  })

  it('drops the oldest steps past the cap even when they were read last', () => {
    const index = new SyncIndex(['amazon'])
    // The marketplace topics first, then the older catalog steps of the same SKU.
    for (let i = 1; i <= 40; i++) index.add(SKU, step('listed', 100_000 + i))
    index.add(SKU, step('published', 0, null))
    const trace = index.trace(SKU)
    expect(trace).toHaveLength(40)
    expect(trace.map((s) => s.stage)).not.toContain('published')
    expect(trace.at(-1)!.at).toBe(T + 100_040)
  })

  it('does not share its array with the index', () => {
    const index = new SyncIndex(['amazon'])
    index.add(SKU, step('listed', 0))
    index.trace(SKU).pop()
    expect(index.trace(SKU)).toHaveLength(1)
  })
})

describe('SyncIndex findSkus', () => {
  const index = new SyncIndex(['amazon'])
  for (const sku of ['MJ09-XS-Blue', '24-MB01', 'mj09-m-red', '24-MB02', 'WJ12-S-Blue']) index.add(sku, step('received', 0, null))

  it('finds SKUs containing the query, case-insensitive, sorted', () => {
    expect(index.findSkus('mj09', 10)).toEqual(['MJ09-XS-Blue', 'mj09-m-red'])
    expect(index.findSkus(' -BLUE ', 10)).toEqual(['MJ09-XS-Blue', 'WJ12-S-Blue'])
    expect(index.findSkus('nothing', 10)).toEqual([])
  })

  it('returns at most limit SKUs', () => {
    expect(index.findSkus('', 3)).toEqual(['24-MB01', '24-MB02', 'MJ09-XS-Blue'])
    expect(index.skuCount).toBe(5)
  })
})

describe('SyncIndex outcomeTotals', () => {
  it('counts accepted, rejected, dead-lettered and invalid steps per marketplace', () => {
    const index = new SyncIndex(['amazon', 'b2b'])
    index.add('A', step('accepted', 0))
    index.add('B', step('accepted', 0))
    index.add('A', step('rejected', 0))
    fail(index, 'dlt', 'C', 0)
    fail(index, 'invalid', 'D', 0)
    fail(index, 'invalid', 'E', 0)
    index.add('A', step('listed', 0))
    index.add('A', step('received', 0, null))
    index.add('F', step('accepted', 0, 'b2b'))
    expect(index.outcomeTotals('amazon')).toEqual({ accepted: 2, rejected: 1, deadLettered: 1, invalid: 2 })
    expect(index.outcomeTotals('b2b')).toEqual({ accepted: 1, rejected: 0, deadLettered: 0, invalid: 0 })
    expect(index.outcomeTotals('ebay')).toEqual({ accepted: 0, rejected: 0, deadLettered: 0, invalid: 0 })
  })

  it('returns a copy', () => {
    const index = new SyncIndex(['amazon'])
    index.outcomeTotals('amazon').accepted = 99
    expect(index.outcomeTotals('amazon').accepted).toBe(0)
  })
})
