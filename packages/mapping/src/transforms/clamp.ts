import { asNumber, defineTransform, eachValue, prop, TransformArgsError } from './transform-definition.js'

/** Keeps a number within [min, max]. */
export const clamp = defineTransform<{ min?: number; max?: number }>({
  type: 'clamp',
  description: 'Keeps a number within [min, max]; values outside become the nearest bound.',
  argsSchema: {
    properties: {
      min: prop('Minimum', 'Lower bound (inclusive).', [0], { type: 'number' }),
      max: prop('Maximum', 'Upper bound (inclusive).', [99999], { type: 'number' }),
    },
  },
  example: { type: 'clamp', min: 0, max: 99999 },
  prepare: (args) => {
    if (args.min === undefined && args.max === undefined) throw new TransformArgsError('min', 'clamp needs min, max or both')
    if (args.min !== undefined && args.max !== undefined && args.min > args.max) throw new TransformArgsError('min', `min (${args.min}) must be <= max (${args.max})`)
    return args
  },
  apply: (value, args) =>
    eachValue(value, (item) => {
      let number = asNumber(item, 'clamp')
      if (args.min !== undefined && number < args.min) number = args.min
      if (args.max !== undefined && number > args.max) number = args.max
      return number
    }),
})
