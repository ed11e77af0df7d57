import { compileSourcePath, readPath, type SourcePath } from '../paths.js'
import { defineTransform, prop, TransformArgsError } from './transform-definition.js'

/** Joins the current value with the values at other product paths, skipping empty ones. */
export const concat = defineTransform<{ paths: string[]; separator?: string; position?: 'append' | 'prepend' }, { paths: SourcePath[]; separator: string; prepend: boolean }>({
  type: 'concat',
  description: 'Joins the current value with the values found at `paths` in the product (appended or prepended), skipping empty ones, separated by `separator`.',
  argsSchema: {
    properties: {
      paths: prop('Paths', 'Product paths whose values are added, in order.', [['attributes.brand.labels[0]']], { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 }),
      separator: prop('Separator', 'Text between the parts.', [' ', ' - '], { type: 'string', default: ' ' }),
      position: prop('Position', 'Whether the values at `paths` come after (append) or before (prepend) the current value.', ['append', 'prepend'], { enum: ['append', 'prepend'], default: 'append' }),
    },
    required: ['paths'],
  },
  example: { type: 'concat', paths: ['attributes.brand.labels[0]'], separator: ' ', position: 'prepend' },
  acceptsEmpty: true,
  prepare: (args) => ({
    separator: args.separator ?? ' ',
    prepend: args.position === 'prepend',
    paths: args.paths.map((path, index) => {
      const compiled = compileSourcePath(path)
      if (typeof compiled === 'string') throw new TransformArgsError(`paths/${index}`, compiled)
      return compiled
    }),
  }),
  apply: (value, args, ctx) => {
    const others = args.paths.map((path) => readPath(path, ctx))
    const parts = args.prepend ? [...others, value] : [value, ...others]
    return parts
      .flat()
      .filter((part) => part !== null && part !== undefined && part !== '')
      .map((part) => String(part as string))
      .join(args.separator)
  },
})
