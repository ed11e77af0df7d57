import { asText, defineTransform, eachValue } from './transform-definition.js'

/** Removes leading and trailing whitespace and collapses inner runs of spaces and tabs to one space. */
export const trim = defineTransform<{ collapse?: boolean }>({
  type: 'trim',
  description: 'Removes leading and trailing whitespace; with collapse, inner runs of spaces and tabs become one space (line breaks stay).',
  argsSchema: {
    properties: {
      collapse: { title: 'Collapse inner whitespace', description: 'Also turn runs of spaces and tabs inside the text into one space.', examples: [true], type: 'boolean', default: false },
    },
  },
  example: { type: 'trim', collapse: true },
  apply: (value, args) =>
    eachValue(value, (item) => {
      const text = asText(item, 'trim').trim()
      return args.collapse ? text.replace(/[ \t\u00a0]+/g, ' ') : text
    }),
})
