import { defineTransform, prop, TransformError, describe } from './transform-definition.js'

/** A list to text: items joined by a separator (empty items skipped). */
export const join = defineTransform<{ separator?: string }>({
  type: 'join',
  description: 'Joins a list into text with `separator`, skipping empty items; a single value passes as text.',
  argsSchema: {
    properties: { separator: prop('Separator', 'Text between the items.', [', ', '/'], { type: 'string', default: ', ' }) },
  },
  example: { type: 'join', separator: ', ' },
  apply: (value, args) => {
    const items = Array.isArray(value) ? value : [value]
    return items
      .filter((item) => item !== null && item !== undefined && item !== '')
      .map((item) => {
        if (typeof item === 'object') throw new TransformError(`join needs a list of text, got ${describe(item)}`)
        return String(item as string)
      })
      .join(args.separator ?? ', ')
  },
})
