import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Product } from '@listing-sync/catalog'
import { TRANSFORMS, TRANSFORMS_BY_TYPE, TransformArgsError, TransformError } from '../index.js'
import { unitFactor, UNITS, type UnitName } from './convert-unit.js'

const product = {
  sku: 'SKU-1',
  name: 'Joust Duffle Bag',
  attributes: { brand: { raw: '202', labels: ['Ironclad Supply'] } },
  stock: { qty: 7, isInStock: true, manageStock: true, salableQty: null, stockId: null },
} as unknown as Product

/** Prepares a transform's arguments and applies it, as the engine does. */
function run(type: string, args: Record<string, unknown>, value: unknown): unknown {
  const definition = TRANSFORMS_BY_TYPE.get(type)
  if (!definition) throw new Error(`no transform ${type}`)
  const prepared = definition.prepare ? definition.prepare(args) : args
  return definition.apply(value, prepared, { product, constants: { marketplaceId: 'ATVPDKIKX0DER' }, productType: 'LUGGAGE' })
}

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8')
const codePoints = (text: string) => [...text].length
const anyText = fc.string({ unit: 'binary', maxLength: 300 })

describe('transform registry', () => {
  it('gives every transform a unique name, a description and annotated argument schemas', () => {
    expect(new Set(TRANSFORMS.map((definition) => definition.type)).size).toBe(TRANSFORMS.length)
    for (const definition of TRANSFORMS) {
      expect(definition.description.length).toBeGreaterThan(10)
      for (const [name, schema] of Object.entries(definition.argsSchema.properties)) {
        expect(schema, `${definition.type}.${name}`).toHaveProperty('title')
        expect(schema, `${definition.type}.${name}`).toHaveProperty('description')
        expect(schema, `${definition.type}.${name}`).toHaveProperty('examples')
      }
    }
  })
})

describe('trim', () => {
  it('leaves no leading or trailing whitespace and is idempotent', () => {
    fc.assert(
      fc.property(anyText, fc.boolean(), (text, collapse) => {
        const once = run('trim', { collapse }, text) as string
        expect(once).toBe(once.trim())
        expect(run('trim', { collapse }, once)).toBe(once)
      }),
    )
  })
})

describe('stripHtml', () => {
  const htmlish = fc.array(fc.oneof(fc.constantFrom('<p>', '</p>', '<br/>', '<ul><li>', '</li>', '<b class="x">', '</b>', '&amp;', '&lt;script&gt;', '&#60;', '&bull;', '<!-- c -->', '<script>x<y</script>', '<', '>', ' ', '\n'), anyText), { maxLength: 40 }).map((parts) => parts.join(''))

  it('never leaves anything that could open a tag', () => {
    fc.assert(
      fc.property(htmlish, (html) => {
        expect(run('stripHtml', {}, html)).not.toMatch(/<[A-Za-z/!?]/)
      }),
    )
  })

  it('leaves single spaces between words and nothing else, also where references decode to whitespace', () => {
    const spaced = fc.array(fc.oneof(fc.constantFrom('<p>', '</p>', '<br/>', '<li>', ' ', '\n', '\t', '&nbsp;', '&#10;', '&#9;', '&#160;', '&#32;', 'word', 'w&amp;x'), anyText), { maxLength: 30 }).map((parts) => parts.join(''))
    fc.assert(
      fc.property(spaced, (html) => {
        for (const line of (run('stripHtml', {}, html) as string).split('\n')) {
          if (line !== '') expect(line.split(' ').every((word) => word !== '' && !/\s/.test(word)), JSON.stringify(line)).toBe(true)
        }
      }),
    )
  })

  it('keeps paragraphs as blank lines and <br> as line breaks, decoding entities', () => {
    expect(run('stripHtml', {}, '<p>One &amp; two</p><p>Three<br />four&trade;</p>')).toBe('One & two\n\nThree\nfour™')
    expect(run('stripHtml', { listItemPrefix: '• ' }, '<ul><li>a</li><li>b</li></ul>')).toBe('• a\n• b')
    expect(run('stripHtml', {}, 'x<script>alert(1)</script>y')).toBe('xy')
  })

  it('is the identity on text without markup or entities, whitespace aside', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }).filter((text) => !/[<&]/.test(text)), (text) => {
        expect(run('stripHtml', {}, text)).toBe(text.replace(/\s+/g, ' ').trim())
      }),
    )
  })
})

