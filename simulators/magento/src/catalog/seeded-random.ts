import { createHash } from 'node:crypto'

/**
 * Deterministic pseudo-random numbers keyed by a SKU and a purpose, so that every start of the
 * simulator (and every test) sees the same generated values without Math.random or stored state.
 */
export class SeededRandom {
  private readonly bytes: Buffer
  private offset = 0

  constructor(sku: string, purpose: string) {
    // sha256 gives 32 well-mixed bytes; no value below needs more than that.
    this.bytes = createHash('sha256').update(`${purpose}\u0000${sku}`).digest()
  }

  /** A uniform number in [0, 1). */
  next(): number {
    if (this.offset + 4 > this.bytes.length) this.offset = 0
    const value = this.bytes.readUInt32BE(this.offset)
    this.offset += 4
    return value / 0x1_0000_0000
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** A decimal in [min, max] with `digits` decimals. */
  decimal(min: number, max: number, digits: number): number {
    const factor = 10 ** digits
    return this.int(Math.round(min * factor), Math.round(max * factor)) / factor
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)]
    if (item === undefined) throw new Error('pick from an empty list')
    return item
  }
}
