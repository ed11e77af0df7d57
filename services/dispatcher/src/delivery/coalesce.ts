import type { ListingUpdate } from './marketplace-adapter.js'

/** A record of the batch with its decoded update. */
export interface BatchRecord {
  readonly offset: string
  readonly update: ListingUpdate
}

/**
 * The newest update per SKU among records of one partition, in the order of their offsets; the
 * others are superseded. Newest is by Magento's updated_at, then by offset: an update re-mapped
 * from an older product state (a resync racing the transformer) never wins over a newer one.
 */
export function coalesce(records: readonly BatchRecord[]): { newest: BatchRecord[]; superseded: BatchRecord[] } {
  const bySku = new Map<string, BatchRecord>()
  const superseded: BatchRecord[] = []
  for (const record of records) {
    const current = bySku.get(record.update.sku)
    if (current === undefined) {
      bySku.set(record.update.sku, record)
    } else if (record.update.magentoUpdatedAt.getTime() >= current.update.magentoUpdatedAt.getTime()) {
      superseded.push(current)
      bySku.set(record.update.sku, record)
    } else {
      superseded.push(record)
    }
  }
  const newest = [...bySku.values()].sort((a, b) => (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1))
  return { newest, superseded }
}
