import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Product } from '@listing-sync/catalog'
import { isAppError } from '@listing-sync/errors'
import type { CompiledMapping } from './compile-manifest.js'
import type { ListingOutcome, ListingProblem, MarketplaceMapping } from './marketplace-mapping.js'
import { loadManifest } from './validate-manifest.js'
import { createAmazonProductTypeValidator, type AmazonListingPayload, type AmazonProductTypeValidator } from './validation/amazon-product-type-validator.js'
import { createB2bValidator, loadB2bValidationConfig } from './validation/b2b-offer-validator.js'

/** A manifest that could not be loaded, with every problem. */
export type LoadedMapping = { readonly ok: true; readonly mapping: MarketplaceMapping } | { readonly ok: false; readonly problems: readonly { path: string; message: string }[] }

type PayloadValidator = (productType: string, payload: unknown) => ListingProblem[]

/**
 * Loads a manifest and the validation it names, as one mapping that maps and then checks the
 * output against the marketplace's rules: Amazon product type schemas (compiled once at load), or
 * the B2B marketplace's attributes and value lists, kept by convention in
 * `product-types/<marketplace>-attributes.json` beside the manifest.
 */
export async function loadValidatedMapping(file: string): Promise<LoadedMapping> {
  let compiled: CompiledMapping
  try {
    compiled = loadManifest(file)
  } catch (error) {
    const details = isAppError(error) ? error.details : undefined
    const problems = Array.isArray(details) ? (details as { path: string; message: string }[]) : [{ path: file, message: (error as Error).message }]
    return { ok: false, problems }
  }
  let validate: PayloadValidator
  try {
    validate = await payloadValidator(compiled, file)
  } catch (error) {
    return { ok: false, problems: [{ path: `${file}#/validation`, message: (error as Error).message }] }
  }
  const fingerprint = createHash('sha256').update(await readFile(file)).digest('hex')
  return { ok: true, mapping: validatedMapping(compiled, validate, fingerprint) }
}

function validatedMapping(compiled: CompiledMapping, validate: PayloadValidator, fingerprint: string): MarketplaceMapping {
  return {
    marketplace: compiled.marketplace,
    version: compiled.version,
    fingerprint,
    async map(product: Product): Promise<ListingOutcome> {
      const result = await compiled.map(product)
      if (!result.ok) {
        const problems = result.problems.map((p) => ({ stage: 'MAPPING' as const, rule: p.rule, path: p.path, message: p.message }))
        return { ok: false, productType: result.productType ?? null, problems }
      }
      const problems = validate(result.productType, result.payload)
      return problems.length === 0 ? { ok: true, productType: result.productType, payload: result.payload } : { ok: false, productType: result.productType, problems }
    },
  }
}

async function payloadValidator(compiled: CompiledMapping, file: string): Promise<PayloadValidator> {
  const config = compiled.validation
  if (config.type === 'amazonProductType') {
    const validators = new Map<string, AmazonProductTypeValidator>()
    for (const [productType, schemaFile] of Object.entries(config.productTypeSchemas)) {
      const schema = JSON.parse(await readFile(schemaFile, 'utf8')) as object
      validators.set(productType, createAmazonProductTypeValidator(schema))
    }
    return (productType, payload) => {
      const validator = validators.get(productType)
      if (!validator) return [{ stage: 'VALIDATION', rule: 'productType', path: 'productType', message: `no product type schema for ${productType}` }]
      return validator(payload as AmazonListingPayload).map((issue) => ({
        stage: 'VALIDATION',
        rule: issue.attributeNames.join(', ') || 'listing',
        path: issue.attributeNames.map((name) => `attributes.${name}`).join(', ') || 'attributes',
        message: `${issue.message} (${issue.code})`,
      }))
    }
  }
  const b2b = createB2bValidator(await loadB2bValidationConfig(join(dirname(file), 'product-types', `${compiled.marketplace}-attributes.json`)))
  // The B2B payload is {offer, product}: the offer goes to OF24, the product to P41; their fields are
  // checked together against the marketplace's offer fields and product attributes.
  return (_productType, payload) => {
    const { offer, product } = payload as { offer?: Record<string, unknown>; product?: Record<string, unknown> }
    return b2b({ ...product, ...offer }).map((problem) => ({ stage: 'VALIDATION', rule: problem.field, path: problem.field, message: problem.message }))
  }
}