describe('truncate', () => {
  const args = fc.record({
    max: fc.integer({ min: 1, max: 80 }),
    unit: fc.constantFrom('characters', 'utf8Bytes'),
    ellipsis: fc.constantFrom('', '…', '...'),
    wordBoundary: fc.boolean(),
  })

  it('never exceeds max and never splits a code point or a UTF-8 sequence', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), args, (text, spec) => {
        fc.pre((spec.unit === 'characters' ? codePoints(spec.ellipsis) : utf8(spec.ellipsis)) < spec.max)
        const out = run('truncate', spec, text) as string
        expect(spec.unit === 'characters' ? codePoints(out) : utf8(out)).toBeLessThanOrEqual(spec.max)
        // A split surrogate pair shows up as a lone surrogate; a well-formed string has none.
        expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(out)).toBe(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text))
        if ((spec.unit === 'characters' ? codePoints(text) : utf8(text)) <= spec.max) expect(out).toBe(text)
        else expect(out.endsWith(spec.ellipsis)).toBe(true)
      }),
    )
  })

  it('keeps a prefix of the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), args, (text, spec) => {
        fc.pre((spec.unit === 'characters' ? codePoints(spec.ellipsis) : utf8(spec.ellipsis)) < spec.max)
        const out = run('truncate', spec, text) as string
        const kept = out === text ? out : out.slice(0, out.length - spec.ellipsis.length)
        expect(text.startsWith(kept)).toBe(true)
      }),
    )
  })

  it('appends the ellipsis at a word boundary', () => {
    expect(run('truncate', { max: 13, ellipsis: '…', wordBoundary: true }, 'Joust Duffle Bag')).toBe('Joust Duffle…')
    expect(run('truncate', { max: 12, ellipsis: '…', wordBoundary: true }, 'Joust Duffle Bag')).toBe('Joust…')
    expect(run('truncate', { max: 4, unit: 'utf8Bytes' }, '€uro')).toBe('€u')
  })

  it('refuses an ellipsis as long as max', () => {
    expect(() => TRANSFORMS_BY_TYPE.get('truncate')!.prepare!({ max: 1, ellipsis: '…' })).toThrow(TransformArgsError)
  })
})

describe('round', () => {
  it('leaves at most `digits` decimals and moves the value by at most half a unit of the last digit', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 6 }), (value, digits) => {
        const out = run('round', { digits }, value) as number
        expect(Math.abs(out - value)).toBeLessThanOrEqual(0.5 * 10 ** -digits + 1e-9)
        expect(Math.abs(out * 10 ** digits - Math.round(out * 10 ** digits))).toBeLessThan(1e-6)
      }),
    )
  })

  it('rounds decimal halves up (1.005 → 1.01)', () => {
    expect(run('round', { digits: 2 }, 1.005)).toBe(1.01)
    expect(run('round', { digits: 2 }, '34.999')).toBe(35)
  })
})

describe('toInteger', () => {
  it('is an integer >= 0 and never above the input', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (value) => {
        const out = run('toInteger', {}, value) as number
        expect(Number.isInteger(out)).toBe(true)
        expect(out).toBeGreaterThanOrEqual(0)
        if (value >= 0) expect(out).toBeLessThanOrEqual(value)
      }),
    )
  })

  it('fails on text that is not a number', () => {
    expect(() => run('toInteger', {}, 'lots')).toThrow(TransformError)
  })
})

describe('clamp', () => {
  it('always lands within [min, max]', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.integer({ min: 0, max: 1000 }), (value, min, span) => {
        const out = run('clamp', { min, max: min + span }, value) as number
        expect(out).toBeGreaterThanOrEqual(min)
        expect(out).toBeLessThanOrEqual(min + span)
      }),
    )
  })

  it('refuses min > max', () => {
    expect(() => TRANSFORMS_BY_TYPE.get('clamp')!.prepare!({ min: 2, max: 1 })).toThrow(/min \(2\) must be <= max \(1\)/)
  })
})

describe('convertUnit', () => {
  const names = Object.keys(UNITS) as UnitName[]
  const pair = fc.constantFrom(...names.flatMap((from) => names.filter((to) => UNITS[to].dimension === UNITS[from].dimension).map((to) => [from, to] as const)))

  it('round-trips within 1e-9 relative', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), pair, (value, [from, to]) => {
        const there = run('convertUnit', { from, to }, value) as number
        const back = run('convertUnit', { from: to, to: from }, there) as number
        expect(Math.abs(back - value) / value).toBeLessThanOrEqual(1e-9)
      }),
    )
  })

  it('uses exact factors and converts { value, unit } weights', () => {
    expect(unitFactor('in', 'cm')).toBeCloseTo(2.54, 12)
    expect(unitFactor('lb', 'kg')).toBeCloseTo(0.45359237, 12)
    expect(run('convertUnit', { to: 'kg' }, { value: 2, unit: 'LB' })).toBeCloseTo(0.90718474, 12)
    expect(run('convertUnit', { to: 'lb' }, { value: 2, unit: 'LB' })).toBe(2)
  })

  it('refuses converting a length into a weight', () => {
    expect(() => TRANSFORMS_BY_TYPE.get('convertUnit')!.prepare!({ from: 'cm', to: 'kg' })).toThrow(/cannot convert length \(cm\) into weight \(kg\)/)
  })
})

