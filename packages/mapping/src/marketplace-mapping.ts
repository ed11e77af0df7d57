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
  | {
      readonly ok: false
      readonly productType: string | null
      readonly problems: readonly ListingProblem[]
      /** The mapped payload when mapping succeeded and only its validation failed, to show what was wrong. */
      readonly payload?: unknown
    }

/** A marketplace's compiled manifest plus its output validation, as the transformer uses it. */
export interface MarketplaceMapping {
  readonly marketplace: string
  readonly version: string
  /** Digest of the manifest file and the product type schemas it validates with: a changed file or schema with an unchanged version still reloads. */
  readonly fingerprint: string
  /** Every product type or category the manifest can choose. */
  readonly productTypes: readonly string[]
  /** Number of rules of the manifest. */
  readonly ruleCount: number
  map(product: Product): Promise<ListingOutcome>
}
