/**
 * Amazon's issue categories, as listed on `Issue.categories` in the Listings Items 2021-08-01 model
 * (fixtures/amazon-sp-api/models/listingsItems_2021-08-01.json).
 */
export type IssueCategory =
  | 'INVALID_ATTRIBUTE'
  | 'MISSING_ATTRIBUTE'
  | 'INVALID_IMAGE'
  | 'MISSING_IMAGE'
  | 'INVALID_PRICE'
  | 'MISSING_PRICE'
  | 'DUPLICATE'
  | 'QUALIFICATION_REQUIRED'

/**
 * One problem with a listing, in exactly the shape of Amazon's `Issue` (Listings Items 2021-08-01),
 * so our own pre-flight findings and Amazon's replies can be stored, shown and compared alike.
 * The optional `enforcements` and `marketplaceIds` of Amazon's shape are never set by our validator.
 */
export interface ListingIssue {
  /** Amazon-style numeric code; see {@link ISSUE_CODES}. */
  code: string
  /** Readable message naming the attribute and the rule. */
  message: string
  severity: 'ERROR' | 'WARNING' | 'INFO'
  /** Top-level attribute names (`/attributes/<name>`); empty for payload-level problems. */
  attributeNames: string[]
  categories: IssueCategory[]
}

/**
 * The codes our validator emits. Amazon does not publish a full code table; each one is taken from
 * Amazon's own examples where one exists, so a consumer that keys on Amazon's codes treats ours alike.
 */
export const ISSUE_CODES = {
  /**
   * A required attribute (or a required member inside one) is absent. Amazon's code and message
   * template: "'size' is required but not supplied." (listingsItems_2021-08-01.json examples and
   * the JSON_LISTINGS_FEED processing-report example).
   */
  MISSING_ATTRIBUTE: '90220',
  /**
   * An attribute has too few values (`minItems`, `minUniqueItems`). Amazon's code for "... does not
   * have enough values. The required minimum is '1' value(s)." (processing-report example).
   */
  NOT_ENOUGH_VALUES: '99022',
  /**
   * An attribute the product type does not define. Amazon's code for the `fake_attribute` example,
   * "The attributes are invalid." (listingsItems_2021-08-01.json).
   */
  UNKNOWN_ATTRIBUTE: '90000900',
  /**
   * Any other invalid value: type, enum, length, UTF-8 byte length, pattern, format, range, unique
   * items, conditional rules. Amazon reports these as 4000001 "The provided value for '…' is
   * invalid." — known from seller reports, not from the fixtures.
   */
  INVALID_VALUE: '4000001',
} as const