describe('mapValues', () => {
  const table = fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 8 })

  it('with onMissing default always gives a table value or the default', () => {
    fc.assert(
      fc.property(table, fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (entries, value, fallback) => {
        const out = run('mapValues', { table: entries, onMissing: 'default', default: fallback }, value)
        expect([...Object.values(entries), fallback]).toContain(out)
      }),
    )
  })

  it('with onMissing keep gives a table value or the input', () => {
    fc.assert(
      fc.property(table, fc.string({ maxLength: 8 }), (entries, value) => {
        const out = run('mapValues', { table: entries, onMissing: 'keep' }, value)
        expect(Object.hasOwn(entries, value) ? entries[value] : value).toBe(out)
      }),
    )
  })

  it('with onMissing fail names the value', () => {
    expect(() => run('mapValues', { table: { Black: 'black' } }, 'Mauve')).toThrow(/"Mauve" is not in the mapValues table/)
  })
})

describe('formatMoney', () => {
  it('always has exactly `decimals` decimals', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e7, noNaN: true }), fc.integer({ min: 0, max: 4 }), (value, decimals) => {
        const out = run('formatMoney', { decimals }, value) as string
        expect(out).toMatch(decimals === 0 ? /^\d+$/ : new RegExp(`^\\d+\\.\\d{${decimals}}$`))
        expect(Math.abs(Number(out) - value)).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-6)
      }),
    )
    expect(run('formatMoney', { decimals: 2 }, '34')).toBe('34.00')
  })
})

describe('split and join', () => {
  it('join after split restores the trimmed, non-empty items', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 10 }).filter((item) => !item.includes(',') && item.trim() !== ''), { maxLength: 10 }), (items) => {
        const trimmed = items.map((item) => item.trim())
        expect(run('split', { separator: ',' }, run('join', { separator: ',' }, trimmed))).toEqual(trimmed)
      }),
    )
  })
})

describe('template and concat', () => {
  it('fills placeholders from the product and the current value', () => {
    expect(run('template', { template: '{{attributes.brand.labels[0]}} {{$value}} ({{sku}})' }, 'Bag')).toBe('Ironclad Supply Bag (SKU-1)')
    expect(run('concat', { paths: ['attributes.brand.labels[0]'], position: 'prepend' }, 'Bag')).toBe('Ironclad Supply Bag')
  })

  it('refuses a placeholder with an unknown root', () => {
    expect(() => TRANSFORMS_BY_TYPE.get('template')!.prepare!({ template: '{{nope.x}}' })).toThrow(/unknown root "nope"/)
  })
})

describe('other transforms', () => {
  it('coalesce falls back along its paths', () => {
    expect(run('coalesce', { paths: ['stock.salableQty', 'stock.qty'] }, null)).toBe(7)
    expect(run('coalesce', { paths: ['stock.qty'] }, 3)).toBe(3)
  })

  it('wrap builds Amazon attribute objects, one per item', () => {
    expect(run('wrap', { fields: { language_tag: 'en_US' }, constantFields: { marketplace_id: 'marketplaceId' } }, ['a', 'b'])).toEqual([
      { value: 'a', language_tag: 'en_US', marketplace_id: 'ATVPDKIKX0DER' },
      { value: 'b', language_tag: 'en_US', marketplace_id: 'ATVPDKIKX0DER' },
    ])
  })

  it('htmlListItems, slice, pick, changeCase, toNumber, toText', () => {
    expect(run('htmlListItems', {}, '<p>x</p><ul><li>One</li><li>Two &amp; <b>three</b></li></ul>')).toEqual(['One', 'Two & three'])
    // Without a list, bullet lines count, as Luma writes them.
    expect(run('htmlListItems', {}, '<p>Intro.</p><p>&bull; Two-tone hoodie.<br />&bull; Drawstring hood. <br />&bull; Machine wash/dry.</p>')).toEqual([
      'Two-tone hoodie.',
      'Drawstring hood.',
      'Machine wash/dry.',
    ])
    // Without either, a paragraph of short <br>-broken lines, Luma's other style; long prose lines are not a list.
    expect(run('htmlListItems', {}, '<p>Light wind protection for runners.</p>\n<p>Adjustable hood. <br />Split pocket. <br />Thumb holes.</p>')).toEqual([
      'Adjustable hood.',
      'Split pocket.',
      'Thumb holes.',
    ])
    expect(run('htmlListItems', {}, `<p>${'A long sentence of prose. '.repeat(7)}<br />${'Another one. '.repeat(12)}</p>`)).toEqual([])
    expect(run('htmlListItems', {}, '<p>One line.<br /></p>')).toEqual([])
    expect(run('htmlListItems', {}, '<p>No list here.</p>')).toEqual([])
    expect(run('slice', { end: 2 }, [1, 2, 3])).toEqual([1, 2])
    expect(run('pick', { index: -1 }, [1, 2, 3])).toBe(3)
    expect(run('changeCase', { to: 'upperSnake' }, ['Dark Blue', 'Size'])).toEqual(['DARK_BLUE', 'SIZE'])
    expect(run('toNumber', {}, '34.00')).toBe(34)
    expect(run('toText', {}, 34)).toBe('34')
  })
})
