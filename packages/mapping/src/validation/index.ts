// Output validation: Amazon listings against product type schemas, B2B (Mirakl) offers against
// the marketplace's attributes and value lists.
export { createAmazonProductTypeValidator } from './amazon-product-type-validator.js'
export type { AmazonListingPayload, AmazonProductTypeValidator, AmazonProductTypeValidatorOptions } from './amazon-product-type-validator.js'
export { AMAZON_META_SCHEMA_ID } from './amazon-keywords.js'
export { ISSUE_CODES } from './listing-issue.js'
export type { IssueCategory, ListingIssue } from './listing-issue.js'
export { createB2bValidator, loadB2bValidationConfig, DEFAULT_PRODUCT_ID_TYPES } from './b2b-offer-validator.js'
export type { B2bAttributeDefinition, B2bAttributeType, B2bProblem, B2bRule, B2bValidationConfig, B2bValidator } from './b2b-offer-validator.js'
export { loadProductTypeSchema, productTypeSchemasDir } from './product-type-schemas.js'
export { productTypeSchemaFiles } from './product-type-schema-source.js'
export type { ProductTypeSchema, ProductTypeSchemaSource } from './product-type-schema-source.js'
