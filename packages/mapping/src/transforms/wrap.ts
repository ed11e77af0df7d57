import { defineTransform, prop, TransformArgsError } from './transform-definition.js'

type Scalar = string | number | boolean

/** Arguments of {@link wrap}. */
export interface WrapArgs {
  key?: string
  fields?: Record<string, Scalar>
  constantFields?: Record<string, string>
}

/**
 * Puts a value into Amazon's attribute shape: `[{ value, ...fields }]`, one object per item when the
 * value is a list. `constantFields` copies manifest constants (e.g. marketplace_id).
 */
export const wrap = defineTransform<WrapArgs, { key: string; fields: Record<string, unknown>; constantFields: [string, string][] }>({
  type: 'wrap',
  description: 'Wraps the value into a list of objects, [{ <key>: value, ...fields }] — one object per item for a list — as Amazon attributes are shaped; constantFields adds manifest constants by name.',
  argsSchema: {
    properties: {
      key: prop('Value key', 'Property that holds the value in each object.', ['value'], { type: 'string', minLength: 1, default: 'value' }),
      fields: prop('Fixed fields', 'Properties added to every object.', [{ language_tag: 'en_US' }], { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } }),
      constantFields: prop('Constant fields', 'Properties added to every object, from the manifest constants: property → constant name.', [{ marketplace_id: 'marketplaceId' }], {
        type: 'object',
        additionalProperties: { type: 'string' },
      }),
    },
  },
  example: { type: 'wrap', fields: { language_tag: 'en_US' }, constantFields: { marketplace_id: 'marketplaceId' } },
  prepare: (args) => {
    const key = args.key ?? 'value'
    for (const name of [...Object.keys(args.fields ?? {}), ...Object.keys(args.constantFields ?? {})]) {
      if (name === key) throw new TransformArgsError('fields', `field "${name}" would overwrite the value key`)
    }
    return { key, fields: args.fields ?? {}, constantFields: Object.entries(args.constantFields ?? {}) }
  },
  apply: (value, args, ctx) => {
    const items = Array.isArray(value) ? value : [value]
    return items.map((item: unknown) => {
      const object: Record<string, unknown> = { [args.key]: item, ...args.fields }
      for (const [field, constant] of args.constantFields) object[field] = ctx.constants[constant]
      return object
    })
  },
})
