import { describe, expect, it } from 'vitest'
import { keepRecent } from './recent-results.js'

describe('keepRecent', () => {
  it('computes a key once while it is among the last `size` keys, and again once it was dropped', () => {
    const computed: string[] = []
    const upper = keepRecent((key) => {
      computed.push(key)
      return key.toUpperCase()
    }, 2)
    expect([upper('a'), upper('b'), upper('a')]).toEqual(['A', 'B', 'A'])
    expect(computed).toEqual(['a', 'b'])
    upper('c') // drops 'a', the first kept
    expect([upper('b'), upper('a')]).toEqual(['B', 'A'])
    expect(computed).toEqual(['a', 'b', 'c', 'a'])
  })
})
