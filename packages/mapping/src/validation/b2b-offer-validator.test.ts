import { readFileSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isAppError, LS_ERR_CONFIG_INVALID } from '@listing-sync/errors'
import { createB2bValidator, loadB2bValidationConfig, productTypeSchemasDir } from './index.js'
import type { B2bValidationConfig } from './index.js'
import { fixturesDir } from './test-support.js'

const demoConfig = () => loadB2bValidationConfig(join(productTypeSchemasDir(), 'b2b-attributes.json'))

/** A complete offer for a Luma bag, with its product attributes, as the B2B manifest should produce it. */
function completeOffer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    shop_sku: '24-MB01',
    product_id: '4006381333931',
    product_id_type: 'EAN',
    state_code: '11',
    update_delete: 'update',
    price: 34,
    quantity: 100,
    leadtime_to_ship: 2,
    min_order_quantity: 1,
    max_order_quantity: 50,
    package_quantity: 1,
    allow_quote_requests: true,
    description: 'Joust Duffle Bag, sold by the unit',
    all_prices: [{ channel_code: null, unit_origin_price: 34, volume_prices: [{ quantity_threshold: 10, unit_origin_price: 30 }] }],
    discount: { price: 29.9, start_date: '2025-06-01T00:00:00Z', end_date: '2025-06-30T23:59:59Z' },
    offer_additional_fields: [
      { code: 'title', value: 'Joust Duffle Bag' },
      { code: 'brand', value: 'Luma' },
      { code: 'product_description', value: 'The sporty Joust Duffle Bag can’t be beat.' },
      { code: 'category', value: 'bags' },
      { code: 'main_image', value: 'https://magento.example/media/catalog/product/m/b/mb01-blue-0.jpg' },
      { code: 'weight_kg', value: '0.45' },
      { code: 'length_cm', value: 50 },
      { code: 'color', value: 'Blue' },
    ],
    ...overrides,
  }
}

describe('createB2bValidator with the demo config', () => {
  it('accepts a complete offer', async () => {
    expect(createB2bValidator(await demoConfig())(completeOffer())).toEqual([])
  })

  it('reports every defect with its field and rule', async () => {
    const validate = createB2bValidator(await demoConfig())
    const offer = completeOffer({
      shop_sku: undefined,
      product_id: '4006381333932',
      product_id_type: 'EAN',
      state_code: 'new',
      update_delete: 'upsert',
      price: 0,
      quantity: -1,
      min_order_quantity: 10,
      max_order_quantity: 5,
      package_quantity: 1.5,
      quantitiy: 3,
      discount: { price: 29.9, start_date: '2025-07-01', end_date: '2025-06-01' },
      offer_additional_fields: [
        { code: 'title', value: 'x'.repeat(101) },
        { code: 'brand', value: 'Luma' },
        { code: 'product_description', value: 'ok' },
        { code: 'category', value: 'bags' },
        { code: 'main_image', value: 'ftp://example/image.jpg' },
        { code: 'weight_kg', value: 'heavy' },
        { code: 'color', value: 'Teal' },
        { code: 'color', value: 'Blue' },
        { code: 'warranty_years', value: '2.5' },
        { code: 'available_from', value: 'tomorrow' },
        { code: 'gift_wrap', value: 'yes' },
      ],
    })
    const problems = validate(offer)
    expect(problems.map((p) => `${p.field} ${p.rule}`).sort()).toEqual(
      [
        'shop_sku required',
        'product_id checksum',
        'state_code enum',
        'update_delete enum',
        'price minimum',
        'quantity minimum',
        'min_order_quantity order',
        'package_quantity type',
        'quantitiy unknown',
        'discount.start_date order',
        'offer_additional_fields.title maxLength',
        'offer_additional_fields.main_image format',
        'offer_additional_fields.weight_kg type',
        'offer_additional_fields.color valuesList',
        'offer_additional_fields.color duplicate',
        'offer_additional_fields.warranty_years type',
        'offer_additional_fields.available_from format',
        'offer_additional_fields.gift_wrap unknown',
      ].sort(),
    )
    for (const problem of problems) expect(problem.message).toMatch(/\S/)
  })

  it('names the value list a value is missing from', async () => {
    const problems = createB2bValidator(await demoConfig())(completeOffer({ gender: 'Adults' }))
    expect(problems).toEqual([{ field: 'gender', rule: 'valuesList', message: `attribute 'gender' value "Adults" is not in value list 'genders'` }])
  })

  it('reports a missing required attribute, a wrong id type, a non-integer quantity and a non-numeric price', async () => {
    const offer = completeOffer({ product_id_type: 'GTIN14', quantity: '2.5', price: 'cheap' })
    offer.offer_additional_fields = (offer.offer_additional_fields as { code: string }[]).filter((f) => f.code !== 'brand')
    expect(createB2bValidator(await demoConfig())(offer).map((p) => [p.field, p.rule])).toEqual([
      ['product_id_type', 'enum'],
      ['price', 'type'],
      ['quantity', 'type'],
      ['brand', 'required'],
    ])
  })
})

