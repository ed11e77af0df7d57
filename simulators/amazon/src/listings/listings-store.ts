import { createHash } from 'node:crypto'

/** Attribute values keyed by attribute name, each an array of objects (Amazon's listing attributes). */
export type ListingAttributes = Record<string, unknown[]>

/** One listing the simulator holds, for one seller, marketplace and SKU. */
export interface StoredListing {
  readonly sellerId: string
  readonly marketplaceId: string
  readonly sku: string
  readonly productType: string
  readonly requirements: string
  readonly attributes: ListingAttributes
  readonly asin: string
  readonly createdDate: string
  readonly lastUpdatedDate: string
  /** The submission that produced this state. */
  readonly submissionId: string
  /** Accepted PUT and PATCH submissions so far, to check how often a client writes a SKU. */
  readonly writes: number
}

/** What a write stores; the store keeps dates, ASIN and the write count. */
export type ListingWrite = Pick<StoredListing, 'sellerId' | 'marketplaceId' | 'sku' | 'productType' | 'requirements' | 'attributes' | 'submissionId'>

/** Listings in memory, keyed by seller, marketplace and SKU, as Amazon scopes them. */
export class ListingsStore {
  private readonly listings = new Map<string, StoredListing>()

  constructor(private readonly now: () => Date = () => new Date()) {}

  get(sellerId: string, marketplaceId: string, sku: string): StoredListing | undefined {
    return this.listings.get(key(sellerId, marketplaceId, sku))
  }

  /** Creates or replaces a listing; creation date and ASIN survive a replacement. */
  write(listing: ListingWrite): StoredListing {
    const id = key(listing.sellerId, listing.marketplaceId, listing.sku)
    const previous = this.listings.get(id)
    const now = this.now().toISOString()
    const stored: StoredListing = {
      ...listing,
      asin: previous?.asin ?? asinFor(listing.sellerId, listing.sku),
      createdDate: previous?.createdDate ?? now,
      lastUpdatedDate: now,
      writes: (previous?.writes ?? 0) + 1,
    }
    this.listings.set(id, stored)
    return stored
  }

  delete(sellerId: string, marketplaceId: string, sku: string): boolean {
    return this.listings.delete(key(sellerId, marketplaceId, sku))
  }

  /** The SKUs of a seller's listings in a marketplace that name `parentSku` as their variation parent. */
  childrenOf(sellerId: string, marketplaceId: string, parentSku: string): string[] {
    return this.all()
      .filter((listing) => listing.sellerId === sellerId && listing.marketplaceId === marketplaceId && parentSkuOf(listing.attributes) === parentSku)
      .map((listing) => listing.sku)
      .sort()
  }

  all(): StoredListing[] {
    return [...this.listings.values()]
  }

  get size(): number {
    return this.listings.size
  }

  reset(): void {
    this.listings.clear()
  }
}

/** The `parent_sku` of a variation child's `child_parent_sku_relationship`. */
export function parentSkuOf(attributes: ListingAttributes): string | undefined {
  const relationship = attributes.child_parent_sku_relationship?.[0] as { parent_sku?: unknown } | undefined
  return typeof relationship?.parent_sku === 'string' ? relationship.parent_sku : undefined
}

/** A stable made-up ASIN per seller and SKU (`B0` and eight base-36 characters), as a catalog match would give. */
export function asinFor(sellerId: string, sku: string): string {
  const digest = createHash('sha256').update(`${sellerId}\u0000${sku}`).digest()
  return `B0${BigInt(`0x${digest.subarray(0, 8).toString('hex')}`).toString(36).toUpperCase().padStart(8, '0').slice(-8)}`
}

function key(sellerId: string, marketplaceId: string, sku: string): string {
  return `${sellerId}\u0000${marketplaceId}\u0000${sku}`
}
