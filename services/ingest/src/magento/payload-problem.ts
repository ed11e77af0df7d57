import type { z } from 'zod'

/** One reason a payload was refused: where (dot path, array indexes as numbers), which rule, and why. */
export interface PayloadProblem {
  /** Dot path into the body, e.g. `data.product.sku`; `(root)` for the body itself. */
  readonly path: string
  /** A stable, short statement of the rule, e.g. `required` or `must be a number >= 0`. */
  readonly rule: string
  /** A human explanation naming the offending value where that is safe. */
  readonly message: string
}

/** A path as zod reports it. */
export type ProblemPath = readonly PropertyKey[]

/** The rules a problem can name; tests and clients may match on these. */
export const RULES = {
  required: 'required',
  object: 'must be a JSON object',
  string: 'must be a string',
  nonNegativeNumber: 'must be a number >= 0',
  tooLarge: 'must be less than 100000000000000',
  integer: 'must be an integer >= 0',
  int32: 'must be a 32-bit integer',
  boolean: 'must be a boolean (true, false, 0 or 1)',
  status: 'must be 1 (enabled) or 2 (disabled)',
  visibility: 'must be an integer from 1 to 4',
  date: 'must be a date "YYYY-MM-DD HH:MM:SS"',
  skuEmpty: 'must not be empty',
  skuLength: 'must be at most 64 characters',
  skuControl: 'must not contain control characters',
  skuUnicode: 'must be valid Unicode (no lone surrogates)',
  attributeCode: 'must be an attribute code',
  mediaFile: 'must be a media path like "/m/j/file.jpg"',
  forbiddenKey: 'forbidden key',
  tooDeep: 'too deeply nested',
  unsupportedEvent: 'unsupported event',
  specVersion: 'must be "1.0"',
  unrecognised: 'unrecognised payload',
  notEmpty: 'must not be empty',
  json: 'must be a JSON value',
} as const

/** Renders a path the way problems carry it. */
export function formatPath(path: ProblemPath): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.')
}

/** Builds one problem. */
export function problem(path: ProblemPath, rule: string, message: string): PayloadProblem {
  return { path: formatPath(path), rule, message }
}

/** Short, log-safe rendering of an offending value for a message (never the whole value). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value)
    case 'number':
    case 'boolean':
      return String(value)
    case 'object':
      return 'an object'
    default:
      return typeof value
  }
}

const EXPECTED_RULES: Readonly<Record<string, string>> = {
  string: RULES.string,
  object: RULES.object,
  array: 'must be an array',
  number: RULES.nonNegativeNumber,
  boolean: RULES.boolean,
}

/**
 * Turns zod issues into problems. Our own checks carry their rule in `params.rule`; zod's
 * built-in type checks get a rule from the expected type, or `required` when the value is absent.
 * `rewrite` maps a schema path back to where the value sat in the body (flat model data).
 */
export function problemsFromZod(
  error: z.ZodError,
  base: ProblemPath,
  rewrite: (path: ProblemPath) => ProblemPath = (path) => path,
): PayloadProblem[] {
  return error.issues.map((issue) => {
    const path = [...base, ...rewrite(issue.path)]
    const input = (issue as { input?: unknown }).input
    if (issue.code === 'custom') {
      const rule = (issue.params as { rule?: string } | undefined)?.rule ?? 'invalid'
      return problem(path, rule, issue.message)
    }
    if (issue.code === 'invalid_type') {
      if (input === undefined) return problem(path, RULES.required, `${formatPath(path)} is required`)
      const rule = EXPECTED_RULES[issue.expected] ?? `must be ${issue.expected}`
      return problem(path, rule, `expected ${issue.expected}, got ${describeValue(input)}`)
    }
    if (input === undefined) return problem(path, RULES.required, `${formatPath(path)} is required`)
    // z.json(): the only union in the schemas (custom attribute values).
    if (issue.code === 'invalid_union') return problem(path, RULES.json, `expected JSON text, number, flag, list or object, got ${describeValue(input)}`)
    return problem(path, issue.code, issue.message)
  })
}

/** Keys that would reach an object's prototype if a consumer merged the body naively. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/** Deeper than any Magento payload (the full product payload is 4 levels deep inside `data`). */
export const MAX_DEPTH = 32

/**
 * Walks the body without recursion (so a hostile nesting cannot overflow the stack) and reports
 * prototype-pollution keys and nesting beyond MAX_DEPTH. Runs before zod, which would otherwise
 * copy a `__proto__` key onto its output.
 */
export function findStructuralProblems(body: unknown): PayloadProblem[] {
  const problems: PayloadProblem[] = []
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value: body, path: [] }]
  while (stack.length > 0) {
    const { value, path } = stack.pop()!
    if (typeof value !== 'object' || value === null) continue
    if (path.length > MAX_DEPTH) {
      problems.push(problem(path, RULES.tooDeep, `nesting deeper than ${MAX_DEPTH} levels is refused`))
      continue
    }
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) stack.push({ value: value[index], path: [...path, index] })
      continue
    }
    const keys = Object.keys(value)
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index]!
      if (FORBIDDEN_KEYS.has(key)) {
        problems.push(problem([...path, key], RULES.forbiddenKey, `the key "${key}" is refused (prototype pollution)`))
        continue
      }
      stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] })
    }
  }
  return problems
}

/** Renders problems one per line, for error messages. */
export function formatProblems(problems: readonly PayloadProblem[]): string {
  return problems.map((p) => `  ${p.path}: ${p.rule} (${p.message})`).join('\n')
}
