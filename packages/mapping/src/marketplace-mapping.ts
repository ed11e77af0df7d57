import type { Product } from '@listing-sync/catalog'

/** One problem that keeps a product off a marketplace. */
export interface ListingProblem {
  readonly stage: 'MAPPING' | 'VALIDATION'
  readonly rule: string
  readonly path: string
  readonly message: string
}

/** What mapping and validating one product for one marketplace gave. */
export type ListingOutcome =
  | { readonly ok: true; readonly productType: string; readonly payload: unknown }
  | { readonly ok: false; readonly productType: string | null; readonly problems: readonly ListingProblem[] }

/** A marketplace's compiled manifest plus its output validation, as the transformer uses it. */
export interface MarketplaceMapping {
  readonly marketplace: string
  readonly version: string
  /** Digest of the manifest file: a changed file with an unchanged version still reloads. */
  readonly fingerprint: string
  map(product: Product): Promise<ListingOutcome>
}
