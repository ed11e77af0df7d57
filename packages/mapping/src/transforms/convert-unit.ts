import { convert } from 'convert'
import { asNumber, defineTransform, describe, eachValue, prop, TransformArgsError, TransformError } from './transform-definition.js'

/** Units a manifest may name, with the unit of the `convert` library each stands for. */
export const UNITS = {
  kg: { unit: 'kg', dimension: 'weight' },
  g: { unit: 'g', dimension: 'weight' },
  lb: { unit: 'lb', dimension: 'weight' },
  oz: { unit: 'oz', dimension: 'weight' },
  cm: { unit: 'cm', dimension: 'length' },
  mm: { unit: 'mm', dimension: 'length' },
  m: { unit: 'm', dimension: 'length' },
  in: { unit: 'in', dimension: 'length' },
  ft: { unit: 'ft', dimension: 'length' },
} as const

/** A unit name a manifest may use. */
export type UnitName = keyof typeof UNITS
const UNIT_NAMES = Object.keys(UNITS) as UnitName[]

/** Arguments of {@link convertUnit}. */
export interface ConvertUnitArgs {
  /** Unit of the input; omitted when the input is a `{ value, unit }` object such as the product's weight. */
  from?: UnitName
  to: UnitName
}

interface PreparedConvertUnit {
  to: UnitName
  /** Factor from `from` to `to`, when `from` is given. */
  factor: number | undefined
  /** Factors from every unit of the same dimension, for `{ value, unit }` inputs. */
  factors: ReadonlyMap<string, number>
}

/** The factor that turns a quantity in `from` into `to`, from the `convert` library. */
export function unitFactor(from: UnitName, to: UnitName): number {
  return from === to ? 1 : convert(1, UNITS[from].unit).to(UNITS[to].unit)
}

/**
 * Converts weights (kg, g, lb, oz) and lengths (cm, mm, m, in, ft). The factor comes from the units library once,
 * when the manifest is compiled; per product it is one multiplication.
 */
export const convertUnit = defineTransform<ConvertUnitArgs, PreparedConvertUnit>({
  type: 'convertUnit',
  description: 'Converts a weight (kg, g, lb, oz) or length (cm, mm, m, in, ft) into another unit of the same kind. Without `from`, the input must be a { value, unit } object (the product weight).',
  argsSchema: {
    properties: {
      from: prop('From unit', 'Unit of the input value. Leave out when the input is a { value, unit } object, e.g. `weight`.', ['in', 'lb'], { enum: UNIT_NAMES }),
      to: prop('To unit', 'Unit of the result.', ['cm', 'kg'], { enum: UNIT_NAMES }),
    },
    required: ['to'],
  },
  example: { type: 'convertUnit', from: 'in', to: 'cm' },
  prepare: (args) => {
    const dimension = UNITS[args.to].dimension
    if (args.from !== undefined && UNITS[args.from].dimension !== dimension) {
      throw new TransformArgsError('to', `cannot convert ${UNITS[args.from].dimension} (${args.from}) into ${dimension} (${args.to})`)
    }
    const factors = new Map<string, number>()
    for (const name of UNIT_NAMES) if (UNITS[name].dimension === dimension) factors.set(name, unitFactor(name, args.to))
    return { to: args.to, factor: args.from === undefined ? undefined : unitFactor(args.from, args.to), factors }
  },
  apply: (value, args) =>
    eachValue(value, (item) => {
      if (args.factor !== undefined) return asNumber(item, 'convertUnit') * args.factor
      if (typeof item === 'object' && item !== null && 'value' in item && 'unit' in item) {
        const { value: amount, unit } = item
        const factor = typeof unit === 'string' ? args.factors.get(unit.toLowerCase()) : undefined
        if (factor === undefined) throw new TransformError(`convertUnit cannot convert unit ${describe(unit)} into ${args.to}`)
        return asNumber(amount, 'convertUnit') * factor
      }
      throw new TransformError(`convertUnit without "from" needs a { value, unit } object, got ${describe(item)}`)
    }),
})
