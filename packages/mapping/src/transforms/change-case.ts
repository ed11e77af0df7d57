import { asText, defineTransform, eachValue, prop } from './transform-definition.js'

/** Upper- or lower-cases text, or makes it snake_case upper (Amazon enums such as SIZE_NAME). */
export const changeCase = defineTransform<{ to: 'upper' | 'lower' | 'upperSnake' | 'lowerSnake' }>({
  type: 'changeCase',
  description: "Changes letter case: upper, lower, or snake case ('Dark Blue' → 'DARK_BLUE' / 'dark_blue').",
  argsSchema: {
    properties: { to: prop('Case', 'The case of the result.', ['upper', 'upperSnake'], { enum: ['upper', 'lower', 'upperSnake', 'lowerSnake'] }) },
    required: ['to'],
  },
  example: { type: 'changeCase', to: 'upper' },
  apply: (value, args) =>
    eachValue(value, (item) => {
      const text = asText(item, 'changeCase')
      switch (args.to) {
        case 'upper':
          return text.toUpperCase()
        case 'lower':
          return text.toLowerCase()
        case 'upperSnake':
          return text.trim().replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_|_$/g, '').toUpperCase()
        case 'lowerSnake':
          return text.trim().replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_|_$/g, '').toLowerCase()
      }
    }),
})
