import { htmlToText } from './html-text.js'
import { asText, defineTransform, eachValue, prop } from './transform-definition.js'

/** HTML to plain text: paragraph and line breaks kept as newlines, entities decoded, no tags left. */
export const stripHtml = defineTransform<{ listItemPrefix?: string }>({
  type: 'stripHtml',
  description: 'Converts HTML to plain text: block elements become blank lines, <br> and list items new lines, character references are decoded and no tag is left.',
  argsSchema: {
    properties: {
      listItemPrefix: prop('List item prefix', 'Text put before each <li> item, e.g. "• ".', ['• ', '- '], { type: 'string', default: '' }),
    },
  },
  example: { type: 'stripHtml' },
  apply: (value, args) => eachValue(value, (item) => htmlToText(asText(item, 'stripHtml'), args.listItemPrefix ?? '')),
})
