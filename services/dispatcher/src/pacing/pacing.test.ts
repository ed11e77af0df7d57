import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { backoffDelay } from './backoff.js'
import { RateBudget } from './rate-budget.js'
import { SlotPacer } from './slot-pacer.js'
import { TokenBucket } from './token-bucket.js'

function clock(start = 0) {
  let now = start
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

/** Calls one bucket allows over `ms`, trying every `step` ms and taking whenever it can. */
function callsOver(bucket: TokenBucket, time: ReturnType<typeof clock>, ms: number, step = 1): number {
  let calls = 0
  for (let elapsed = 0; elapsed <= ms; elapsed += step, time.advance(step)) {
    while (bucket.take() === 0) calls++
  }
  return calls
}

describe('TokenBucket', () => {
  it('starts empty and then allows its rate', () => {
    const time = clock()
    const bucket = new TokenBucket({ rate: 5, burst: 10 }, time.now)
    // 98% of the rate, the margin for calls that reach the marketplace later than they were counted.
    expect(bucket.take()).toBe(205)
    // 10 s at 4.9/s: 49 calls (bursts are earned, not given).
    expect(callsOver(bucket, time, 10_000)).toBe(49)
  })

  it('saves its burst less 300 ms of calls (at least one) while idle, never more', () => {
    const saved = (limit: { rate: number; burst: number }) => {
      const time = clock()
      const bucket = new TokenBucket(limit, time.now)
      time.advance(60_000)
      let burst = 0
      while (bucket.take() === 0) burst++
      return burst
    }
    // 10 - 5 × 0.3 = 8.5 tokens; 10 - 1 (less than one call in 300 ms); 45 - 15 × 0.3 = 40.5.
    expect([saved({ rate: 5, burst: 10 }), saved({ rate: 1, burst: 10 }), saved({ rate: 15, burst: 45 })]).toEqual([8, 9, 40])
  })

  it('takes several calls at once only when it holds them all', () => {
    const time = clock()
    const bucket = new TokenBucket({ rate: 5, burst: 10 }, time.now)
    time.advance(250)
    // 1.225 tokens at 4.9/s: not enough for a delivery of two calls, which waits for the rest.
    expect(bucket.take(2)).toBe(159)
    time.advance(159)
    expect(bucket.take(2)).toBe(0)
    expect(bucket.take()).toBe(204)
  })

  it('lets a delivery of more calls than the bucket holds go once it is full', () => {
    const time = clock()
    // Holds 2 tokens (the burst less the margin's one), earned at 0.98/s.
    const bucket = new TokenBucket({ rate: 1, burst: 3 }, time.now)
    expect(bucket.take(3)).toBe(2041)
    time.advance(2041)
    expect(bucket.take(3)).toBe(0)
  })

  it('never lets the replicas together exceed the limit, whatever the split of partitions', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 20 }), (split, seconds) => {
        const total = split.reduce((sum, n) => sum + n, 0)
        fc.pre(total > 0)
        const time = clock()
        const limit = { rate: 5, burst: 10 }
        const buckets = split.map((partitions) => {
          const bucket = new TokenBucket(limit, time.now)
          bucket.assign(Array.from({ length: partitions }, (_, i) => i), total)
          return bucket
        })
        let calls = 0
        for (let ms = 0; ms <= seconds * 1000; ms += 10, time.advance(10)) {
          for (const bucket of buckets) while (bucket.take() === 0) calls++
        }
        // What one bucket with the whole limit would allow, plus the rounding up of tiny shares to one token.
        expect(calls).toBeLessThanOrEqual(Math.floor(limit.rate * seconds) + 1 + split.filter((n) => n > 0 && (limit.burst * n) / total < 1).length)
      }),
    )
  })

  it('holds all calls after a 429 and spends no saved-up burst when the hold ends', () => {
    const time = clock()
    const bucket = new TokenBucket({ rate: 5, burst: 10 }, time.now)
    time.advance(10_000)
    expect(bucket.take()).toBe(0)
    bucket.holdFor(3000)
    expect(bucket.take()).toBe(3000)
    time.advance(3000)
    expect(bucket.take()).toBe(205)
  })

  it('lowers its rate to what the marketplace reports (less the margin), never raises it', () => {
    const time = clock()
    const bucket = new TokenBucket({ rate: 5, burst: 10 }, time.now)
    bucket.lowerRate(2)
    expect(bucket.rate).toBe(1.96)
    bucket.lowerRate(50)
    expect(bucket.rate).toBe(1.96)
    expect(bucket.take()).toBe(511)
  })

  it('makes no call with a share of 0', () => {
    const bucket = new TokenBucket({ rate: 5, burst: 10 })
    bucket.assign([], 12)
    expect(bucket.take()).toBe(Number.POSITIVE_INFINITY)
  })
})

describe('backoffDelay', () => {
  it('is random between 0 and the capped exponential ceiling', () => {
    const policy = { baseMs: 100, capMs: 5000, maxAttempts: 5 }
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, random) => {
        const delay = backoffDelay(attempt, policy, () => random)
        expect(delay).toBeGreaterThanOrEqual(0)
        expect(delay).toBeLessThan(Math.min(5000, 100 * 2 ** attempt))
      }),
    )
    expect(backoffDelay(1, policy, () => 0.999)).toBe(199)
    expect(backoffDelay(10, policy, () => 0.999)).toBe(4995)
  })
})

