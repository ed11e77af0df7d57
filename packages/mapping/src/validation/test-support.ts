import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import AjvDraft04 from 'ajv-draft-04'

/**
 * The shared fixtures folder for tests: `LISTING_SYNC_FIXTURES_DIR` if set, else `../shared/fixtures`
 * beside the repository root, found from this file's location. Fixtures are read in place, never copied.
 */
export function fixturesDir(env: Record<string, string | undefined> = process.env): string {
  const override = env.LISTING_SYNC_FIXTURES_DIR
  if (override) return override
  // This file is <repo>/packages/mapping/src/validation/test-support.ts: five levels up is <repo>/..
  return fileURLToPath(new URL('../../../../../shared/fixtures/', import.meta.url))
}

/** Marketplace and language of the demo (Amazon.com). */
export const US = 'ATVPDKIKX0DER'
export const EN_US = 'en_US'

/** A language-tagged value, as Amazon's text attributes take. */
export const text = (value: string) => [{ value, language_tag: EN_US, marketplace_id: US }]
/** A marketplace-scoped value without language. */
export const plain = (value: unknown) => [{ value, marketplace_id: US }]

/** The attributes every demo product type (and BRACELET) needs for a complete, buyable listing. */
export function commonAttributes(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    item_name: text('Joust Duffle Bag'),
    brand: text('Luma'),
    externally_assigned_product_identifier: [{ type: 'ean', value: '4006381333931', marketplace_id: US }],
    product_description: text('The sporty Joust Duffle Bag can’t be beat — not in the gym, not on the luggage carousel.'),
    bullet_point: [
      { value: 'Dual top handles', language_tag: EN_US, marketplace_id: US },
      { value: 'Adjustable shoulder strap', language_tag: EN_US, marketplace_id: US },
    ],
    purchasable_offer: [{ currency: 'USD', marketplace_id: US, our_price: [{ schedule: [{ value_with_tax: 34 }] }] }],
    fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 100 }],
    condition_type: plain('new_new'),
    item_package_weight: [{ value: 0.45, unit: 'kilograms', marketplace_id: US }],
    main_product_image_locator: [{ media_location: 'https://magento.example/media/catalog/product/m/b/mb01-blue-0.jpg', marketplace_id: US }],
    ...overrides,
  }
}

/** A complete, buyable, non-variation BRACELET listing: every attribute its rules require. */
export function braceletAttributes(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return commonAttributes({
    item_name: text('Sterling Silver Charm Bracelet'),
    product_description: text('A delicate charm bracelet in solid sterling silver.'),
    country_of_origin: plain('US'),
    item_type_keyword: plain('charm-bracelets'),
    supplier_declared_dg_hz_regulation: plain('not_applicable'),
    department: text('Unisex'),
    cpsia_cautionary_statement: plain('no_warning_applicable'),
    jewelry_material_categorization: plain('fashion'),
    material: text('Metal'),
    color: text('Silver'),
    gem_type: text('No Gemstone'),
    part_number: plain('BR-001'),
    clasp_type: text('Lobster Claw'),
    size: text('One Size'),
    item_length: [{ value: 7.5, unit: 'inches', marketplace_id: US }],
    list_price: [{ value: 49.99, currency: 'USD', marketplace_id: US }],
    item_package_dimensions: [{ length: { value: 10, unit: 'centimeters' }, width: { value: 8, unit: 'centimeters' }, height: { value: 3, unit: 'centimeters' }, marketplace_id: US }],
    batteries_required: plain(false),
    merchant_shipping_group: plain('legacy-template-id'),
    ...overrides,
  })
}

/**
 * Checks values against the `Issue` definition of Amazon's Listings Items 2021-08-01 model (Swagger
 * 2.0, whose definitions are draft-04 JSON Schema). Returns ajv's error texts; empty when valid.
 */
export function amazonIssueChecker(fixtures = fixturesDir()): (issue: unknown) => string[] {
  const model = JSON.parse(readFileSync(join(fixtures, 'amazon-sp-api', 'models', 'listingsItems_2021-08-01.json'), 'utf8')) as { definitions: Record<string, unknown> }
  const Ajv = AjvDraft04.default
  // strict off: the model carries Swagger extensions (`x-docgen-enum-table-extension`, `example`).
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false })
  ajv.addSchema({ id: 'listings-items-2021-08-01', definitions: model.definitions })
  const validate = ajv.compile({ $ref: 'listings-items-2021-08-01#/definitions/Issue' })
  return (issue) => (validate(issue) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? e.keyword}`))
}
