import { Ajv2019 } from 'ajv/dist/2019.js'
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2019.js'
import addFormatsModule from 'ajv-formats'
import { LS_ERR_CONFIG_INVALID } from '@listing-sync/errors'
import { addAmazonVocabulary, isRecord } from './amazon-keywords.js'
import { ISSUE_CODES } from './listing-issue.js'
import type { IssueCategory, ListingIssue } from './listing-issue.js'

/** The body of a Listings Items PUT (or one JSON_LISTINGS_FEED message): what the validator checks. */
export interface AmazonListingPayload {
  productType: string
  requirements?: string
  attributes: Record<string, unknown>
}

/** Options of {@link createAmazonProductTypeValidator}. */
export interface AmazonProductTypeValidatorOptions {
  /** Marketplace the listing is submitted to: values for another marketplace are errors, and values without one count as this one. */
  marketplaceId?: string
  /** Language values without a `language_tag` count as, when judging min/maxUniqueItems. */
  languageTag?: string
}

/** Validates one listing payload; returns every issue, none when the listing is valid. */
export type AmazonProductTypeValidator = (payload: AmazonListingPayload) => ListingIssue[]

const REQUIREMENTS = ['LISTING', 'LISTING_PRODUCT_ONLY', 'LISTING_OFFER_ONLY']

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule.default

// Compiled validators per schema object and options, so a schema is compiled once however many
// validators are asked for.
const compiled = new WeakMap<object, Map<string, ValidateFunction>>()

/**
 * Builds a validator for one Amazon product type instance schema (JSON Schema 2019-09 plus Amazon's
 * vocabulary, as served by the Product Type Definitions API), compiled once. The payload's
 * `attributes` are validated against the schema; ajv's errors become Amazon-shaped issues, one per
 * missing attribute and one per invalid attribute (all of its problems in one message).
 *
 * Throws LS_ERR_CONFIG_INVALID when the schema itself is not a valid product type schema.
 */
export function createAmazonProductTypeValidator(schema: object, options: AmazonProductTypeValidatorOptions = {}): AmazonProductTypeValidator {
  // Most listings are valid: a validator that stops at the first error and records no detail
  // answers them at a fraction of the cost (Amazon's anyOf-heavy schemas otherwise make an error
  // object of every failed branch). Only a listing it refuses goes through the one that collects
  // every problem, compiled when first needed.
  const check = compile(schema, options, 'first')
  let explain: ValidateFunction | undefined
  const productType = productTypeOf(schema)
  return (payload) => {
    const issues: ListingIssue[] = [...payloadIssues(payload, productType), ...marketplaceIssues(payload.attributes, options.marketplaceId)]
    if (!check(payload.attributes)) {
      explain ??= compile(schema, options, 'all')
      explain(payload.attributes)
      issues.push(...issuesFromErrors(explain.errors ?? [], productType))
    }
    return issues
  }
}

function compile(schema: object, options: AmazonProductTypeValidatorOptions, errors: 'first' | 'all'): ValidateFunction {
  const key = JSON.stringify([options.marketplaceId ?? null, options.languageTag ?? null, errors])
  let bySchema = compiled.get(schema)
  const cached = bySchema?.get(key)
  if (cached) return cached
  // One ajv instance per compiled schema: Amazon's schemas share `$id`s across versions, which one
  // instance would refuse to hold twice, and the keyword defaults differ per marketplace.
  const ajv = new Ajv2019({ allErrors: errors === 'all', verbose: errors === 'all', strict: true, strictTypes: false, strictTuples: false, strictRequired: false })
  addFormats(ajv)
  addAmazonVocabulary(ajv, { marketplace_id: options.marketplaceId, language_tag: options.languageTag })
  let validate: ValidateFunction
  try {
    validate = ajv.compile(schema)
  } catch (cause) {
    throw LS_ERR_CONFIG_INVALID.with({ cause }, `product type schema ${productTypeOf(schema) ?? '(no $id)'} does not compile: ${(cause as Error).message}`)
  }
  if (!bySchema) compiled.set(schema, (bySchema = new Map<string, ValidateFunction>()))
  bySchema.set(key, validate)
  return validate
}

