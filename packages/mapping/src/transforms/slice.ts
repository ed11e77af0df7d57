import { defineTransform, prop, TransformArgsError } from './transform-definition.js'

/** A part of a list: items from `start` (inclusive) to `end` (exclusive); limits bullet points or images. */
export const slice = defineTransform<{ start?: number; end?: number }>({
  type: 'slice',
  description: 'Keeps the items of a list from `start` (inclusive, default 0) to `end` (exclusive, default the end), e.g. at most 5 bullet points.',
  argsSchema: {
    properties: {
      start: prop('Start', 'First item kept (0-based).', [0, 1], { type: 'integer', minimum: 0, default: 0 }),
      end: prop('End', 'Items from this position on are dropped.', [5, 9], { type: 'integer', minimum: 0 }),
    },
  },
  example: { type: 'slice', end: 5 },
  prepare: (args) => {
    if (args.end !== undefined && args.end < (args.start ?? 0)) throw new TransformArgsError('end', `end (${args.end}) must be >= start (${args.start ?? 0})`)
    return args
  },
  apply: (value, args) => (Array.isArray(value) ? value.slice(args.start ?? 0, args.end) : value),
})
