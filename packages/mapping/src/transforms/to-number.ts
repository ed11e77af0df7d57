import { asNumber, defineTransform, eachValue } from './transform-definition.js'

/** Decimal text to a number ('34.00' → 34); fails on text that is not a number. */
export const toNumber = defineTransform<Record<string, never>>({
  type: 'toNumber',
  description: "Turns decimal text into a number ('34.00' → 34); numbers pass unchanged; anything else is a problem.",
  argsSchema: { properties: {} },
  example: { type: 'toNumber' },
  apply: (value) => eachValue(value, (item) => asNumber(item, 'toNumber')),
})