/** Amazon's schema `$id`s end with the product type: `…/product-types/schema/v1/BRACELET`. */
function productTypeOf(schema: object): string | undefined {
  const id = (schema as { $id?: unknown }).$id
  return typeof id === 'string' ? /\/([A-Z0-9_]+)$/.exec(id)?.[1] : undefined
}

function payloadIssues(payload: AmazonListingPayload, productType: string | undefined): ListingIssue[] {
  const issues: ListingIssue[] = []
  if (productType !== undefined && payload.productType !== productType) {
    issues.push(invalid([], `productType '${payload.productType}' does not match the schema's product type '${productType}'.`))
  }
  if (payload.requirements !== undefined && !REQUIREMENTS.includes(payload.requirements)) {
    issues.push(invalid([], `requirements '${payload.requirements}' must be one of ${REQUIREMENTS.join(', ')}.`))
  }
  if (!isRecord(payload.attributes)) issues.push(invalid([], 'attributes must be an object of attribute arrays.'))
  return issues
}

/** A value for another marketplace in a submission to one marketplace is a mapping mistake. */
function marketplaceIssues(attributes: unknown, marketplaceId: string | undefined): ListingIssue[] {
  if (marketplaceId === undefined || !isRecord(attributes)) return []
  const issues: ListingIssue[] = []
  for (const [name, values] of Object.entries(attributes)) {
    if (!Array.isArray(values)) continue
    const others = new Set(values.filter(isRecord).map((value) => value.marketplace_id).filter((id) => id !== undefined && id !== marketplaceId))
    if (others.size > 0) {
      issues.push(invalid([name], `The provided value for '${name}' is invalid: marketplace_id ${[...others].map((id) => `'${String(id)}'`).join(', ')} differs from the target marketplace '${marketplaceId}'.`))
    }
  }
  return issues
}

// Keywords whose failure only says "a subschema failed"; the subschema's own errors say why.
const WRAPPERS = new Set(['if', 'allOf', '$ref'])
const COMBINATORS = new Set(['anyOf', 'oneOf'])

/**
 * Turns ajv's errors into issues. Missing top-level attributes get one 90220 issue each, unknown
 * attributes one 90000900 issue each; everything else is grouped per top-level attribute into one
 * issue whose message lists each distinct problem with its location and rule. Errors inside the
 * branches of an `anyOf`/`oneOf` are folded into one line for the combinator, and dropped entirely
 * when a sibling keyword already explains the same value (Amazon's `type: string` + `anyOf`
 * [free text, enum] pattern fails both ways for a non-string).
 */
