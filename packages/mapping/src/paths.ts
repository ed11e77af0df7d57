// Paths of the manifest language. A source path reads the canonical product (`name`,
// `price.amount`, `attributes.color.labels[0]`, `media[*].url`) or, with a `$` root, the manifest's
// constants (`$constants.marketplaceId`) or the chosen product type (`$productType`). A target path
// writes the marketplace payload (`attributes.item_name[0].value`): dot-separated property names and
// `[n]` array indices; missing objects and arrays on the way are created.
import type { Product } from '@listing-sync/catalog'

// A record over every key, so a field added to Product and not here fails the type check.
const FIELDS: Readonly<Record<keyof Product, true>> = {
  sku: true, magentoId: true, storeCode: true, name: true, typeId: true, attributeSetId: true, attributeSetName: true, enabled: true,
  visibility: true, price: true, weight: true, descriptionHtml: true, shortDescriptionHtml: true, stock: true, categories: true,
  websiteIds: true, media: true, attributes: true, configurable: true, parentSkus: true, createdAt: true, updatedAt: true, parent: true,
}

/** Top-level fields of the canonical Product (schemas/catalog/product-changed.avsc); `parent.` paths read a child's parent. */
export const PRODUCT_FIELDS: ReadonlySet<string> = new Set(Object.keys(FIELDS))

const WILDCARD = Symbol('wildcard')
type Step = string | number | typeof WILDCARD

/** A compiled source path. */
export interface SourcePath {
  readonly text: string
  readonly root: 'product' | '$constants' | '$productType'
  readonly steps: readonly Step[]
  readonly wildcard: boolean
}

/** A compiled target path: property names and array indices. */
export interface TargetPath {
  readonly text: string
  readonly steps: readonly (string | number)[]
}

/** What a source path reads from. */
export interface PathScope {
  readonly product: Product
  readonly constants: Readonly<Record<string, unknown>>
  readonly productType: string
}

const NAME = /^[A-Za-z_$][A-Za-z0-9_-]*/

function tokenize(path: string, allowWildcard: boolean): Step[] | string {
  const steps: Step[] = []
  let rest = path
  let first = true
  while (rest.length > 0) {
    if (rest.startsWith('[')) {
      const match = /^\[(\d+|\*)\]/.exec(rest)
      if (!match) return `bad index at "${rest}": use [n]${allowWildcard ? ' or [*]' : ''}`
      if (match[1] === '*') {
        if (!allowWildcard) return 'a target path cannot contain [*]'
        steps.push(WILDCARD)
      } else steps.push(Number(match[1]))
      rest = rest.slice(match[0].length)
    } else {
      if (!first) {
        if (!rest.startsWith('.')) return `expected "." or "[" at "${rest}"`
        rest = rest.slice(1)
      }
      const match = NAME.exec(rest)
      if (!match) return `expected a property name at "${rest}"`
      steps.push(match[0])
      rest = rest.slice(match[0].length)
    }
    first = false
  }
  if (steps.length === 0) return 'path is empty'
  return steps
}

/** Compiles a source path, or returns why it is not one (syntax or unknown root). */
export function compileSourcePath(path: string): SourcePath | string {
  const steps = tokenize(path.trim(), true)
  if (typeof steps === 'string') return steps
  const [head, ...rest] = steps
  const wildcard = steps.includes(WILDCARD)
  if (head === '$constants') {
    if (typeof rest[0] !== 'string') return '$constants needs a constant name: $constants.<name>'
    return { text: path, root: '$constants', steps: rest, wildcard }
  }
  if (head === '$productType') {
    if (rest.length > 0) return '$productType has no properties'
    return { text: path, root: '$productType', steps: [], wildcard }
  }
  if (typeof head !== 'string' || !PRODUCT_FIELDS.has(head)) {
    return `unknown root "${String(head)}": a path starts with a Product field (${[...PRODUCT_FIELDS].join(', ')}), $constants or $productType`
  }
  return { text: path, root: 'product', steps, wildcard }
}

/** Compiles a target path, or returns why it is not one. */
export function compileTargetPath(path: string): TargetPath | string {
  const steps = tokenize(path.trim(), false)
  if (typeof steps === 'string') return steps
  if (typeof steps[0] !== 'string') return 'a target path starts with a property name'
  return { text: path, steps: steps as (string | number)[] }
}

function step(value: unknown, key: string | number): unknown {
  if (value === null || value === undefined) return undefined
  if (typeof key === 'number') return Array.isArray(value) ? value[key] : undefined
  if (typeof value !== 'object' || Array.isArray(value)) return undefined
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined
}

function walk(value: unknown, steps: readonly Step[], from: number): unknown {
  let current = value
  for (let index = from; index < steps.length; index++) {
    const key = steps[index]!
    if (key === WILDCARD) {
      if (!Array.isArray(current)) return undefined
      const out: unknown[] = []
      for (const item of current) {
        const found = walk(item, steps, index + 1)
        if (found === undefined || found === null) continue
        if (Array.isArray(found) && steps.indexOf(WILDCARD, index + 1) !== -1) out.push(...(found as unknown[]))
        else out.push(found)
      }
      return out
    }
    current = step(current, key)
    if (current === undefined) return undefined
  }
  return current
}

/** Reads a source path; undefined when any step is missing. A [*] step yields a list (missing items left out). */
export function readPath(path: SourcePath, scope: PathScope): unknown {
  switch (path.root) {
    case 'product':
      return walk(scope.product, path.steps, 0)
    case '$constants':
      return walk(scope.constants, path.steps, 0)
    case '$productType':
      return scope.productType
  }
}

/** Writes `value` at a target path, creating objects and arrays on the way (an index past an array's end fills the gap with null). */
export function writePath(target: Record<string, unknown>, path: TargetPath, value: unknown): void {
  let current: Record<string | number, unknown> = target
  const steps = path.steps
  for (let index = 0; index < steps.length - 1; index++) {
    const key = steps[index]!
    let next = current[key]
    if (next === undefined || next === null || typeof next !== 'object') {
      next = typeof steps[index + 1] === 'number' ? [] : {}
      put(current, key, next)
    }
    current = next as Record<string | number, unknown>
  }
  put(current, steps[steps.length - 1]!, value)
}

function put(object: Record<string | number, unknown>, key: string | number, value: unknown): void {
  if (typeof key === 'number' && Array.isArray(object)) while (object.length < key) object.push(null)
  object[key] = value
}

/** True when path `a` is `b` or lies inside it (or the other way round): both rules would write the same place. */
export function pathsOverlap(a: TargetPath, b: TargetPath): boolean {
  const length = Math.min(a.steps.length, b.steps.length)
  for (let index = 0; index < length; index++) if (a.steps[index] !== b.steps[index]) return false
  return true
}
