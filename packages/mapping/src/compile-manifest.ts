// The mapping engine: a manifest compiled once (paths, JSONata, transform arguments, unit factors)
// into a function from canonical Product to marketplace payload. `compileParts` is also the
// semantic half of validateManifest, so what the validator accepts is exactly what compiles.
import { isAbsolute, resolve } from 'node:path'
import type jsonata from 'jsonata'
import type { Product } from '@listing-sync/catalog'
import { LS_ERR_MAPPING_MANIFEST_INVALID } from '@listing-sync/errors'
import { deepFreeze } from './deep-freeze.js'
import { compileCondition, compileJsonata, evaluateJsonata, isEmpty, type CompiledCondition, type ManifestProblem } from './conditions.js'
import type { Condition, Manifest, MappingRule, Scalar } from './manifest-types.js'
import { compileSourcePath, compileTargetPath, pathsOverlap, readPath, writePath, type PathScope, type SourcePath, type TargetPath } from './paths.js'
import { TRANSFORMS_BY_TYPE } from './transforms/registry.js'
import { TransformArgsError, TransformError, type TransformContext, type TransformDefinition } from './transforms/transform-definition.js'
import { validateManifest } from './validate-manifest.js'

/** A problem that keeps one product from being mapped. */
export interface MappingProblem {
  /** The rule's target path (or "productType"). */
  rule: string
  /** The rule's source: its `from` path, `expr`, or "value". */
  path: string
  message: string
}

/** The outcome of mapping one product: the payload, or every problem. */
export type MappingResult =
  | { ok: true; marketplace: string; productType: string; payload: Record<string, unknown>; manifestVersion: string }
  | { ok: false; marketplace: string; productType?: string; problems: MappingProblem[] }

/** Output validation as declared by the manifest, with files resolved against the manifest's folder. */
export type ValidationConfig =
  | { type: 'amazonProductType'; productTypeSchemas: Readonly<Record<string, string>> }
  | { type: 'b2bAttributes'; requiredAttributes: readonly string[]; valueLists: readonly { target: string; values?: readonly string[]; file?: string }[] }

/** Options of {@link compileManifest}. */
export interface CompileOptions {
  /** Folder of the manifest file; relative validation files are resolved against it. Default: the working directory. */
  baseDir?: string
  /** Name of the manifest in error messages (its file name). */
  source?: string
}

/** A manifest ready to map products. */
export interface CompiledMapping {
  readonly marketplace: string
  readonly version: string
  /** The manifest it was compiled from (frozen). */
  readonly manifest: Readonly<Manifest>
  /** How the output is to be validated (consumed by src/validation/). */
  readonly validation: ValidationConfig
  /** Every product type the manifest can choose. */
  readonly productTypes: readonly string[]
  /** The product type the selection rules choose for a product. */
  selectProductType(product: Product): Promise<string>
  /** Maps one product; never throws for product data, returns every problem instead. */
  map(product: Product): Promise<MappingResult>
}

interface CompiledTransform {
  readonly definition: TransformDefinition<Record<string, unknown>, unknown>
  readonly args: unknown
}

interface CompiledRule {
  /** Position in the manifest's rules. */
  readonly index: number
  readonly target: TargetPath
  readonly source: string
  readonly read: (scope: PathScope) => unknown
  readonly transforms: readonly CompiledTransform[]
  readonly required: boolean
  readonly hasDefault: boolean
  readonly defaultValue: unknown
  readonly when: CompiledCondition | undefined
}

