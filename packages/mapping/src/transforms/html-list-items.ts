import { htmlListItems as listItems } from './html-text.js'
import { asText, defineTransform } from './transform-definition.js'

/** The plain text of each <li> of an HTML value, as a list (bullet points from a description). */
export const htmlListItems = defineTransform<Record<string, never>>({
  type: 'htmlListItems',
  description: 'Extracts the plain text of every <li> element of an HTML value, in order, as a list of strings (empty when there is no list).',
  argsSchema: { properties: {} },
  example: { type: 'htmlListItems' },
  apply: (value) => listItems(asText(value, 'htmlListItems')),
})
