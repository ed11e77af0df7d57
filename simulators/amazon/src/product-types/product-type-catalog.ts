import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createAmazonProductTypeValidator, type AmazonProductTypeValidator } from '@listing-sync/mapping'

/** One product type instance schema and the file it came from. */
export interface ProductTypeSchemaSource {
  readonly productType: string
  readonly schema: Readonly<Record<string, unknown>>
  readonly file: string
}

/** The product type schemas a simulator serves, loaded once and never mutated (simulators may share them). */
export type ProductTypeSchemas = ReadonlyMap<string, ProductTypeSchemaSource>

/** A schema as served: the document, its bytes, Amazon's Base64 MD5 checksum and the version it is. */
export interface ServedSchema {
  readonly schema: Readonly<Record<string, unknown>>
  readonly text: string
  readonly checksum: string
}

/** A property group of a product type definition (`PropertyGroup` in the model). */
export interface PropertyGroup {
  title: string
  description: string
  propertyNames: string[]
}

// Amazon's schemas end their `$id` with the product type: `…/product-types/schema/v1/BRACELET`.
const SCHEMA_ID = /\/product-types\/schema\/v1\/([A-Z0-9_]+)$/

/**
 * Reads the real BRACELET schema from the fixtures (`amazon-sp-api/product-type-definitions`) and
 * every demo schema in `productTypesDir` (`mappings/product-types/*.json` whose `$id` names an Amazon
 * product type; `b2b-attributes.json` and the like are skipped). Throws when a file is not JSON.
 */
export function loadProductTypeSchemas(options: { fixturesDir: string; productTypesDir: string }): ProductTypeSchemas {
  const schemas = new Map<string, ProductTypeSchemaSource>()
  const add = (file: string) => {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
    const productType = typeof schema.$id === 'string' ? SCHEMA_ID.exec(schema.$id)?.[1] : undefined
    if (productType) schemas.set(productType, { productType, schema, file })
  }
  for (const name of readdirSync(options.productTypesDir).filter((n) => n.endsWith('.json')).sort()) add(join(options.productTypesDir, name))
  add(join(options.fixturesDir, 'amazon-sp-api', 'product-type-definitions', 'BRACELET.schema.json'))
  return schemas
}

// Display groups in the style of Amazon's definitions; the first that claims an attribute gets it.
// The product_identity text is the model's own example (definitionsProductTypes_2020-09-01.json).
const GROUPS: readonly { name: string; title: string; description: string; claims: (attribute: string) => boolean }[] = [
  {
    name: 'product_identity',
    title: 'Product Identity',
    description: 'Information to uniquely identify your product (e.g., UPC, EAN, GTIN, Product Type, Brand)',
    claims: (a) => ['item_name', 'brand', 'externally_assigned_product_identifier', 'supplier_declared_has_product_identifier_exemption', 'merchant_suggested_asin', 'item_type_keyword', 'part_number', 'model_number', 'model_name', 'manufacturer'].includes(a),
  },
  { name: 'variations', title: 'Variations', description: 'Information about the variation family of the product', claims: (a) => ['parentage_level', 'child_parent_sku_relationship', 'variation_theme'].includes(a) },
  { name: 'offer', title: 'Offer', description: 'Information to enable an item to be offered for sale on Amazon', claims: (a) => ['purchasable_offer', 'list_price', 'condition_type', 'condition_note', 'merchant_shipping_group', 'max_order_quantity', 'product_tax_code', 'merchant_release_date', 'skip_offer'].includes(a) },
  { name: 'fulfillment', title: 'Fulfillment', description: 'Information about how the offer is fulfilled and how much is available', claims: (a) => a === 'fulfillment_availability' },
  { name: 'images', title: 'Images', description: 'Images of the product', claims: (a) => a.endsWith('_image_locator') || /_image_locator_\d+$/.test(a) },
  { name: 'shipping', title: 'Shipping', description: 'Dimensions and weight of the package the product ships in', claims: (a) => a.startsWith('item_package_') },
  {
    name: 'safety_and_compliance',
    title: 'Safety & Compliance',
    description: 'Information to ensure the product complies with regulations',
    claims: (a) => a.startsWith('supplier_declared_dg') || ['country_of_origin', 'cpsia_cautionary_statement', 'batteries_required', 'batteries_included', 'warranty_description', 'safety_warning'].includes(a),
  },
  { name: 'product_details', title: 'Product Details', description: 'Information that describes the product', claims: () => true },
]

/** Attributes of the offer (sales terms) rather than the product (facts), for `requirements`. */
const OFFER_GROUPS = new Set(['offer', 'fulfillment'])

// Primary language of the marketplaces a demo might name; any other counts as en_US.
const LANGUAGES: Readonly<Record<string, string>> = {
  ATVPDKIKX0DER: 'en_US',
  A2EUQ1WTGCTBG2: 'en_CA',
  A1AM78C64UM0Y8: 'es_MX',
  A1F83G8C2ARO7P: 'en_GB',
  A1PA6795UKMFR9: 'de_DE',
  A13V1IB3VIYZZH: 'fr_FR',
  APJ6JRA9NG5V4: 'it_IT',
  A1RKKUPIHCS9HS: 'es_ES',
  A1VC38T7YXB528: 'ja_JP',
}

