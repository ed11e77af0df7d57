import { htmlToText } from './html-text.js'
import { asText, defineTransform, eachValue, prop } from './transform-definition.js'

// Manifests often strip the same description for two targets of one product (offer and product
// description), and products are mapped once per manifest: the last few results are kept, per list
// item prefix. Keyed by the HTML string itself, whose hash V8 keeps, not by a string built from it.
const recent = new Map<string, Map<string, string>>()
function cachedText(html: string, prefix: string): string {
  let texts = recent.get(prefix)
  if (texts === undefined) recent.set(prefix, (texts = new Map<string, string>()))
  let text = texts.get(html)
  if (text === undefined) {
    text = htmlToText(html, prefix)
    if (texts.size >= 8) texts.delete(texts.keys().next().value!)
    texts.set(html, text)
  }
  return text
}

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
  apply: (value, args) => eachValue(value, (item) => cachedText(asText(item, 'stripHtml'), args.listItemPrefix ?? '')),
})