/** The compiled parts of a manifest, and the problems found compiling it. */
export interface CompiledParts {
  rules: CompiledRule[]
  selection: { when: CompiledCondition; productType: string }[]
  defaultProductType: string
  constants: Record<string, Scalar>
  problems: ManifestProblem[]
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

function compileTransforms(rule: Record<string, unknown>, path: string, problems: ManifestProblem[], constants: Record<string, Scalar>, skip: (path: string) => boolean): CompiledTransform[] {
  const list = Array.isArray(rule.transforms) ? (rule.transforms as unknown[]) : []
  const compiled: CompiledTransform[] = []
  list.forEach((spec, index) => {
    const at = `${path}/transforms/${index}`
    if (!isObject(spec) || typeof spec.type !== 'string') return
    const definition = TRANSFORMS_BY_TYPE.get(spec.type)
    if (!definition) {
      problems.push({ path: `${at}/type`, message: `unknown transform "${spec.type}"; known transforms: ${[...TRANSFORMS_BY_TYPE.keys()].join(', ')}`, value: spec.type })
      return
    }
    // The schema already reported these arguments; preparing them would only repeat it less clearly.
    if (skip(at)) return
    const args: Record<string, unknown> = { ...spec }
    delete args.type
    try {
      const prepared = definition.prepare ? definition.prepare(args) : args
      if (spec.type === 'wrap' && isObject(args.constantFields)) {
        for (const [field, name] of Object.entries(args.constantFields)) {
          if (typeof name === 'string' && !(name in constants)) problems.push({ path: `${at}/constantFields/${field}`, message: `unknown constant "${name}"; constants: ${Object.keys(constants).join(', ') || 'none'}`, value: name })
        }
      }
      compiled.push({ definition, args: prepared })
    } catch (error) {
      if (error instanceof TransformArgsError) problems.push({ path: `${at}/${error.arg}`, message: error.message, value: args[error.arg.split('/')[0]!] })
      else problems.push({ path: at, message: error instanceof Error ? error.message : String(error), value: spec })
    }
  })
  return compiled
}

function checkConstants(source: SourcePath, path: string, problems: ManifestProblem[], constants: Record<string, Scalar>): void {
  if (source.root === '$constants') {
    const name = source.steps[0] as string
    if (!(name in constants)) problems.push({ path, message: `unknown constant "${name}"; constants: ${Object.keys(constants).join(', ') || 'none'}`, value: source.text })
  }
}

function compileRule(rule: Record<string, unknown>, index: number, problems: ManifestProblem[], constants: Record<string, Scalar>, skip: (path: string) => boolean): CompiledRule | undefined {
  const path = `/rules/${index}`
  const sources = (['from', 'expr', 'value'] as const).filter((key) => key in rule)
  if (sources.length > 1) problems.push({ path, message: `has ${sources.join(' and ')}: give at most one of from, expr, value`, value: Object.fromEntries(sources.map((key) => [key, rule[key]])) })
  let read: (scope: PathScope) => unknown = () => undefined
  let source = 'value'
  if (typeof rule.from === 'string') {
    source = rule.from
    const compiled = compileSourcePath(rule.from)
    if (typeof compiled === 'string') problems.push({ path: `${path}/from`, message: compiled, value: rule.from })
    else {
      checkConstants(compiled, `${path}/from`, problems, constants)
      read = (scope) => readPath(compiled, scope)
    }
  } else if (typeof rule.expr === 'string') {
    source = rule.expr
    const expression: jsonata.Expression | undefined = compileJsonata(rule.expr, `${path}/expr`, problems)
    if (expression) read = (scope) => evaluateJsonata(expression, scope)
  } else if ('value' in rule) {
    const value = rule.value
    read = () => value
  }
  const transforms = compileTransforms(rule, path, problems, constants, skip)
  if (sources.length === 0 && !('default' in rule) && !transforms.some((transform) => transform.definition.acceptsEmpty)) {
    problems.push({ path, message: 'has no source: give from, expr or value (or a default, or a template/concat transform)', value: rule })
  }
  const when = rule.when === undefined ? undefined : compileCondition(rule.when as Condition, `${path}/when`, problems)
  if (typeof rule.target !== 'string') return undefined
  const target = compileTargetPath(rule.target)
  if (typeof target === 'string') {
    problems.push({ path: `${path}/target`, message: target, value: rule.target })
    return undefined
  }
  return { index, target, source, read, transforms, required: rule.required === true, hasDefault: 'default' in rule, defaultValue: rule.default, when }
}

/**
 * Compiles what can be compiled of a (possibly invalid) manifest and records every semantic problem:
 * unknown transforms and their argument errors, JSONata that does not compile, bad or unknown-root
 * paths, unknown constants, and targets written by two rules that can both apply.
 */
export function compileParts(manifest: unknown, skip: (path: string) => boolean = () => false): CompiledParts {
  const problems: ManifestProblem[] = []
  const root = isObject(manifest) ? manifest : {}
  const constants: Record<string, Scalar> = isObject(root.constants) ? (root.constants as Record<string, Scalar>) : {}
  const rules: CompiledRule[] = []
  const written: { target: TargetPath; index: number; conditional: boolean }[] = []
  ;(Array.isArray(root.rules) ? (root.rules as unknown[]) : []).forEach((rule, index) => {
    if (!isObject(rule)) return
    const compiled = compileRule(rule, index, problems, constants, skip)
    if (!compiled) return
    const conditional = rule.when !== undefined
    for (const other of written) {
      // Two rules may write the same place only when both say when they apply (alternatives).
      if (pathsOverlap(other.target, compiled.target) && !(conditional && other.conditional)) {
        const same = other.target.text === compiled.target.text
        problems.push({
          path: `/rules/${index}/target`,
          message: same ? `duplicate target: /rules/${other.index} also writes ${compiled.target.text}` : `target ${compiled.target.text} overlaps ${other.target.text} of /rules/${other.index}`,
          value: compiled.target.text,
        })
      }
    }
    written.push({ target: compiled.target, index, conditional })
    rules.push(compiled)
  })
  const selectionSpec = isObject(root.productType) ? root.productType : {}
  const selection = (Array.isArray(selectionSpec.rules) ? (selectionSpec.rules as unknown[]) : []).flatMap((rule, index) => {
    if (!isObject(rule) || typeof rule.productType !== 'string' || rule.when === undefined) return []
    return [{ when: compileCondition(rule.when as Condition, `/productType/rules/${index}/when`, problems), productType: rule.productType }]
  })
  const defaultProductType = typeof selectionSpec.default === 'string' ? selectionSpec.default : ''
  checkValidation(root, rules, selection, defaultProductType, problems)
  return { rules, selection, defaultProductType, constants, problems }
}

function checkValidation(root: Record<string, unknown>, rules: CompiledRule[], selection: { productType: string }[], defaultProductType: string, problems: ManifestProblem[]): void {
  const validation = root.validation
  if (!isObject(validation)) return
  if (validation.type === 'amazonProductType' && isObject(validation.productTypeSchemas)) {
    const declared = validation.productTypeSchemas
    const chosen = new Set([...selection.map((rule) => rule.productType), ...(defaultProductType ? [defaultProductType] : [])])
    for (const productType of chosen) {
      if (!(productType in declared)) problems.push({ path: '/validation/productTypeSchemas', message: `product type ${productType} can be selected but has no schema file`, value: productType })
    }
  }
  if (validation.type === 'b2bAttributes' && Array.isArray(validation.requiredAttributes)) {
    validation.requiredAttributes.forEach((attribute: unknown, index) => {
      if (typeof attribute !== 'string') return
      const target = compileTargetPath(attribute)
      if (typeof target === 'string') problems.push({ path: `/validation/requiredAttributes/${index}`, message: target, value: attribute })
      else if (!rules.some((rule) => pathsOverlap(rule.target, target))) problems.push({ path: `/validation/requiredAttributes/${index}`, message: `no rule writes ${attribute}`, value: attribute })
    })
  }
}

// Object keys sorted, undefined left out (null in arrays), dates as ISO text: so equal payloads
// serialise (and hash) identically. Returns `value` itself when it is already so (wrap builds sorted
// objects, scalars always are) and copies only what is not: the payload may share unchanged values
// with the product, and neither is mutated afterwards.
function canonical(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) {
    let out: unknown[] | undefined
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index]
      const settled = item === undefined ? null : canonical(item)
      if (settled !== item && out === undefined) out = value.slice(0, index)
      if (out !== undefined) out.push(settled)
    }
    return out ?? value
  }
  if (value instanceof Date) return value.toISOString()
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
  let out: Record<string, unknown> | undefined
  for (let index = 1; index < keys.length; index++) {
    if (keys[index - 1]! > keys[index]!) {
      keys.sort()
      out = {}
      break
    }
  }
  for (let index = 0; index < keys.length; index++) {
    const item = record[keys[index]!]
    const settled = item === undefined ? undefined : canonical(item)
    if (out === undefined && (item === undefined || settled !== item)) {
      out = {}
      for (let before = 0; before < index; before++) out[keys[before]!] = record[keys[before]!]
    }
    if (out !== undefined && settled !== undefined) out[keys[index]!] = settled
  }
  return out ?? value
}

