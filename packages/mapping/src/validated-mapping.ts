import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Product } from '@listing-sync/catalog'
import { isAppError } from '@listing-sync/errors'
import type { CompiledMapping } from './compile-manifest.js'
import type { ManifestProblem } from './conditions.js'
import type { ListingOutcome, ListingProblem, MarketplaceMapping } from './marketplace-mapping.js'
import { loadManifest } from './validate-manifest.js'
import { createAmazonProductTypeValidator, type AmazonListingPayload, type AmazonProductTypeValidator } from './validation/amazon-product-type-validator.js'
import { createB2bValidator, loadB2bValidationConfig, type B2bValidator } from './validation/b2b-offer-validator.js'
import { productTypeSchemaFiles, type ProductTypeSchemaSource } from './validation/product-type-schema-source.js'

/** A loaded mapping, or every problem (JSON pointer into the manifest, message, offending value) that kept it from loading. */
export type LoadedMapping = { readonly ok: true; readonly mapping: MarketplaceMapping } | { readonly ok: false; readonly problems: readonly ManifestProblem[] }

type PayloadValidator = (productType: string, payload: unknown) => ListingProblem[]

/** Options of {@link loadValidatedMapping}. */
export interface LoadValidatedMappingOptions {
  /** Where an Amazon manifest's product type schemas come from; the files it names by default. */
  readonly productTypeSchemas?: ProductTypeSchemaSource
}

/**
 * Loads a manifest and the validation it names, as one mapping that maps and then checks the
 * output against the marketplace's rules: Amazon product type schemas (compiled once at load, from
 * the files the manifest names or another source), or the B2B marketplace's attributes and value
 * lists, kept by convention in `product-types/<marketplace>-attributes.json` beside the manifest.
 */
export async function loadValidatedMapping(file: string, options: LoadValidatedMappingOptions = {}): Promise<LoadedMapping> {
  let compiled: CompiledMapping
  try {
    compiled = loadManifest(file)
  } catch (error) {
    const details = isAppError(error) ? error.details : undefined
    // An unreadable file has no path inside it; the message names the file.
    const problems = Array.isArray(details) ? (details as ManifestProblem[]) : [{ path: '/', message: (error as Error).message }]
    return { ok: false, problems }
  }
  const validator = await payloadValidator(compiled, file, options.productTypeSchemas ?? productTypeSchemaFiles)
  if (!validator.ok) return validator
  // The manifest and the schemas it was validated with: a changed schema changes the mapping too.
  const fingerprint = createHash('sha256').update(await readFile(file)).update(validator.schemaDigests.join('\n')).digest('hex')
  return { ok: true, mapping: validatedMapping(compiled, validator.validate, fingerprint) }
}

function validatedMapping(compiled: CompiledMapping, validate: PayloadValidator, fingerprint: string): MarketplaceMapping {
  return {
    marketplace: compiled.marketplace,
    version: compiled.version,
    fingerprint,
    productTypes: compiled.productTypes,
    ruleCount: compiled.manifest.rules.length,
    async map(product: Product): Promise<ListingOutcome> {
      const result = await compiled.map(product)
      if (!result.ok) {
        const problems = result.problems.map((p) => ({ stage: 'MAPPING' as const, rule: p.rule, path: p.path, message: p.message }))
        return { ok: false, productType: result.productType ?? null, problems }
      }
      const problems = validate(result.productType, result.payload)
      return problems.length === 0 ? { ok: true, productType: result.productType, payload: result.payload } : { ok: false, productType: result.productType, problems, payload: result.payload }
    },
  }
}

/** A payload validator and the digests of the schemas it checks against, or every problem that kept it from loading. */
type LoadedValidator = { ok: true; validate: PayloadValidator; schemaDigests: string[] } | { ok: false; problems: ManifestProblem[] }

/**
 * Loads the validation the manifest names; a file that cannot be read, parsed or compiled is a
 * problem at the manifest path that names it, with the name as written there.
 */
function payloadValidator(compiled: CompiledMapping, file: string, source: ProductTypeSchemaSource): Promise<LoadedValidator> {
  const { validation, manifest } = compiled
  if (validation.type !== 'amazonProductType') return b2bValidator(compiled, file)
  const written = manifest.validation.type === 'amazonProductType' ? manifest.validation.productTypeSchemas : {}
  return amazonValidator(validation.productTypeSchemas, written, source)
}

/** `schemaFiles`: resolved path per product type; `written`: the same as the manifest names them. */
async function amazonValidator(schemaFiles: Readonly<Record<string, string>>, written: Readonly<Record<string, string>>, source: ProductTypeSchemaSource): Promise<LoadedValidator> {
  const validators = new Map<string, AmazonProductTypeValidator>()
  const schemaDigests: string[] = []
  const problems: ManifestProblem[] = []
  for (const [productType, schemaFile] of Object.entries(schemaFiles)) {
    try {
      const { schema, digest } = await source.schema(productType, schemaFile)
      validators.set(productType, createAmazonProductTypeValidator(schema))
      schemaDigests.push(`${productType} ${digest}`)
    } catch (error) {
      problems.push({ path: `/validation/productTypeSchemas/${pointerToken(productType)}`, message: `cannot load the product type schema: ${oneLine(error)}`, value: written[productType] ?? schemaFile })
    }
  }
  if (problems.length > 0) return { ok: false, problems }
  const validate: PayloadValidator = (productType, payload) => {
    const validator = validators.get(productType)
    if (!validator) return [{ stage: 'VALIDATION', rule: 'productType', path: 'productType', message: `no product type schema for ${productType}` }]
    return validator(payload as AmazonListingPayload).map((issue) => ({
      stage: 'VALIDATION',
      rule: issue.attributeNames.join(', ') || 'listing',
      path: issue.attributeNames.map((name) => `attributes.${name}`).join(', ') || 'attributes',
      message: `${issue.message} (${issue.code})`,
    }))
  }
  return { ok: true, validate, schemaDigests }
}

async function b2bValidator(compiled: CompiledMapping, file: string): Promise<LoadedValidator> {
  const attributesFile = join('product-types', `${compiled.marketplace}-attributes.json`)
  let b2b: B2bValidator
  try {
    b2b = createB2bValidator(await loadB2bValidationConfig(join(dirname(file), attributesFile)))
  } catch (error) {
    // The manifest does not name this file (it is found by convention), so the problem sits at /validation.
    return { ok: false, problems: [{ path: '/validation', message: `cannot load the B2B attributes file: ${oneLine(error)}`, value: attributesFile }] }
  }
  // The B2B payload is {offer, product}: the offer goes to OF24, the product to P41; their fields are
  // checked together against the marketplace's offer fields and product attributes.
  const validate: PayloadValidator = (_productType, payload) => {
    const { offer, product } = payload as { offer?: Record<string, unknown>; product?: Record<string, unknown> }
    return b2b({ ...product, ...offer }).map((problem) => ({ stage: 'VALIDATION', rule: problem.field, path: problem.field, message: problem.message }))
  }
  return { ok: true, validate, schemaDigests: [] }
}

/** A property name as one JSON pointer token (RFC 6901). */
const pointerToken = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1')

/** An error's message on one line: a problem is one line in logs and in `mappings check`. */
const oneLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ')
