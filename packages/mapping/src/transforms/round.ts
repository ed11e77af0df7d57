import { asNumber, defineTransform, eachValue, prop } from './transform-definition.js'

/** value × 10^places, done on the decimal text so 1.005 shifts to exactly 100.5 (String may use an exponent: 1e-7). */
function shift(value: number, places: number): number {
  const [mantissa, exponent = '0'] = String(value).split('e')
  return Number(`${mantissa}e${Number(exponent) + places}`)
}

/** Rounds half away from zero to `digits` decimals, in decimal (1.005 → 1.01, not binary 1.00). */
export function roundTo(value: number, digits: number): number {
  const sign = value < 0 ? -1 : 1
  const factor = 10 ** digits
  const scaled = Math.abs(value) * factor
  const fraction = scaled - Math.floor(scaled)
  // Away from a tie the binary product rounds the same as the decimal; n / 10^d is then the double
  // nearest the decimal result. Near a tie (1.005 × 100 = 100.49999…) the decimal text decides.
  if (Math.abs(fraction - 0.5) > 1e-6 && scaled < 2 ** 52) return (sign * Math.round(scaled)) / factor + 0
  const result = sign * shift(Math.round(shift(Math.abs(value), digits)), -digits)
  return Number.isFinite(result) ? result + 0 : value
}

/** Rounds a number to a number of decimals. */
export const round = defineTransform<{ digits: number }>({
  type: 'round',
  description: 'Rounds a number (or decimal text) half away from zero to `digits` decimals; the result is a number.',
  argsSchema: {
    properties: { digits: prop('Decimals', 'Number of decimals to keep.', [2, 0], { type: 'integer', minimum: 0, maximum: 10 }) },
    required: ['digits'],
  },
  example: { type: 'round', digits: 2 },
  apply: (value, args) => eachValue(value, (item) => roundTo(asNumber(item, 'round'), args.digits)),
})
