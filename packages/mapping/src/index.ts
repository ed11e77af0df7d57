// Public surface of @listing-sync/mapping: manifest validation and loading, the engine, transforms.
export { compileManifest } from './compile-manifest.js'
export type { CompiledMapping, CompileOptions, MappingProblem, MappingResult, ValidationConfig } from './compile-manifest.js'
export type { ManifestProblem } from './conditions.js'
export { buildMappingSchema } from './manifest-schema.js'
export type {
  AmazonProductTypeValidation,
  AttributeCondition,
  AttributeSetCondition,
  B2bAttributesValidation,
  B2bValueList,
  CategoryCondition,
  Condition,
  FieldCondition,
  Manifest,
  MappingRule,
  ProductTypeRule,
  TransformSpec,
  ValidationSpec,
} from './manifest-types.js'
export { PRODUCT_FIELDS } from './paths.js'
export { TRANSFORMS, TRANSFORMS_BY_TYPE } from './transforms/registry.js'
export { TransformArgsError, TransformError, defineTransform } from './transforms/transform-definition.js'
export type { TransformContext, TransformDefinition } from './transforms/transform-definition.js'
export { isManifestFileName, manifestFiles } from './manifest-files.js'
export { loadManifest, loadManifests, validateManifest } from './validate-manifest.js'
export type { ManifestValidation } from './validate-manifest.js'
export type { ListingOutcome, ListingProblem, MarketplaceMapping } from './marketplace-mapping.js'
export { loadValidatedMapping } from './validated-mapping.js'
export type { LoadedMapping, LoadValidatedMappingOptions } from './validated-mapping.js'
export * from './validation/index.js'
