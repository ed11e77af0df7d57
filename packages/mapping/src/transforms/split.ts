import { asText, defineTransform, prop } from './transform-definition.js'

/** Text to a list: split on a separator, items trimmed, empty items dropped. */
export const split = defineTransform<{ separator?: string }>({
  type: 'split',
  description: 'Splits text into a list on `separator`; items are trimmed and empty items dropped.',
  argsSchema: {
    properties: { separator: prop('Separator', 'Text between the items.', [',', '\n'], { type: 'string', minLength: 1, default: ',' }) },
  },
  example: { type: 'split', separator: ',' },
  apply: (value, args) =>
    asText(value, 'split')
      .split(args.separator ?? ',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
})