function issuesFromErrors(errors: ErrorObject[], productType: string | undefined): ListingIssue[] {
  const combinators = errors.filter((e) => COMBINATORS.has(e.keyword))
  const insideBranch = (e: ErrorObject) => combinators.some((c) => c !== e && e.schemaPath.startsWith(`${c.schemaPath}/`))
  const leaves = errors.filter((e) => !WRAPPERS.has(e.keyword) && !COMBINATORS.has(e.keyword) && !insideBranch(e))

  const issues: ListingIssue[] = []
  const details = new Map<string, { code: string; category: IssueCategory; lines: string[] }>()
  const addDetail = (attribute: string, code: string, category: IssueCategory, line: string) => {
    const key = `${attribute}\u0000${code}`
    let entry = details.get(key)
    if (!entry) details.set(key, (entry = { code, category, lines: [] }))
    if (!entry.lines.includes(line)) entry.lines.push(line)
  }

  for (const e of leaves) {
    const path = pointerSegments(e.instancePath)
    if (path.length === 0 && e.keyword === 'required') {
      const name = String(e.params.missingProperty)
      if (!issues.some((issue) => issue.code === ISSUE_CODES.MISSING_ATTRIBUTE && issue.attributeNames[0] === name)) {
        issues.push({ code: ISSUE_CODES.MISSING_ATTRIBUTE, message: `'${name}' is required but not supplied.`, severity: 'ERROR', attributeNames: [name], categories: ['MISSING_ATTRIBUTE'] })
      }
      continue
    }
    if (path.length === 0 && e.keyword === 'additionalProperties') {
      const name = String(e.params.additionalProperty)
      issues.push({ code: ISSUE_CODES.UNKNOWN_ATTRIBUTE, message: `The attributes are invalid: '${name}' is not an attribute of product type ${productType ?? '(unknown)'}.`, severity: 'ERROR', attributeNames: [name], categories: ['INVALID_ATTRIBUTE'] })
      continue
    }
    if (path.length === 0) {
      issues.push(invalid([], `The attributes are invalid: ${describe(e)}.`))
      continue
    }
    const attribute = path[0] as string
    const where = location(path)
    if (e.keyword === 'required') {
      addDetail(attribute, ISSUE_CODES.MISSING_ATTRIBUTE, 'MISSING_ATTRIBUTE', `'${where}.${String(e.params.missingProperty)}' is required but not supplied`)
    } else if ((e.keyword === 'minItems' || e.keyword === 'minUniqueItems') && path.length === 1) {
      addDetail(attribute, ISSUE_CODES.NOT_ENOUGH_VALUES, 'MISSING_ATTRIBUTE', `${describe(e)} (${e.keyword})`)
    } else {
      addDetail(attribute, ISSUE_CODES.INVALID_VALUE, 'INVALID_ATTRIBUTE', `${where}: ${describe(e)} (${e.keyword})`)
    }
  }

  // A combinator error is news only when no other error already concerns the same value.
  for (const c of combinators) {
    if (insideBranch(c)) continue
    if (leaves.some((e) => e.instancePath === c.instancePath && !e.schemaPath.startsWith(`${c.schemaPath}/`))) continue
    const path = pointerSegments(c.instancePath)
    const branches = errors.filter((e) => e.schemaPath.startsWith(`${c.schemaPath}/`) && !WRAPPERS.has(e.keyword) && !COMBINATORS.has(e.keyword))
    const alternatives = [...new Set(branches.map(describe))]
    const line =
      c.keyword === 'oneOf' && c.params.passingSchemas !== null && c.params.passingSchemas !== undefined
        ? 'matches more than one of the allowed forms (oneOf)'
        : `must match one of the allowed forms: ${alternatives.join(' | ') || 'see the schema'} (${c.keyword})`
    if (path.length === 0) issues.push(invalid([], `The attributes are invalid: ${line}.`))
    else addDetail(path[0] as string, ISSUE_CODES.INVALID_VALUE, 'INVALID_ATTRIBUTE', `${location(path)}: ${line}`)
  }

  for (const [key, entry] of details) {
    const attribute = key.split('\u0000')[0] as string
    const message =
      entry.code === ISSUE_CODES.MISSING_ATTRIBUTE
        ? `${entry.lines.join('; ')}.`
        : entry.code === ISSUE_CODES.NOT_ENOUGH_VALUES
          ? `The field '${attribute}' does not have enough values: ${entry.lines.join('; ')}.`
          : `The provided value for '${attribute}' is invalid: ${entry.lines.join('; ')}.`
    issues.push({ code: entry.code, message, severity: 'ERROR', attributeNames: [attribute], categories: [entry.category] })
  }
  return issues
}

function invalid(attributeNames: string[], message: string): ListingIssue {
  return { code: ISSUE_CODES.INVALID_VALUE, message, severity: 'ERROR', attributeNames, categories: ['INVALID_ATTRIBUTE'] }
}

/** A readable rule violation; ajv's own text where it is clear, ours where it is not. */
function describe(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>
  switch (e.keyword) {
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
    case 'additionalProperties':
      return `'${String(params.additionalProperty)}' is not allowed here`
    case 'not': {
      const required = isRecord(e.schema) && Array.isArray(e.schema.required) ? (e.schema.required as string[]) : []
      return required.length > 0 ? `must not supply ${required.map((r) => `'${r}'`).join(', ')} here` : 'must not match a forbidden form'
    }
    case 'required':
      return `'${String(params.missingProperty)}' is required`
    default:
      return e.message ?? `fails ${e.keyword}`
  }
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/** `/item_name/0/value` → `item_name[0].value`. */
function location(path: string[]): string {
  return path.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('')
}
