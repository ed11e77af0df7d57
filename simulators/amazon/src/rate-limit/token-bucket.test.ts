import { describe, expect, it } from 'vitest'
import { parseRateLimits } from './rate-limiter.js'
import { TokenBucket } from './token-bucket.js'

describe('TokenBucket', () => {
  it('admits a burst, then nothing until time refills it at the rate', () => {
    let now = 1_000_000
    const bucket = new TokenBucket({ rate: 5, burst: 10 }, () => now)
    expect(Array.from({ length: 11 }, () => bucket.tryTake())).toEqual([...Array<boolean>(10).fill(true), false])
    now += 199 // 0.995 tokens
    expect(bucket.tryTake()).toBe(false)
    now += 1 // one token
    expect(bucket.tryTake()).toBe(true)
    expect(bucket.tryTake()).toBe(false)
  })

  it('never holds more than the burst however long it idles', () => {
    let now = 0
    const bucket = new TokenBucket({ rate: 5, burst: 5 }, () => now)
    now += 3_600_000
    expect(bucket.available()).toBe(5)
    expect(Array.from({ length: 6 }, () => bucket.tryTake()).filter(Boolean)).toHaveLength(5)
  })

  it('refills completely on reset', () => {
    const bucket = new TokenBucket({ rate: 0.5, burst: 2 }, () => 0)
    bucket.tryTake()
    bucket.tryTake()
    expect(bucket.tryTake()).toBe(false)
    bucket.reset()
    expect(bucket.available()).toBe(2)
  })
})

describe('parseRateLimits', () => {
  it('reads official, off and per-operation overrides, and refuses anything else', () => {
    expect(parseRateLimits('official')).toEqual({})
    expect(parseRateLimits('off')).toBe('off')
    expect(parseRateLimits('putListingsItem=10/20, getListingsItem=off')).toEqual({ putListingsItem: { rate: 10, burst: 20 }, getListingsItem: 'off' })
    expect(() => parseRateLimits('putListingsItem=fast')).toThrow("'putListingsItem=fast' is not <operation>=<rate>/<burst> or <operation>=off")
  })
})
