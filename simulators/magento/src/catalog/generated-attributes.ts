import { SeededRandom } from './seeded-random.js'

/**
 * Brands of the simulated industrial-parts catalog. The Luma sample has no brand, GTIN or
 * dimensions, which every marketplace requires, so they are generated per SKU below.
 * Each brand owns a 6-digit UPC company prefix (leading 0 = US/Canada number system).
 */
export const BRANDS: readonly { readonly name: string; readonly prefix: string; readonly upcCompanyPrefix: string }[] = [
  { name: 'Luma', prefix: 'LUM', upcCompanyPrefix: '084315' },
  { name: 'Ironclad Supply', prefix: 'ICS', upcCompanyPrefix: '072911' },
  { name: 'Northwind Industrial', prefix: 'NWI', upcCompanyPrefix: '045096' },
  { name: 'Apex Fastening', prefix: 'APX', upcCompanyPrefix: '061273' },
  { name: 'Granite Tooling', prefix: 'GRT', upcCompanyPrefix: '038402' },
  { name: 'Meridian Parts Co.', prefix: 'MPC', upcCompanyPrefix: '097318' },
  { name: 'Vector Hydraulics', prefix: 'VHY', upcCompanyPrefix: '052687' },
  { name: 'Summit Bearings', prefix: 'SBR', upcCompanyPrefix: '019854' },
]

/** Codes of the generated attributes, as they appear in `custom_attributes`. */
export const GENERATED_ATTRIBUTE_CODES = {
  brand: 'brand',
  manufacturerPartNumber: 'manufacturer_part_number',
  gtin: 'gtin',
  length: 'ts_dimensions_length',
  width: 'ts_dimensions_width',
  height: 'ts_dimensions_height',
} as const

/** Values generated for one product; dimensions in inches and weight in pounds (Magento's default unit). */
export interface GeneratedAttributes {
  readonly brand: string
  readonly manufacturerPartNumber: string
  readonly gtin: string
  readonly length: string
  readonly width: string
  readonly height: string
  readonly weight: number
}

// Plausible size ranges per attribute set, in inches and pounds: [length, width, height, weight].
type Ranges = readonly [readonly [number, number], readonly [number, number], readonly [number, number], readonly [number, number]]
const RANGES: Readonly<Record<string, Ranges>> = {
  Bag: [[12, 22], [5, 12], [10, 20], [0.8, 4.5]],
  Top: [[10, 14], [8, 12], [0.5, 3], [0.3, 1.6]],
  Bottom: [[10, 14], [8, 12], [0.5, 3], [0.4, 1.8]],
  Gear: [[2, 24], [2, 14], [1, 10], [0.2, 12]],
  'Sprite Stasis Ball': [[22, 30], [22, 30], [22, 30], [2, 4.5]],
  'Sprite Yoga Strap': [[6, 10], [3, 6], [1, 3], [0.3, 1.2]],
}
const DEFAULT_RANGES: Ranges = [[2, 30], [2, 20], [1, 12], [0.2, 25]]

/**
 * Generates the attributes for one SKU. `familySku` (a configurable parent's SKU for its children)
 * keeps the brand the same across a family; `isTaken` lets the caller keep GTINs unique, since two
 * SKUs may hash to the same item reference.
 */
export function generateAttributes(sku: string, familySku: string, attributeSet: string, isTaken: (gtin: string) => boolean): GeneratedAttributes {
  const brand = new SeededRandom(familySku, 'brand').pick(BRANDS)
  const random = new SeededRandom(sku, 'attributes')
  const [length, width, height, weight] = RANGES[attributeSet] ?? DEFAULT_RANGES

  // UPC-A: 6-digit company prefix + 5-digit item reference + check digit. Collisions move to the
  // next free item reference, so the result depends only on the SKUs loaded before this one.
  let itemReference = random.int(0, 99_999)
  let gtin = upcA(brand.upcCompanyPrefix, itemReference)
  for (let attempt = 0; isTaken(gtin) && attempt < 100_000; attempt++) {
    itemReference = (itemReference + 1) % 100_000
    gtin = upcA(brand.upcCompanyPrefix, itemReference)
  }

  return {
    brand: brand.name,
    manufacturerPartNumber: `${brand.prefix}-${String(itemReference).padStart(5, '0')}-${sku.replace(/[^A-Za-z0-9]/g, '').slice(-4).toUpperCase()}`,
    gtin,
    length: random.decimal(length[0], length[1], 2).toFixed(2),
    width: random.decimal(width[0], width[1], 2).toFixed(2),
    height: random.decimal(height[0], height[1], 2).toFixed(2),
    weight: random.decimal(weight[0], weight[1], 2),
  }
}

function upcA(companyPrefix: string, itemReference: number): string {
  const body = `${companyPrefix}${String(itemReference).padStart(5, '0')}`
  return `${body}${upcCheckDigit(body)}`
}

/**
 * The GS1 check digit of the first 11 digits of a UPC-A: three times the digits in odd positions
 * (1st, 3rd, …) plus the even ones, then what is missing to the next multiple of ten.
 */
export function upcCheckDigit(elevenDigits: string): number {
  if (!/^\d{11}$/.test(elevenDigits)) throw new Error(`a UPC-A body has 11 digits, got "${elevenDigits}"`)
  let sum = 0
  for (let index = 0; index < 11; index++) sum += Number(elevenDigits[index]) * (index % 2 === 0 ? 3 : 1)
  return (10 - (sum % 10)) % 10
}

/** True when `gtin` is a 12-digit UPC-A whose check digit is right. */
export function isValidUpcA(gtin: string): boolean {
  return /^\d{12}$/.test(gtin) && upcCheckDigit(gtin.slice(0, 11)) === Number(gtin[11])
}