// Orders target paths step by step (names as Object.keys sorts them, indices by number), so that
// writing in this order creates every object's keys already sorted.
function compareTargets(a: TargetPath, b: TargetPath): number {
  const length = Math.min(a.steps.length, b.steps.length)
  for (let index = 0; index < length; index++) {
    const x = a.steps[index]!
    const y = b.steps[index]!
    if (x === y) continue
    if (typeof x !== typeof y) return typeof x === 'number' ? -1 : 1
    return x < y ? -1 : 1
  }
  return a.steps.length - b.steps.length
}

function resolveValidation(spec: Manifest['validation'], baseDir: string): ValidationConfig {
  const at = (file: string) => (isAbsolute(file) ? file : resolve(baseDir, file))
  if (spec.type === 'amazonProductType') {
    return Object.freeze({ type: spec.type, productTypeSchemas: Object.freeze(Object.fromEntries(Object.entries(spec.productTypeSchemas).map(([type, file]) => [type, at(file)]))) })
  }
  return Object.freeze({
    type: spec.type,
    requiredAttributes: Object.freeze([...spec.requiredAttributes]),
    valueLists: Object.freeze((spec.valueLists ?? []).map((list) => Object.freeze({ target: list.target, ...(list.values ? { values: Object.freeze([...list.values]) } : {}), ...(list.file ? { file: at(list.file) } : {}) }))),
  })
}