describe('createB2bValidator with the Mirakl fixture examples', () => {
  const mirakl = join(fixturesDir(), 'mirakl', 'examples')
  const read = (file: string) => JSON.parse(readFileSync(join(mirakl, file), 'utf8')) as Record<string, unknown>

  /** A config matching the fixtures: PM11's attributes, VL11's lists, the OF24 example's fields. */
  function fixtureConfig(): B2bValidationConfig {
    const pm11 = read('PM11.response.json') as { attributes: { code: string; type: string; requirement_level: string }[] }
    const vl11 = read('VL11.response.json') as { values_lists: { code: string; values: { code: string }[] }[] }
    const valueLists = Object.fromEntries(vl11.values_lists.map((list) => [list.code, list.values.map((v) => v.code)]))
    return {
      requiredOfferFields: ['quantity', 'min_order_quantity', 'max_order_quantity', 'package_quantity', 'leadtime_to_ship'],
      attributes: [
        ...pm11.attributes.filter((a) => a.type === 'TEXT').map((a) => ({ code: a.code, required: a.requirement_level === 'REQUIRED', type: 'TEXT' as const })),
        { code: 'jewellery_type', required: false, type: 'LIST', valuesList: 'Jewellery' },
        { code: 'ecotax', required: true, type: 'DECIMAL' },
      ],
      valueLists,
      stateCodes: ['11'],
    }
  }

  it('accepts the OF24 request example, whose numbers are partly strings', () => {
    const validate = createB2bValidator(fixtureConfig())
    const offers = read('OF24.request.json').offers as Record<string, unknown>[]
    expect(offers.length).toBeGreaterThan(0)
    for (const offer of offers) expect(validate(offer)).toEqual([])
  })

  it('checks a LIST attribute against the VL11 value list it names', () => {
    const validate = createB2bValidator(fixtureConfig())
    const offer = (read('OF24.request.json').offers as Record<string, unknown>[])[0] as Record<string, unknown>
    const withType = (value: string) => ({ ...offer, offer_additional_fields: [...(offer.offer_additional_fields as object[]), { code: 'jewellery_type', value }] })
    expect(validate(withType('Bracelets'))).toEqual([])
    expect(validate(withType('Watches'))).toEqual([
      { field: 'offer_additional_fields.jewellery_type', rule: 'valuesList', message: `attribute 'jewellery_type' value "Watches" is not in value list 'Jewellery'` },
    ])
  })
})

describe('B2B validation config', () => {
  it('refuses an invalid config with every problem and its path', () => {
    const config = {
      requiredOfferFields: ['quantity', 'stock'],
      attributes: [
        { code: 'color', required: false, type: 'LIST' },
        { code: 'size', required: false, type: 'LIST', valuesList: 'sizes' },
        { code: 'size', required: false, type: 'TEXT' },
      ],
      valueLists: {},
    } as B2bValidationConfig
    let thrown: unknown
    try {
      createB2bValidator(config)
    } catch (error) {
      thrown = error
    }
    expect(isAppError(thrown, LS_ERR_CONFIG_INVALID)).toBe(true)
    expect((thrown as { details: string[] }).details).toEqual([
      "B2B validation config: requiredOfferFields.1: 'stock' is not an OF24 offer field",
      "B2B validation config: attributes.0.valuesList: LIST attribute 'color' names no value list",
      "B2B validation config: attributes.1.valuesList: value list 'sizes' of 'size' is not in valueLists",
      "B2B validation config: attributes.2.code: attribute 'size' is defined twice",
    ])
  })

  it('refuses a config file that is not JSON', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'b2b-config-')), 'broken.json')
    await writeFile(file, '{ "requiredOfferFields": [')
    await expect(loadB2bValidationConfig(file)).rejects.toMatchObject({ code: 'LS_ERR_CONFIG_INVALID' })
  })
})
