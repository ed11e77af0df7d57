import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { isAppError, LS_ERR_CONFIG_INVALID } from '@listing-sync/errors'
import { createAmazonProductTypeValidator, ISSUE_CODES } from './index.js'
import type { AmazonProductTypeValidator, ListingIssue } from './index.js'
import { amazonIssueChecker, braceletAttributes, EN_US, fixturesDir, plain, text, US } from './test-support.js'

const ISSUE_FIELDS = ['attributeNames', 'categories', 'code', 'message', 'severity']

const without = (attributes: Record<string, unknown>, name: string) => Object.fromEntries(Object.entries(attributes).filter(([key]) => key !== name))

describe('createAmazonProductTypeValidator with the real BRACELET schema', () => {
  let validate: AmazonProductTypeValidator
  let checkIssue: (issue: unknown) => string[]

  /** Validates and checks that every issue has exactly Amazon's Issue shape. */
  const issuesOf = (attributes: Record<string, unknown>, productType = 'BRACELET'): ListingIssue[] => {
    const issues = validate({ productType, requirements: 'LISTING', attributes })
    for (const issue of issues) {
      expect(checkIssue(issue)).toEqual([])
      expect(Object.keys(issue).sort()).toEqual(ISSUE_FIELDS)
    }
    return issues
  }

  beforeAll(() => {
    const schema = JSON.parse(readFileSync(join(fixturesDir(), 'amazon-sp-api', 'product-type-definitions', 'BRACELET.schema.json'), 'utf8')) as object
    validate = createAmazonProductTypeValidator(schema, { marketplaceId: US, languageTag: EN_US })
    checkIssue = amazonIssueChecker()
  })

  it('compiles the 1.3 MB schema, resolving its meta-schema without fetching it', () => {
    expect(typeof validate).toBe('function')
  })

  it('accepts a complete listing', () => {
    expect(issuesOf(braceletAttributes())).toEqual([])
  })

  it('reports a missing required attribute as 90220 MISSING_ATTRIBUTE with Amazon’s message', () => {
    expect(issuesOf(without(braceletAttributes(), 'brand'))).toEqual([
      { code: '90220', message: "'brand' is required but not supplied.", severity: 'ERROR', attributeNames: ['brand'], categories: ['MISSING_ATTRIBUTE'] },
    ])
  })

  it('reports an attribute made required by an if/then rule (a child without its relationship)', () => {
    const issues = issuesOf(braceletAttributes({ parentage_level: plain('child') }))
    expect(issues.map((i) => [i.code, i.attributeNames[0]])).toEqual([
      ['90220', 'child_parent_sku_relationship'],
      ['90220', 'variation_theme'],
    ])
  })

  it('reports a value outside the enum, naming the attribute and the allowed values', () => {
    const [issue, ...rest] = issuesOf(braceletAttributes({ condition_type: plain('brand_new') }))
    expect(rest).toEqual([])
    expect(issue).toMatchObject({ code: ISSUE_CODES.INVALID_VALUE, attributeNames: ['condition_type'], categories: ['INVALID_ATTRIBUTE'], severity: 'ERROR' })
    expect(issue?.message).toContain("'condition_type'")
    expect(issue?.message).toContain('"new_new"')
    expect(issue?.message).toContain('(enum)')
  })

  it('reports a value longer in UTF-8 bytes than maxUtf8ByteLength even when its characters fit maxLength', () => {
    // department: maxLength 2200 characters, maxUtf8ByteLength 2000; 1000 × "€" is 3000 bytes.
    const [issue, ...rest] = issuesOf(braceletAttributes({ department: text('€'.repeat(1000)) }))
    expect(rest).toEqual([])
    expect(issue).toMatchObject({ code: '4000001', attributeNames: ['department'], categories: ['INVALID_ATTRIBUTE'] })
    expect(issue?.message).toContain('department[0].value: must be at most 2000 bytes in UTF-8 (is 3000) (maxUtf8ByteLength)')
  })

  it('reports two different values for one marketplace and language where maxUniqueItems is 1', () => {
    const [issue, ...rest] = issuesOf(braceletAttributes({ item_name: [...text('Charm Bracelet'), ...text('Silver Bracelet')] }))
    expect(rest).toEqual([])
    expect(issue).toMatchObject({ code: '4000001', attributeNames: ['item_name'], categories: ['INVALID_ATTRIBUTE'] })
    expect(issue?.message).toContain(`at most 1 distinct value(s) for marketplace_id=${US}, language_tag=${EN_US} (has 2) (maxUniqueItems)`)
  })

  it('counts distinct values per selector combination: repeats count once, other languages apart', () => {
    const bullets = Array.from({ length: 12 }, () => ({ value: 'Solid sterling silver', language_tag: EN_US, marketplace_id: US }))
    const titles = [...text('Charm Bracelet'), { value: 'Bracelet à breloques', language_tag: 'fr_CA', marketplace_id: US }]
    expect(issuesOf(braceletAttributes({ bullet_point: bullets, item_name: titles }))).toEqual([])
    const eleven = Array.from({ length: 11 }, (_, i) => ({ value: `Feature ${i}`, language_tag: EN_US, marketplace_id: US }))
    expect(issuesOf(braceletAttributes({ bullet_point: eleven })).map((i) => i.attributeNames)).toEqual([['bullet_point']])
  })

  it('reports a value of the wrong type', () => {
    const [issue, ...rest] = issuesOf(braceletAttributes({ item_package_weight: [{ value: 'heavy', unit: 'kilograms', marketplace_id: US }] }))
    expect(rest).toEqual([])
    expect(issue).toMatchObject({ code: '4000001', attributeNames: ['item_package_weight'], categories: ['INVALID_ATTRIBUTE'] })
    expect(issue?.message).toContain('item_package_weight[0].value: must be number (type)')
  })

  it('folds the anyOf noise of a free-text-or-enum value into one issue for the attribute', () => {
    // size.value is `type: string` plus anyOf [free text, enum]: a number fails all three.
    const issues = issuesOf(braceletAttributes({ size: [{ value: 7, language_tag: EN_US }] }))
    expect(issues).toHaveLength(1)
    expect(issues[0]?.message).toBe("The provided value for 'size' is invalid: size[0].value: must be string (type).")
  })

  it('explains a failed oneOf by its alternatives', () => {
    const issues = issuesOf(braceletAttributes({ fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 3, restock_date: 'next week' }] }))
    expect(issues).toHaveLength(1)
    expect(issues[0]?.message).toContain('fulfillment_availability[0].restock_date: must match one of the allowed forms: must match format "date" | must match format "date-time" (oneOf)')
  })

  it('reports a missing member inside an attribute and too few values', () => {
    const issues = issuesOf(braceletAttributes({ purchasable_offer: [{ currency: 'USD', marketplace_id: US, our_price: [{ schedule: [{}] }] }], bullet_point: [] }))
    expect(issues.sort((a, b) => b.attributeNames[0]!.localeCompare(a.attributeNames[0]!))).toEqual([
      { code: '90220', message: "'purchasable_offer[0].our_price[0].schedule[0].value_with_tax' is required but not supplied.", severity: 'ERROR', attributeNames: ['purchasable_offer'], categories: ['MISSING_ATTRIBUTE'] },
      { code: '99022', message: "The field 'bullet_point' does not have enough values: must NOT have fewer than 1 items (minItems).", severity: 'ERROR', attributeNames: ['bullet_point'], categories: ['MISSING_ATTRIBUTE'] },
    ])
  })

  it('reports an attribute the product type does not define as 90000900', () => {
    expect(issuesOf(braceletAttributes({ fake_attribute: plain('x') }))).toEqual([
      { code: '90000900', message: "The attributes are invalid: 'fake_attribute' is not an attribute of product type BRACELET.", severity: 'ERROR', attributeNames: ['fake_attribute'], categories: ['INVALID_ATTRIBUTE'] },
    ])
  })

  it('reports values for another marketplace and a productType that does not match the schema', () => {
    const issues = issuesOf(braceletAttributes({ brand: [{ value: 'Luma', language_tag: EN_US, marketplace_id: 'A1PA6795UKMFR9' }] }), 'NECKLACE')
    expect(issues.map((i) => [i.code, i.attributeNames])).toEqual([
      ['4000001', []],
      ['4000001', ['brand']],
    ])
    expect(issues[0]?.message).toContain("productType 'NECKLACE' does not match the schema's product type 'BRACELET'")
    expect(issues[1]?.message).toContain("marketplace_id 'A1PA6795UKMFR9' differs from the target marketplace")
  })
})

