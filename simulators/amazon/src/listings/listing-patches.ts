import type { ListingAttributes } from './listings-store.js'

/** One operation of a `ListingsItemPatchRequest` (`PatchOperation` in the model). */
export interface PatchOperation {
  op: 'add' | 'replace' | 'merge' | 'delete'
  path: string
  value?: Record<string, unknown>[]
}

/** How values of one attribute are told apart, and what a missing selector member counts as. */
export interface SelectorContext {
  /** The attribute's `selectors` from its product type schema. */
  selectorsOf(attribute: string): readonly string[]
  /** Values a missing selector member counts as: the listing's marketplace and its language. */
  readonly defaults: Readonly<Record<string, string>>
}

// Only top-level attributes can be patched (the model's description of patchListingsItem).
const ATTRIBUTE_PATH = /^\/attributes\/([^/]+)$/

/**
 * Applies patches to a copy of a listing's attributes, as Listings Items documents them:
 * `add` and `replace` set the attribute to the given values; `merge` merges each given value into
 * the existing value with the same selector members (objects merged deeply, arrays replaced) or adds
 * it; `delete` without a value removes the attribute, with values removes the existing values whose
 * selector members match. Returns every problem instead when a patch cannot be applied.
 */
export function applyPatches(attributes: ListingAttributes, patches: readonly PatchOperation[], context: SelectorContext): { attributes: ListingAttributes } | { problems: string[] } {
  const result: ListingAttributes = structuredClone(attributes)
  const problems: string[] = []
  patches.forEach((patch, index) => {
    const name = ATTRIBUTE_PATH.exec(patch.path)?.[1]
    if (name === undefined) {
      problems.push(`body/patches/${index}/path: '${patch.path}' is not '/attributes/<name>'; only top-level attributes can be patched.`)
      return
    }
    const attribute = name.replace(/~1/g, '/').replace(/~0/g, '~')
    if (patch.op !== 'delete' && patch.value === undefined) {
      problems.push(`body/patches/${index}/value: is required for op '${patch.op}'.`)
      return
    }
    const same = (a: Record<string, unknown>, b: Record<string, unknown>) => context.selectorsOf(attribute).every((selector) => JSON.stringify(a[selector] ?? context.defaults[selector]) === JSON.stringify(b[selector] ?? context.defaults[selector]))
    const existing = (result[attribute] ?? []) as Record<string, unknown>[]
    switch (patch.op) {
      case 'add':
      case 'replace':
        result[attribute] = structuredClone(patch.value ?? [])
        break
      case 'merge': {
        const merged = [...existing]
        for (const value of patch.value ?? []) {
          const at = merged.findIndex((current) => same(current, value))
          if (at >= 0) merged[at] = deepMerge(merged[at] as Record<string, unknown>, value)
          else merged.push(structuredClone(value))
        }
        result[attribute] = merged
        break
      }
      case 'delete': {
        const remaining = patch.value === undefined ? [] : existing.filter((current) => !(patch.value ?? []).some((value) => same(current, value)))
        if (remaining.length === 0) delete result[attribute]
        else result[attribute] = remaining
        break
      }
    }
  })
  return problems.length > 0 ? { problems } : { attributes: result }
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...target }
  for (const [key, value] of Object.entries(source)) {
    const current = merged[key]
    merged[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : structuredClone(value)
  }
  return merged
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
