import { defineTransform, prop, TransformArgsError } from './transform-definition.js'

type Scalar = string | number | boolean

/** Arguments of {@link wrap}. */
export interface WrapArgs {
  key?: string
  fields?: Record<string, Scalar>
  constantFields?: Record<string, string>
}

// Each object's properties in sorted order, as the payload's canonical form has them (so it need not copy them).
type Field = { name: string; from: 'value' } | { name: string; from: 'fixed'; value: Scalar } | { name: string; from: 'constant'; constant: string }

/**
 * Puts a value into Amazon's attribute shape: `[{ value, ...fields }]`, one object per item when the
 * value is a list. `constantFields` copies manifest constants (e.g. marketplace_id).
 */
export const wrap = defineTransform<WrapArgs, { fields: Field[] }>({
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
    const fields = new Map<string, Field>([[key, { name: key, from: 'value' }]])
    for (const [name, value] of Object.entries(args.fields ?? {})) fields.set(name, { name, from: 'fixed', value })
    // A constant field named like a fixed one wins, as it did when both were assigned in that order.
    for (const [name, constant] of Object.entries(args.constantFields ?? {})) fields.set(name, { name, from: 'constant', constant })
    return { fields: [...fields.values()].sort((a, b) => (a.name < b.name ? -1 : 1)) }
  },
  apply: (value, args, ctx) => {
    const items = Array.isArray(value) ? value : [value]
    return items.map((item: unknown) => {
      const object: Record<string, unknown> = {}
      for (const field of args.fields) object[field.name] = field.from === 'value' ? item : field.from === 'fixed' ? field.value : ctx.constants[field.constant]
      return object
    })
  },
})
