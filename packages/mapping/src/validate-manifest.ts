// The one manifest validator the CLI, the transformer and CI call: the published JSON Schema
// (structure, types, transform arguments) plus what a schema cannot say, all problems together.
import { readFileSync } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { LS_ERR_MAPPING_DUPLICATE_MARKETPLACE, LS_ERR_MAPPING_MANIFEST_INVALID, LS_ERR_MAPPING_MANIFEST_UNREADABLE } from '@listing-sync/errors'
import { compileManifest, compileParts, type CompiledMapping } from './compile-manifest.js'
import type { ManifestProblem } from './conditions.js'
import { manifestFiles } from './manifest-files.js'
import { buildMappingSchema } from './manifest-schema.js'
import type { Manifest } from './manifest-types.js'

/** The outcome of {@link validateManifest}. */
export type ManifestValidation = { ok: true; manifest: Manifest } | { ok: false; problems: ManifestProblem[] }

// ajv-formats is CommonJS with a default export; under NodeNext its namespace arrives as the module.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020

let schemaValidator: ValidateFunction | undefined
function validator(): ValidateFunction {
  if (!schemaValidator) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictTuples: false, allowUnionTypes: true })
    addFormats(ajv)
    schemaValidator = ajv.compile(buildMappingSchema())
  }
  return schemaValidator
}

function valueAt(root: unknown, pointer: string): unknown {
  let current = root
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~')
    if (typeof current !== 'object' || current === null) return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

function formatError(error: ErrorObject, root: unknown): ManifestProblem | undefined {
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    // "must match then schema" only repeats the errors of the branch that was checked.
    case 'if':
      return undefined
    case 'required':
      return { path: `${error.instancePath}/${String(params.missingProperty)}`, message: 'is required' }
    case 'additionalProperties': {
      const name = String(params.additionalProperty)
      return { path: `${error.instancePath}/${name}`, message: 'is not allowed here', value: valueAt(root, `${error.instancePath}/${name}`) }
    }
    case 'enum': {
      const value = valueAt(root, error.instancePath)
      const allowed = (params.allowedValues as unknown[]).map(String)
      if (/\/transforms\/\d+\/type$/.test(error.instancePath)) return { path: error.instancePath, message: `unknown transform "${String(value)}"; known transforms: ${allowed.join(', ')}`, value }
      return { path: error.instancePath, message: `must be one of: ${allowed.join(', ')}`, value }
    }
    case 'const':
      return undefined
    default:
      return { path: error.instancePath || '/', message: error.message ?? error.keyword, value: valueAt(root, error.instancePath) }
  }
}

/**
 * Validates a parsed manifest against mapping.schema.json and the semantic rules, and reports
 * every problem with its JSON pointer (`/rules/3/transforms/0/max: must be >= 1`).
 */
export function validateManifest(json: unknown): ManifestValidation {
  const validate = validator()
  const problems: ManifestProblem[] = []
  if (!validate(json)) {
    const seen = new Set<string>()
    for (const error of validate.errors ?? []) {
      const problem = formatError(error, json)
      if (!problem) continue
      const key = `${problem.path}\u0000${problem.message}`
      if (seen.has(key)) continue
      seen.add(key)
      problems.push(problem)
    }
  }
  const schemaPaths = problems.map((problem) => problem.path)
  const semantic = compileParts(json, (path) => schemaPaths.some((reported) => reported === path || reported.startsWith(`${path}/`)))
  for (const problem of semantic.problems) {
    // An unknown transform is reported by the schema already (with the same list of names).
    if (!problems.some((known) => known.path === problem.path && known.message === problem.message)) problems.push(problem)
  }
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, manifest: json as Manifest }
}

/** Reads, validates and compiles one manifest file; throws LS_ERR_MAPPING_MANIFEST_* with every problem. */
export function loadManifest(file: string): CompiledMapping {
  const path = resolve(file)
  let json: unknown
  try {
    json = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw LS_ERR_MAPPING_MANIFEST_UNREADABLE.with({ cause: error }, path, error instanceof Error ? error.message : String(error))
  }
  return compileManifest(json, { baseDir: dirname(path), source: path })
}

/**
 * Loads every manifest of a folder ({@link manifestFiles}), keyed by marketplace.
 * Every invalid file is reported in one LS_ERR_MAPPING_MANIFEST_INVALID, not just the first.
 */
export function loadManifests(dir: string): Map<string, CompiledMapping> {
  const mappings = new Map<string, CompiledMapping>()
  const sources = new Map<string, string>()
  const failures: { file: string; problems: ManifestProblem[]; error: Error }[] = []
  for (const file of manifestFiles(dir)) {
    try {
      const mapping = loadManifest(file)
      const previous = sources.get(mapping.marketplace)
      if (previous !== undefined) throw LS_ERR_MAPPING_DUPLICATE_MARKETPLACE(mapping.marketplace, previous, basename(file))
      mappings.set(mapping.marketplace, mapping)
      sources.set(mapping.marketplace, basename(file))
    } catch (error) {
      const details = (error as { details?: unknown }).details
      failures.push({ file, problems: Array.isArray(details) ? (details as ManifestProblem[]) : [{ path: '/', message: (error as Error).message }], error: error as Error })
    }
  }
  if (failures.length === 1) throw failures[0]!.error
  if (failures.length > 1) {
    throw LS_ERR_MAPPING_MANIFEST_INVALID.with(
      { details: failures.map(({ file, problems }) => ({ file, problems })) },
      dir,
      failures.map(({ file, problems }) => `${basename(file)}:\n${problems.map((problem) => `  ${problem.path}: ${problem.message}`).join('\n')}`).join('\n'),
    )
  }
  return mappings
}
