import { describe, expect, it } from 'vitest'
import { newClusterId } from './kafka-broker.js'

describe('newClusterId', () => {
  it('gives 22-character base64url ids that never start with "-"', () => {
    // A leading '-' appears in about one id in 64 without the guard; 5,000 ids would show it.
    for (let i = 0; i < 5000; i++) {
      const id = newClusterId()
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/)
    }
  })
})
