import { defineTransform, prop } from './transform-definition.js'

/** One item of a list by position (negative counts from the end); a non-list passes unchanged. */
export const pick = defineTransform<{ index: number }>({
  type: 'pick',
  description: 'Takes one item of a list by position (0 first, -1 last); nothing when there is no such item; a single value passes unchanged.',
  argsSchema: { properties: { index: prop('Index', 'Position of the item; negative counts from the end.', [0, -1], { type: 'integer' }) }, required: ['index'] },
  example: { type: 'pick', index: 0 },
  apply: (value, args): unknown => (Array.isArray(value) ? (value as unknown[]).at(args.index) : value),
})
