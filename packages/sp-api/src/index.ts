// Public surface of @listing-sync/sp-api: what services share to call Amazon's Selling Partner API.
export { LwaError, LwaTokens } from './lwa-tokens.js'
export type { LwaCredentials } from './lwa-tokens.js'
export { ProductTypeDefinitionsClient } from './product-type-definitions-client.js'
export type { DownloadedSchema, ProductTypeDefinition, ProductTypeDefinitionsClientOptions, ProductTypeRequirements, SchemaLink } from './product-type-definitions-client.js'
export { spApiVariables } from './sp-api-variables.js'
