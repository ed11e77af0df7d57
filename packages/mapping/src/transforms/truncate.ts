import { asText, defineTransform, eachValue, prop, TransformArgsError } from './transform-definition.js'

/** Arguments of {@link truncate}. */
export interface TruncateArgs {
  max: number
  unit?: 'characters' | 'utf8Bytes'
  ellipsis?: string
  wordBoundary?: boolean
}

/** UTF-8 length of one code point; a lone surrogate counts as the 3 bytes of U+FFFD it encodes to. */
function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4
}

function measure(text: string, unit: 'characters' | 'utf8Bytes'): number {
  let total = 0
  for (const char of text) total += unit === 'characters' ? 1 : utf8Length(char.codePointAt(0)!)
  return total
}

/**
 * Cuts text to at most `max` characters (Unicode code points) or UTF-8 bytes, ellipsis included,
 * never inside a code point. With wordBoundary the cut moves back to the last whitespace, unless that
 * would leave nothing. An ellipsis longer than `max` is dropped.
 */
export function truncateText(text: string, args: TruncateArgs): string {
  const unit = args.unit ?? 'characters'
  // UTF-16 length bounds both measures (a code point is 1–2 units, 1–4 bytes): most text fits.
  if (text.length <= (unit === 'characters' ? args.max : args.max / 3)) return text
  if (measure(text, unit) <= args.max) return text
  let ellipsis = args.ellipsis ?? ''
  let budget = args.max - measure(ellipsis, unit)
  if (budget < 0) {
    ellipsis = ''
    budget = args.max
  }
  const kept: string[] = []
  let used = 0
  for (const char of text) {
    const size = unit === 'characters' ? 1 : utf8Length(char.codePointAt(0)!)
    if (used + size > budget) break
    kept.push(char)
    used += size
  }
  let cut = kept.join('')
  if (args.wordBoundary) {
    const nextChar = String.fromCodePoint(text.codePointAt(cut.length) ?? 32)
    if (!/\s/.test(nextChar)) {
      const lastSpace = cut.search(/\s\S*$/)
      if (lastSpace > 0) cut = cut.slice(0, lastSpace)
    }
  }
  cut = cut.replace(/[\s,;:–—-]+$/u, '')
  return cut + ellipsis
}

/** Limits text length in characters or UTF-8 bytes, with an optional ellipsis and word boundary. */
export const truncate = defineTransform<TruncateArgs>({
  type: 'truncate',
  description: 'Cuts text to at most `max` characters (code points) or UTF-8 bytes, ellipsis included; never splits a code point.',
  argsSchema: {
    properties: {
      max: prop('Maximum length', 'Largest allowed length of the result, ellipsis included.', [100, 200], { type: 'integer', minimum: 1 }),
      unit: prop('Unit', 'What `max` counts: Unicode code points or UTF-8 bytes.', ['characters', 'utf8Bytes'], { enum: ['characters', 'utf8Bytes'], default: 'characters' }),
      ellipsis: prop('Ellipsis', 'Appended when the text was cut; counts towards `max`.', ['…', '...'], { type: 'string', default: '' }),
      wordBoundary: prop('Cut at a word boundary', 'Move the cut back to the last whitespace so no word is split.', [true], { type: 'boolean', default: false }),
    },
    required: ['max'],
  },
  example: { type: 'truncate', max: 100, ellipsis: '…', wordBoundary: true },
  prepare: (args) => {
    if (args.ellipsis !== undefined && measure(args.ellipsis, args.unit ?? 'characters') >= args.max) throw new TransformArgsError('ellipsis', `ellipsis must be shorter than max (${args.max})`)
    return args
  },
  apply: (value, args) => eachValue(value, (item) => truncateText(asText(item, 'truncate'), args)),
})
