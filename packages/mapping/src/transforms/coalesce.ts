import { isEmpty } from '../conditions.js'
import { compileSourcePath, readPath, type SourcePath } from '../paths.js'
import { defineTransform, prop, TransformArgsError } from './transform-definition.js'

/** When the value is empty, the first non-empty value at the given product paths (salable qty, else qty). */
export const coalesce = defineTransform<{ paths: string[] }, { paths: SourcePath[] }>({
  type: 'coalesce',
  description: 'Keeps the value when it is not empty; otherwise takes the first non-empty value found at `paths` (e.g. stock.salableQty, then stock.qty).',
  argsSchema: {
    properties: {
      paths: prop('Fallback paths', 'Product paths tried in order when the value is empty.', [['stock.qty']], { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 }),
    },
    required: ['paths'],
  },
  example: { type: 'coalesce', paths: ['stock.qty'] },
  acceptsEmpty: true,
  prepare: (args) => ({
    paths: args.paths.map((path, index) => {
      const compiled = compileSourcePath(path)
      if (typeof compiled === 'string') throw new TransformArgsError(`paths/${index}`, compiled)
      return compiled
    }),
  }),
  apply: (value, args, ctx) => {
    if (!isEmpty(value)) return value
    for (const path of args.paths) {
      const found = readPath(path, ctx)
      if (!isEmpty(found)) return found
    }
    return undefined
  },
})
