import diff, { type Difference } from 'microdiff'

export type { Difference } from 'microdiff'

const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] => typeof value === 'object' && value !== null

/**
 * What changed from the last published payload to the current one, path by path (microdiff:
 * CREATE, REMOVE, CHANGE); empty when they are equal.
 */
export function payloadDiff(published: unknown, current: unknown): Difference[] {
  if (isContainer(published) && isContainer(current) && Array.isArray(published) === Array.isArray(current)) return diff(published, current)
  return JSON.stringify(published) === JSON.stringify(current) ? [] : [{ type: 'CHANGE', path: [], oldValue: published, value: current }]
}

/** One change as a line: `~ attributes.item_name[0].value: "old" -> "new"`, `+ path: value`, `- path`. */
export function formatDifference(difference: Difference): string {
  const path = formatPath(difference.path)
  switch (difference.type) {
    case 'CHANGE':
      return `~ ${path}: ${JSON.stringify(difference.oldValue)} -> ${JSON.stringify(difference.value)}`
    case 'CREATE':
      return `+ ${path}: ${JSON.stringify(difference.value)}`
    case 'REMOVE':
      return `- ${path}`
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** A path as one would write it in JavaScript: `a.b[0].c`, `a["odd key"]`; the whole payload is `(payload)`. */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(payload)'
  return path
    .map((step, index) => {
      if (typeof step === 'number') return `[${step}]`
      if (IDENTIFIER.test(step)) return index === 0 ? step : `.${step}`
      return `[${JSON.stringify(step)}]`
    })
    .join('')
}