/** The primary locale of a marketplace, e.g. `en_US` for `ATVPDKIKX0DER`. */
export function marketplaceLocale(marketplaceId: string): string {
  return LANGUAGES[marketplaceId] ?? 'en_US'
}

/**
 * The product types the simulator knows, with each one's schema as currently in force: the file's
 * schema plus the attributes an injected fault makes required. Serves the definition pieces
 * (schema bytes, checksum, version, property groups) and the validators Listings Items uses.
 */
export class ProductTypeCatalog {
  private readonly served = new Map<string, ServedSchema>()

  constructor(
    private readonly schemas: ProductTypeSchemas,
    /** Attributes required on top of a product type's schema right now (injected faults). */
    private readonly extraRequired: (productType: string) => readonly string[] = () => [],
  ) {}

  names(): string[] {
    return [...this.schemas.keys()].sort()
  }

  has(productType: string): boolean {
    return this.schemas.has(productType)
  }

  /** `SPORTING_GOODS` → `Sporting Goods`. */
  displayName(productType: string): string {
    return productType
      .split('_')
      .map((word) => word.charAt(0) + word.slice(1).toLowerCase())
      .join(' ')
  }

  /** The attributes a product type defines. */
  attributeNames(productType: string): string[] {
    return Object.keys(this.source(productType).schema.properties as Record<string, unknown>)
  }

  /** Members that identify one value of a multi-valued attribute; Amazon's default when the schema names none. */
  selectors(productType: string, attribute: string): string[] {
    const property = (this.source(productType).schema.properties as Record<string, { selectors?: unknown }>)[attribute]
    return Array.isArray(property?.selectors) ? (property.selectors as string[]) : ['marketplace_id', 'language_tag']
  }

  /** The schema in force, enforced (every requirement) or not (structure only, for partial payloads). */
  schema(productType: string, enforced = true): ServedSchema {
    const extras = enforced ? this.extraRequired(productType) : []
    const key = `${productType}|${enforced ? 'ENFORCED' : 'NOT_ENFORCED'}|${extras.join(',')}`
    let served = this.served.get(key)
    if (!served) {
      const base = this.source(productType).schema
      const schema = enforced ? withRequired(base, extras) : withoutRequirements(base)
      const text = JSON.stringify(schema, null, 2)
      served = { schema, text, checksum: createHash('md5').update(text).digest('base64') }
      this.served.set(key, served)
    }
    return served
  }

  /** The version of a product type's enforced schema in force: changes whenever the schema does. */
  version(productType: string): string {
    return versionOf(this.schema(productType).text)
  }

  /** One version string over every product type, for the search answer's `productTypeVersion`. */
  listVersion(): string {
    return versionOf(this.names().map((name) => this.version(name)).join(','))
  }

  /** The attributes of a product type by display group; groups without attributes are left out. */
  propertyGroups(productType: string): Record<string, PropertyGroup> {
    const groups: Record<string, PropertyGroup> = {}
    for (const attribute of this.attributeNames(productType)) {
      const group = GROUPS.find((g) => g.claims(attribute)) as (typeof GROUPS)[number]
      ;(groups[group.name] ??= { title: group.title, description: group.description, propertyNames: [] }).propertyNames.push(attribute)
    }
    return groups
  }

  /** True for attributes that are sales terms (offer, fulfillment) rather than product facts. */
  isOfferAttribute(attribute: string): boolean {
    return OFFER_GROUPS.has((GROUPS.find((g) => g.claims(attribute)) as (typeof GROUPS)[number]).name)
  }

  /**
   * The validator of a product type's enforced schema in force, for one marketplace. Compiled once
   * per schema (the mapping package caches by schema object), so a new required attribute costs
   * one compilation and the next calls reuse it.
   */
  validator(productType: string, marketplaceId: string): AmazonProductTypeValidator {
    return createAmazonProductTypeValidator(this.schema(productType).schema, { marketplaceId, languageTag: marketplaceLocale(marketplaceId) })
  }

  private source(productType: string): ProductTypeSchemaSource {
    const source = this.schemas.get(productType)
    if (!source) throw new Error(`unknown product type ${productType}`)
    return source
  }
}

function withRequired(schema: Readonly<Record<string, unknown>>, extras: readonly string[]): Readonly<Record<string, unknown>> {
  if (extras.length === 0) return schema
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : []
  return { ...schema, required: [...required, ...extras.filter((name) => !required.includes(name))] }
}

/**
 * Amazon's `requirementsEnforced=NOT_ENFORCED`: the same attributes without the required and
 * conditionally required lists (the root `required` and those of `allOf` rules' `then`/`else`), so
 * single attributes can be checked without a whole listing. Required members inside an attribute
 * value stay: they are the attribute's structure.
 */
function withoutRequirements(schema: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const copy: Record<string, unknown> = { ...schema }
  delete copy.required
  if (Array.isArray(schema.allOf)) {
    copy.allOf = (schema.allOf as Record<string, unknown>[]).map((rule) => {
      const stripped = { ...rule }
      for (const branch of ['then', 'else'] as const) {
        const value = rule[branch]
        if (typeof value === 'object' && value !== null && 'required' in value) {
          const rest = { ...(value as Record<string, unknown>) }
          delete rest.required
          stripped[branch] = rest
        }
      }
      return stripped
    })
  }
  return copy
}

function versionOf(text: string): string {
  return `U${createHash('sha256').update(text).digest('base64').slice(0, 11)}=`
}
