import { htmlListItems as listItems } from './html-text.js'
import { keepRecent } from './recent-results.js'
import { asText, defineTransform } from './transform-definition.js'

// Variation children list with their parent's description: the siblings mapped one after another
// ask for the same items, so the last few results are kept (copied out: later transforms may edit).
const cachedItems = keepRecent<readonly string[]>(listItems)

/** The plain text of each <li> of an HTML value, as a list (bullet points from a description). */
export const htmlListItems = defineTransform<Record<string, never>>({
  type: 'htmlListItems',
  description: 'Extracts the plain text of every <li> element of an HTML value, in order, as a list of strings (empty when there is no list).',
  argsSchema: { properties: {} },
  example: { type: 'htmlListItems' },
  apply: (value) => [...cachedItems(asText(value, 'htmlListItems'))],
})
