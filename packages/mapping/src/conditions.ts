// Conditions of rules (`when`) and of product type selection, compiled once per manifest.
import jsonata from 'jsonata'
import { compileSourcePath, readPath, type PathScope } from './paths.js'
import type { Condition, Scalar } from './manifest-types.js'

/** A compiled condition; JSONata ones answer asynchronously. */
export type CompiledCondition = (scope: PathScope) => boolean | Promise<boolean>

/** One problem found while compiling part of a manifest. */
export interface ManifestProblem {
  /** JSON pointer into the manifest, e.g. /rules/3/transforms/0/max. */
  path: string
  message: string
  value?: unknown
}

/** True for the values a rule treats as "no value": undefined, null, '' and []. */
export function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
}

/** Compiles a JSONata expression, or records why it does not compile. */
export function compileJsonata(expr: string, path: string, problems: ManifestProblem[]): jsonata.Expression | undefined {
  try {
    return jsonata(expr)
  } catch (error) {
    const { message, position } = error as { message?: string; position?: number }
    problems.push({ path, message: `JSONata does not compile: ${message ?? String(error)}${position === undefined ? '' : ` (at character ${position})`}`, value: expr })
    return undefined
  }
}

/** Evaluates a compiled JSONata expression with $constants and $productType bound. */
export function evaluateJsonata(expression: jsonata.Expression, scope: PathScope): Promise<unknown> {
  return expression.evaluate(scope.product, { constants: scope.constants, productType: scope.productType })
}

const NEVER: CompiledCondition = () => false

function matches(value: unknown, spec: { equals?: Scalar | null; in?: (Scalar | null)[]; exists?: boolean }): boolean {
  if (spec.exists !== undefined && isEmpty(value) === spec.exists) return false
  if ('equals' in spec && spec.equals !== undefined && !(spec.equals === null ? value === null || value === undefined : value === spec.equals)) return false
  if (spec.in !== undefined && !spec.in.some((candidate) => (candidate === null ? value === null || value === undefined : value === candidate))) return false
  return true
}

/**
 * Compiles a condition; problems (bad paths, JSONata that does not compile, missing comparisons)
 * are recorded with their JSON pointer and the condition then never holds.
 */
export function compileCondition(condition: Condition, path: string, problems: ManifestProblem[]): CompiledCondition {
  if (typeof condition === 'string') {
    const expression = compileJsonata(condition, path, problems)
    if (!expression) return NEVER
    return async (scope) => Boolean(await evaluateJsonata(expression, scope))
  }
  if (typeof condition !== 'object' || condition === null) return NEVER
  const needsComparison = (spec: { equals?: unknown; in?: unknown; exists?: unknown }) => {
    if (!('equals' in spec) && spec.in === undefined && spec.exists === undefined) problems.push({ path, message: 'needs one of equals, in, exists', value: spec })
  }
  switch (condition.type) {
    case 'attribute': {
      needsComparison(condition)
      const { attribute } = condition
      const equals = condition.equals === undefined ? undefined : String(condition.equals)
      const allowed = condition.in?.map(String)
      return (scope) => {
        const value = scope.product.attributes[attribute]
        const raw = value?.raw ?? null
        if (condition.exists !== undefined && (raw === null || raw === '') === condition.exists) return false
        const hit = (candidate: string) => raw === candidate || (value?.labels.includes(candidate) ?? false)
        if (equals !== undefined && !hit(equals)) return false
        if (allowed !== undefined && !allowed.some(hit)) return false
        return true
      }
    }
    case 'field': {
      needsComparison(condition)
      const source = compileSourcePath(condition.path)
      if (typeof source === 'string') {
        problems.push({ path: `${path}/path`, message: source, value: condition.path })
        return NEVER
      }
      // A wildcard path reads a list: it matches when one of its values does.
      if (source.wildcard && ('equals' in condition || condition.in !== undefined)) {
        return (scope) => {
          const values = readPath(source, scope)
          return Array.isArray(values) ? values.some((value) => matches(value, condition)) : matches(values, condition)
        }
      }
      return (scope) => matches(readPath(source, scope), condition)
    }
    case 'category': {
      if (condition.id === undefined && condition.name === undefined && condition.path === undefined) problems.push({ path, message: 'needs one of id, name, path', value: condition })
      const run = condition.path
      return ({ product }) =>
        product.categories.some((category) => {
          if (condition.id !== undefined && category.id !== condition.id) return false
          if (condition.name !== undefined && category.name !== condition.name) return false
          if (run !== undefined) {
            const names = category.path.length > 0 ? category.path : category.name === null ? [] : [category.name]
            if (!containsRun(names, run)) return false
          }
          return true
        })
    }
    case 'attributeSet': {
      if (condition.names === undefined && condition.ids === undefined) problems.push({ path, message: 'needs names, ids or both', value: condition })
      return ({ product }) =>
        (condition.names !== undefined && product.attributeSetName !== null && condition.names.includes(product.attributeSetName)) ||
        (condition.ids !== undefined && product.attributeSetId !== null && condition.ids.includes(product.attributeSetId))
    }
    case 'all':
    case 'any': {
      const parts = condition.conditions.map((part, index) => compileCondition(part, `${path}/conditions/${index}`, problems))
      const want = condition.type === 'any'
      return (scope) => {
        const pending: Promise<boolean>[] = []
        for (const part of parts) {
          const result = part(scope)
          if (result instanceof Promise) pending.push(result)
          else if (result === want) return want
        }
        if (pending.length === 0) return !want
        return Promise.all(pending).then((results) => (results.includes(want) ? want : !want))
      }
    }
    case 'not': {
      const inner = compileCondition(condition.condition, `${path}/condition`, problems)
      return (scope) => {
        const result = inner(scope)
        return result instanceof Promise ? result.then((value) => !value) : !result
      }
    }
    default:
      return NEVER
  }
}

/** True when `run` occurs in `names` as consecutive items (plain loops: this runs for every rule of every product). */
function containsRun(names: readonly string[], run: readonly string[]): boolean {
  for (let start = 0; start + run.length <= names.length; start++) {
    let offset = 0
    while (offset < run.length && names[start + offset] === run[offset]) offset++
    if (offset === run.length) return true
  }
  return false
}
