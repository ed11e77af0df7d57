import { describe, expect, it } from 'vitest'
import { DEFAULT_RATE_LIMITS, RateLimiter } from './rate-limiter.js'
import { TokenBucket } from './token-bucket.js'

describe('TokenBucket', () => {
  it('gives the burst at once, then one call per interval, and says how many whole seconds to wait', () => {
    const bucket = new TokenBucket({ calls: 1, perSeconds: 60, burst: 2 }, 0)
    expect(bucket.take(0)).toEqual({ taken: true })
    expect(bucket.take(0)).toEqual({ taken: true })
    expect(bucket.take(0)).toEqual({ taken: false, retryAfterSeconds: 60 })
    // Retry-After rounds up: waiting 1.5 s means "retry after 2".
    expect(bucket.take(58_500)).toEqual({ taken: false, retryAfterSeconds: 2 })
    expect(bucket.take(59_001)).toEqual({ taken: false, retryAfterSeconds: 1 })
    // Exactly one interval later a token is back: credit is counted in whole units, not floats.
    expect(bucket.take(60_000)).toEqual({ taken: true })
    expect(bucket.take(60_000)).toEqual({ taken: false, retryAfterSeconds: 60 })
  })

  it('refills several calls per interval and never beyond the burst', () => {
    const bucket = new TokenBucket({ calls: 10, perSeconds: 1, burst: 3 }, 0)
    for (let call = 0; call < 3; call++) expect(bucket.take(0).taken).toBe(true)
    expect(bucket.take(0)).toEqual({ taken: false, retryAfterSeconds: 1 })
    expect(bucket.take(100).taken).toBe(true)
    // A long pause refills up to the burst only.
    for (let call = 0; call < 3; call++) expect(bucket.take(3_600_000).taken).toBe(true)
    expect(bucket.take(3_600_000).taken).toBe(false)
  })

  it('adds nothing when the clock goes back', () => {
    const bucket = new TokenBucket({ calls: 1, perSeconds: 60, burst: 1 }, 60_000)
    expect(bucket.take(60_000).taken).toBe(true)
    expect(bucket.take(0).taken).toBe(false)
    expect(bucket.take(120_000).taken).toBe(true)
  })
})

describe('RateLimiter', () => {
  it("defaults to the spec's maximum usage: OF24 once a minute, P41 every 15 minutes, PM11 hourly, OF21 unlimited", () => {
    expect(DEFAULT_RATE_LIMITS).toMatchObject({ OF24: { calls: 1, perSeconds: 60 }, P41: { calls: 1, perSeconds: 900 }, PM11: { calls: 1, perSeconds: 3600 }, OF21: null, P44: null })
  })

  it('keeps one bucket per operation and shop, and per import for status polls', () => {
    let now = 0
    const limiter = new RateLimiter(DEFAULT_RATE_LIMITS, () => now)
    expect(limiter.take('OF24', 2000).allowed).toBe(true)
    expect(limiter.take('OF24', 2000)).toMatchObject({ allowed: false, retryAfterSeconds: 60, scope: 'shop' })
    expect(limiter.take('OF24', 2001).allowed).toBe(true)
    expect(limiter.take('P41', 2000).allowed).toBe(true)
    expect(limiter.take('OF02', 2000, 1).allowed).toBe(true)
    expect(limiter.take('OF02', 2000, 1)).toMatchObject({ allowed: false, scope: 'import' })
    expect(limiter.take('OF02', 2000, 2).allowed).toBe(true)
    for (let call = 0; call < 100; call++) expect(limiter.take('OF21', 2000).allowed).toBe(true)
    now = 60_000
    expect(limiter.take('OF24', 2000).allowed).toBe(true)
    limiter.reset()
    expect(limiter.take('OF24', 2000).allowed).toBe(true)
  })
})
