import { roundTo } from './round.js'
import { asNumber, defineTransform, eachValue, prop } from './transform-definition.js'

/** A money amount as text with a fixed number of decimals ('34' → '34.00'), rounded half away from zero in decimal. */
export const formatMoney = defineTransform<{ decimals?: number }>({
  type: 'formatMoney',
  description: "Formats an amount (number or decimal text) as text with exactly `decimals` decimals ('34' → '34.00'); rounds half away from zero.",
  argsSchema: {
    properties: { decimals: prop('Decimals', 'Number of decimals in the result.', [2, 0], { type: 'integer', minimum: 0, maximum: 6, default: 2 }) },
  },
  example: { type: 'formatMoney', decimals: 2 },
  apply: (value, args) =>
    eachValue(value, (item) => {
      const decimals = args.decimals ?? 2
      return roundTo(asNumber(item, 'formatMoney'), decimals).toFixed(decimals)
    }),
})