/**
 * Compiles a manifest into a {@link CompiledMapping}: validates it (throws
 * LS_ERR_MAPPING_MANIFEST_INVALID with every problem as details), then precompiles JSONata, paths,
 * conditions, transform arguments and unit factors once.
 */
export function compileManifest(input: unknown, options: CompileOptions = {}): CompiledMapping {
  const checked = validateManifest(input)
  if (!checked.ok) {
    throw LS_ERR_MAPPING_MANIFEST_INVALID.with({ details: checked.problems }, options.source ?? '(inline)', checked.problems.map((problem) => `  ${problem.path}: ${problem.message}`).join('\n'))
  }
  const manifest = deepFreeze(structuredClone(checked.manifest))
  const parts = compileParts(manifest)
  const { selection, defaultProductType, constants } = parts
  // Rules run in target order so that the objects writePath creates get their keys in sorted order, and
  // each value is put in canonical form as it is written: the payload is canonical as built, without
  // walking it again. A rule reads only the product, so the order changes nothing else, and problems are
  // still reported in manifest order.
  const rules = [...parts.rules].sort((a, b) => compareTargets(a.target, b.target))
  // Unless one rule writes inside another's value (alternatives at different depths): then a key may be
  // added out of order to an object written whole, so values are written as copies (not to write into
  // the product's own) and the payload is put in canonical form at the end.
  const nested = rules.some((a) => rules.some((b) => a.target.text !== b.target.text && pathsOverlap(a.target, b.target)))
  const marketplace = manifest.marketplace
  const version = manifest.version

  const selectProductType = async (product: Product): Promise<string> => {
    const scope: PathScope = { product, constants, productType: defaultProductType }
    for (const rule of selection) {
      const hit = rule.when(scope)
      if (hit instanceof Promise ? await hit : hit) return rule.productType
    }
    return defaultProductType
  }

  const map = async (product: Product): Promise<MappingResult> => {
    let productType: string
    try {
      productType = await selectProductType(product)
    } catch (error) {
      return { ok: false, marketplace, problems: [{ rule: 'productType', path: 'productType', message: `product type selection failed: ${error instanceof Error ? error.message : String(error)}` }] }
    }
    const scope: TransformContext & PathScope = { product, constants, productType }
    const payload: Record<string, unknown> = {}
    const failures: { rule: CompiledRule; message: string }[] = []
    for (const rule of rules) {
      try {
        if (rule.when) {
          const hit = rule.when(scope)
          if (!(hit instanceof Promise ? await hit : hit)) continue
        }
        let value = rule.read(scope)
        if (value instanceof Promise) value = await value
        let failed = false
        for (const transform of rule.transforms) {
          if (isEmpty(value) && !transform.definition.acceptsEmpty) continue
          try {
            value = transform.definition.apply(value, transform.args, scope)
          } catch (error) {
            if (!(error instanceof TransformError)) throw error
            failures.push({ rule, message: error.message })
            failed = true
            break
          }
        }
        if (failed) continue
        // A declared default is written as given, even "" (Mirakl's update_delete must be sent empty).
        if (isEmpty(value) && rule.hasDefault) value = rule.defaultValue
        else if (isEmpty(value)) {
          if (rule.required) failures.push({ rule, message: `required value is missing: ${rule.source} gives no value` })
          continue
        }
        writePath(payload, rule.target, nested ? structuredClone(canonical(value)) : canonical(value))
      } catch (error) {
        failures.push({ rule, message: error instanceof Error ? error.message : String(error) })
      }
    }
    if (failures.length > 0) {
      const problems = failures.sort((a, b) => a.rule.index - b.rule.index).map(({ rule, message }): MappingProblem => ({ rule: rule.target.text, path: rule.source, message }))
      return { ok: false, marketplace, productType, problems }
    }
    return { ok: true, marketplace, productType, payload: nested ? (canonical(payload) as Record<string, unknown>) : payload, manifestVersion: version }
  }

  return Object.freeze({
    marketplace,
    version,
    manifest,
    validation: resolveValidation(manifest.validation, options.baseDir ?? process.cwd()),
    productTypes: Object.freeze([...new Set([...selection.map((rule) => rule.productType), defaultProductType])]),
    selectProductType,
    map,
  })
}

export type { MappingRule }