describe('SlotPacer', () => {
  const limit = { rate: 1 / 60, burst: 1 }

  it('lets the replicas together make at most one call a minute, however late each looks', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], { minLength: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 120_000 }),
        fc.array(fc.integer({ min: 1, max: 8000 }), { minLength: 1, maxLength: 20 }),
        (order, replicas, start, lateness) => {
          const time = clock(start)
          // The 12 partitions dealt out to the replicas (any split), one pacer each.
          const pacers = Array.from({ length: replicas }, (_, r) => {
            const pacer = new SlotPacer(limit, time.now)
            pacer.assign([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].filter((p) => order.indexOf(p) % replicas === r), 12)
            return pacer
          })
          // Each replica looks when it is told to wait, but late by a varying amount (a busy event loop).
          const due = pacers.map(() => time.now())
          const calls: number[] = []
          for (let step = 0; time.now() - start <= 30 * 60_000; step++, time.advance(100)) {
            pacers.forEach((pacer, r) => {
              if (time.now() < due[r]!) return
              const wait = pacer.take()
              if (wait === 0) calls.push(time.now())
              due[r] = time.now() + (wait === 0 ? 0 : wait) + lateness[(step + r) % lateness.length]!
            })
          }
          for (let i = 1; i < calls.length; i++) expect(calls[i]! - calls[i - 1]!).toBeGreaterThanOrEqual(60_000)
        },
      ),
      { numRuns: 40 },
    )
  })

  it('uses every slot when each replica looks in time: 28 calls in the 29 minutes after the first interval', () => {
    for (const replicas of [1, 2, 3, 12]) {
      const time = clock(0)
      const pacers = Array.from({ length: replicas }, (_, r) => {
        const pacer = new SlotPacer(limit, time.now)
        pacer.assign([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].filter((p) => p % replicas === r), 12)
        return pacer
      })
      const calls: number[] = []
      for (let ms = 0; ms <= 30 * 60_000; ms += 500, time.advance(500)) {
        for (const pacer of pacers) if (pacer.take() === 0) calls.push(time.now())
      }
      expect(calls.length).toBeGreaterThanOrEqual(28)
    }
  })

  it('calls once a slot when it holds every partition, even looking in seconds late', () => {
    const time = clock(0)
    const pacer = new SlotPacer(limit, time.now)
    pacer.assign([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 12)
    const calls: number[] = []
    for (let ms = 0; ms <= 30 * 60_000; ms += 7000, time.advance(7000)) if (pacer.take() === 0) calls.push(time.now())
    // Every 63 s (the first 7 s step after 61.2 s): 28 calls after the first interval.
    expect(calls.length).toBeGreaterThanOrEqual(27)
    for (let i = 1; i < calls.length; i++) expect(calls[i]! - calls[i - 1]!).toBeLessThan(61_200 + 7000)
  })

  it('waits an interval after every assignment (a restart, a rebalance), then for its next owned slot; nothing while it holds no partition', () => {
    const time = clock(0)
    const pacer = new SlotPacer(limit, time.now)
    pacer.assign([], 12)
    time.advance(60_000)
    expect(pacer.take()).toBe(Number.POSITIVE_INFINITY)
    pacer.assign([2], 12)
    expect(pacer.take()).toBe(60_000)
    time.advance(60_000)
    // Slots are 61.2 s long (60 s + 2%); partition 2 owns slots 2, 14, 26, …
    expect(pacer.take()).toBe(2 * 61_200 - 120_000)
    time.advance(2 * 61_200 - 120_000 + 1200)
    // A single slot leaves 1.2 s to start in, so that the next replica's slot is a minute away.
    expect(pacer.take()).toBe(0)
    expect(pacer.take()).toBe(12 * 61_200 - 1200)
    pacer.assign([2, 3], 12)
    expect(pacer.take()).toBe(60_000)
  })
})

describe('RateBudget', () => {
  it('paces each operation on its own and slot-paces an operation without burst', () => {
    const time = clock(0)
    const budget = new RateBudget({ put: { rate: 5, burst: 10 }, offers: { rate: 1 / 60, burst: 1 } }, time.now)
    budget.assign([0, 1, 2, 3, 4, 5], 12)
    expect(budget.rates()).toEqual({ put: 2.45, offers: (1000 / 61_200) * 0.5 })
    expect(budget.take('put')).toBe(409)
    // Slot-paced: an interval after the assignment, and then in an owned slot (slot 0 is partition 0's).
    expect(budget.take('offers')).toBe(60_000)
    budget.holdFor('put', 5000)
    time.advance(1000)
    expect(budget.take('put')).toBe(4000)
    time.advance(59_000)
    expect(budget.take('offers')).toBe(0)
    expect(() => budget.take('unknown')).toThrow(/no rate limit configured for operation unknown/)
    // A slot holds one call: a delivery of two cannot be paced by slots.
    expect(() => budget.take('offers', 2)).toThrow(/one call a delivery, not 2/)
  })
})
