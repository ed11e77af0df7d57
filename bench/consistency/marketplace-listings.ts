import { formatDifference, formatPath, payloadDiff } from '../../packages/cli/src/preview/payload-diff.js'

/** Where a listing held differs from the expected one: a path, and the line `- path`, `+ path: v`, `~ path: held -> expected`. */
export interface ListingDifference {
  readonly path: string
  readonly detail: string
}

/** What one marketplace simulator holds, read once, then compared SKU by SKU. */
export interface MarketplaceListings {
  /** Every SKU with a listing. */
  readonly skus: readonly string[]
  has(sku: string): boolean
  /** How the SKU's listing differs from the expected payload (the mapping's output); empty when it is equal. */
  differences(sku: string, expected: unknown): ListingDifference[]
}

/** Long values (descriptions) are cut in a difference's detail; the path says where to look. */
const DETAIL_LIMIT = 240

/** Path by path, from what the marketplace holds to what it should hold. */
export function listingDifferences(held: unknown, expected: unknown): ListingDifference[] {
  return payloadDiff(held, expected).map((difference) => {
    const detail = formatDifference(difference)
    return { path: formatPath(difference.path), detail: detail.length > DETAIL_LIMIT ? `${detail.slice(0, DETAIL_LIMIT - 1)}…` : detail }
  })
}