describe('createAmazonProductTypeValidator with schemas that are not valid', () => {
  it('refuses a malformed Amazon keyword with LS_ERR_CONFIG_INVALID', () => {
    const schema = { type: 'object', properties: { item_name: { type: 'array', maxUniqueItems: 'one' } } }
    expect(() => createAmazonProductTypeValidator(schema)).toThrow(/does not compile/)
    try {
      createAmazonProductTypeValidator(schema)
      expect.unreachable()
    } catch (error) {
      expect(isAppError(error, LS_ERR_CONFIG_INVALID)).toBe(true)
    }
  })

  it('refuses a keyword outside JSON Schema 2019-09 and Amazon’s vocabulary rather than ignore it', () => {
    expect(() => createAmazonProductTypeValidator({ type: 'object', maxWords: 3 })).toThrow(/unknown keyword: "maxWords"/)
  })
})

describe('the Amazon Issue check used by these tests', () => {
  it('rejects an issue that does not have Amazon’s shape', () => {
    const checkIssue = amazonIssueChecker()
    expect(checkIssue({ code: '90220', message: 'ok', severity: 'ERROR', attributeNames: ['brand'], categories: ['MISSING_ATTRIBUTE'] })).toEqual([])
    expect(checkIssue({ code: 90220, message: 'x', severity: 'FATAL', attributeNames: 'brand' })).toEqual(
      expect.arrayContaining([expect.stringContaining('/code'), expect.stringContaining('/severity'), expect.stringContaining('/attributeNames'), expect.stringContaining('categories')]),
    )
  })
})
