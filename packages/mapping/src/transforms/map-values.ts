import { defineTransform, describe, eachValue, prop, TransformArgsError, TransformError } from './transform-definition.js'

type Scalar = string | number | boolean

/** Arguments of {@link mapValues}. */
export interface MapValuesArgs {
  table: Record<string, Scalar>
  onMissing?: 'fail' | 'keep' | 'default'
  default?: Scalar
  caseInsensitive?: boolean
}

interface PreparedMapValues {
  table: ReadonlyMap<string, Scalar>
  onMissing: 'fail' | 'keep' | 'default'
  default: Scalar | undefined
  caseInsensitive: boolean
}

/** Looks values up in a table (Magento labels → marketplace enums); each item of a list separately. */
export const mapValues = defineTransform<MapValuesArgs, PreparedMapValues>({
  type: 'mapValues',
  description: 'Replaces a value by its entry in `table` (keys are the value as text); a value not in the table fails, is kept, or becomes `default`, as `onMissing` says.',
  argsSchema: {
    properties: {
      table: prop('Lookup table', 'Input value (as text) → output value.', [{ Black: 'black', 'Dark Blue': 'navy' }], {
        type: 'object',
        additionalProperties: { type: ['string', 'number', 'boolean'] },
      }),
      onMissing: prop('When the value is not in the table', 'fail: report a problem; keep: pass the value unchanged; default: use `default`.', ['fail', 'default'], { enum: ['fail', 'keep', 'default'], default: 'fail' }),
      default: prop('Default', 'Result for values not in the table when onMissing is "default".', ['other'], { type: ['string', 'number', 'boolean'] }),
      caseInsensitive: prop('Ignore case', 'Match table keys without regard to letter case.', [true], { type: 'boolean', default: false }),
    },
    required: ['table'],
  },
  example: { type: 'mapValues', table: { Black: 'black' }, onMissing: 'keep' },
  prepare: (args) => {
    const onMissing = args.onMissing ?? 'fail'
    if (onMissing === 'default' && args.default === undefined) throw new TransformArgsError('default', 'default is required when onMissing is "default"')
    if (onMissing !== 'default' && args.default !== undefined) throw new TransformArgsError('default', 'default is only used when onMissing is "default"')
    const caseInsensitive = args.caseInsensitive ?? false
    const table = new Map<string, Scalar>()
    for (const [key, value] of Object.entries(args.table)) table.set(caseInsensitive ? key.toLowerCase() : key, value)
    return { table, onMissing, default: args.default, caseInsensitive }
  },
  apply: (value, args) =>
    eachValue(value, (item) => {
      const key = typeof item === 'string' ? item : JSON.stringify(item)
      const found = args.table.get(args.caseInsensitive ? key.toLowerCase() : key)
      if (found !== undefined) return found
      if (args.onMissing === 'keep') return item
      if (args.onMissing === 'default') return args.default
      throw new TransformError(`${describe(item)} is not in the mapValues table (known: ${[...args.table.keys()].slice(0, 10).join(', ')}${args.table.size > 10 ? ', …' : ''})`)
    }),
})
