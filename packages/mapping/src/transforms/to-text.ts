import { asText, defineTransform, eachValue } from './transform-definition.js'

/** A number or boolean as text (34 → '34'); text passes unchanged. */
export const toText = defineTransform<Record<string, never>>({
  type: 'toText',
  description: "Turns a number or boolean into text (34 → '34'); text passes unchanged.",
  argsSchema: { properties: {} },
  example: { type: 'toText' },
  apply: (value) => eachValue(value, (item) => asText(item, 'toText')),
})
