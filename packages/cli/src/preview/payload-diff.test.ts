import { describe, expect, it } from 'vitest'
import { formatDifference, formatPath, payloadDiff } from './payload-diff.js'

describe('payloadDiff and its lines', () => {
  it('renders a changed, an added and a removed value as ~, + and - lines with readable paths', () => {
    const published = { attributes: { item_name: [{ value: 'old', language_tag: 'en_US' }], color: [{ value: 'Blue' }] }, productType: 'LUGGAGE' }
    const current = { attributes: { item_name: [{ value: 'new', language_tag: 'en_US' }], material: [{ value: 'Nylon' }] }, productType: 'LUGGAGE' }
    expect(payloadDiff(published, current).map(formatDifference).sort()).toEqual([
      '+ attributes.material: [{"value":"Nylon"}]',
      '- attributes.color',
      '~ attributes.item_name[0].value: "old" -> "new"',
    ])
  })

  it('finds nothing between equal payloads whatever their key order', () => {
    expect(payloadDiff({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([])
  })

  it('reports an added array item by its index', () => {
    expect(payloadDiff({ bullets: ['a'] }, { bullets: ['a', 'b'] }).map(formatDifference)).toEqual(['+ bullets[1]: "b"'])
  })

  it('compares payloads that are not objects as a whole', () => {
    expect(payloadDiff('x', { a: 1 }).map(formatDifference)).toEqual(['~ (payload): "x" -> {"a":1}'])
    expect(payloadDiff(null, null)).toEqual([])
  })

  it('quotes path steps that are not identifiers', () => {
    expect(formatPath(['offer', 'offer_additional_fields', 0, 'shop-code'])).toBe('offer.offer_additional_fields[0]["shop-code"]')
  })
})
