import { describe, expect, it } from 'vitest'
import { partitionForKey } from './key-partitioner.js'

// murmur2 of these keys as Java computes it, from Kafka's own UtilsTest.testMurmur2 vectors; Java's
// producer puts a key in toPositive(murmur2(key)) % partitions.
const JAVA_MURMUR2: Record<string, number> = {
  '21': -973932308,
  foobar: -790332482,
  'a-little-bit-long-string': -985981536,
  'a-little-bit-longer-string': -1486304829,
  lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8: -58897971,
  abc: 479470107,
}

describe('partitionForKey', () => {
  it('puts a key on the partition Java producers put it on', () => {
    for (const [key, hash] of Object.entries(JAVA_MURMUR2)) {
      for (const partitions of [1, 3, 12, 50]) expect(partitionForKey(key, partitions), `${key} of ${partitions}`).toBe((hash & 0x7fffffff) % partitions)
    }
  })

  it('gives the same partition for the key as text and as bytes', () => {
    expect(partitionForKey(Buffer.from('24-MB01'), 12)).toBe(partitionForKey('24-MB01', 12))
  })

  it('refuses a partition count that is not a positive integer', () => {
    expect(() => partitionForKey('abc', 0)).toThrow(RangeError)
    expect(() => partitionForKey('abc', 2.5)).toThrow(RangeError)
  })
})
