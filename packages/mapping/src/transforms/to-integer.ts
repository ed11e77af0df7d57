import { asNumber, defineTransform, eachValue, prop } from './transform-definition.js'

/** Rounds down to an integer, never below `min` (0 by default): stock quantities. */
export const toInteger = defineTransform<{ min?: number }>({
  type: 'toInteger',
  description: 'Rounds a number down to an integer, with a floor (0 by default): negative stock becomes 0.',
  argsSchema: {
    properties: { min: prop('Floor', 'Smallest result; lower values become this.', [0, 1], { type: 'integer', default: 0 }) },
  },
  example: { type: 'toInteger' },
  apply: (value, args) =>
    eachValue(value, (item) => {
      const result = Math.max(args.min ?? 0, Math.floor(asNumber(item, 'toInteger')))
      return Math.min(result, Number.MAX_SAFE_INTEGER) + 0
    }),
})
