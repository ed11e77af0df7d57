import type { LightMyRequestResponse as InjectResponse } from 'fastify'
import { productTypeSchemasDir } from '@listing-sync/mapping'
import { createAmazonSimulator, type AmazonSimulator, type AmazonSimulatorOptions } from '../app.js'
import { fixturesDir } from '../fixtures-dir.js'
import type { ListingAttributes } from '../listings/listings-store.js'
import { loadProductTypeSchemas, type ProductTypeSchemas } from '../product-types/product-type-catalog.js'
import { SpApiModels } from '../sp-api-models.js'
import { braceletAttributes as bracelet } from '../../../../packages/mapping/src/validation/test-support.js'

/** Amazon.com and its language. */
export const US = 'ATVPDKIKX0DER'
export const EN_US = 'en_US'
export const SELLER = 'A2LISTINGSYNCDEMO'

/**
 * Usage plans too large to exhaust in a test, for tests about something else. Unlike `off`, the
 * answers still carry `x-amzn-RateLimit-Limit`, so every answer can be checked against the model.
 */
export const GENEROUS_LIMITS = Object.fromEntries(
  ['getListingsItem', 'putListingsItem', 'patchListingsItem', 'deleteListingsItem', 'searchDefinitionsProductTypes', 'getDefinitionsProductType'].map((operation) => [operation, { rate: 10_000, burst: 10_000 }]),
)

let models: SpApiModels | undefined
let schemas: ProductTypeSchemas | undefined

/** The models, loaded once per test file. */
export function spApiModels(): SpApiModels {
  return (models ??= SpApiModels.load(fixturesDir()))
}

/** The product type schemas, loaded once per test file (compiled validators are then shared too). */
export function productTypeSchemas(): ProductTypeSchemas {
  return (schemas ??= loadProductTypeSchemas({ fixturesDir: fixturesDir(), productTypesDir: productTypeSchemasDir() }))
}

/** A silent simulator sharing the models and schemas of the test file. */
export function newSimulator(options: AmazonSimulatorOptions = {}): AmazonSimulator {
  return createAmazonSimulator({ logLevel: 'silent', models: spApiModels(), productTypeSchemas: productTypeSchemas(), ...options })
}

/** Exchanges the simulator's refresh token for an access token, as a client would. */
export async function accessToken(sim: AmazonSimulator): Promise<string> {
  const response = await sim.app.inject({
    method: 'POST',
    url: '/auth/o2/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    payload: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: sim.credentials.refreshToken, client_id: sim.credentials.clientId, client_secret: sim.credentials.clientSecret }).toString(),
  })
  if (response.statusCode !== 200) throw new Error(`token exchange failed: ${response.statusCode} ${response.body}`)
  return response.json<{ access_token: string }>().access_token
}

/** `/listings/2021-08-01/items/{sellerId}/{sku}` with the SKU URL-encoded and the query appended. */
export function itemUrl(sku: string, query: Record<string, string> = { marketplaceIds: US }, sellerId = SELLER): string {
  return `/listings/2021-08-01/items/${encodeURIComponent(sellerId)}/${encodeURIComponent(sku)}?${new URLSearchParams(query).toString()}`
}

/**
 * Checks one answer against the operation's model: the status is one it declares, the body
 * validates against the declared definition (closed: no field the model lacks), every declared
 * header is present and `x-amzn-RateLimit-Limit` is absent where the model does not declare it,
 * and there is never a `Retry-After`. Returns every problem; empty when the answer conforms.
 */
export function contractProblems(operationId: string, response: InjectResponse): string[] {
  const operation = spApiModels().operation(operationId)
  const declared = operation.responses.get(response.statusCode)
  if (!declared) return [`${operationId} does not declare status ${response.statusCode}`]
  const problems: string[] = []
  if (!String(response.headers['content-type']).startsWith('application/json')) problems.push(`content-type ${String(response.headers['content-type'])}`)
  if (declared.definition) problems.push(...spApiModels().validate(operation.model, declared.definition, response.json()))
  for (const header of declared.headers) if (response.headers[header.toLowerCase()] === undefined) problems.push(`missing header ${header}`)
  if (!declared.headers.includes('x-amzn-RateLimit-Limit') && response.headers['x-amzn-ratelimit-limit'] !== undefined) problems.push(`x-amzn-RateLimit-Limit on a ${response.statusCode}, which the model does not declare`)
  if (response.headers['retry-after'] !== undefined) problems.push('Retry-After present')
  return problems
}

/** A language-tagged value, as Amazon's text attributes take. */
export const text = (value: string) => [{ value, language_tag: EN_US, marketplace_id: US }]
/** A marketplace-scoped value without language. */
export const plain = (value: unknown) => [{ value, marketplace_id: US }]
/** A purchasable offer at a price in USD. */
export const offer = (price: number) => [{ currency: 'USD', marketplace_id: US, our_price: [{ schedule: [{ value_with_tax: price }] }] }]

/** A complete, buyable SHIRT listing (a Luma hoodie) for the demo SHIRT schema. */
export function shirtAttributes(overrides: ListingAttributes = {}): ListingAttributes {
  return {
    item_name: text('Chaz Kangeroo Hoodie'),
    brand: text('Luma'),
    externally_assigned_product_identifier: [{ type: 'ean', value: '4006381333931', marketplace_id: US }],
    product_description: text('Ideal for cold-weather training or work outdoors, the Chaz Hoodie promises superior warmth.'),
    bullet_point: [
      { value: 'Two-pocket front', language_tag: EN_US, marketplace_id: US },
      { value: 'Ribbed cuffs and hem', language_tag: EN_US, marketplace_id: US },
    ],
    purchasable_offer: offer(52),
    fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 100 }],
    condition_type: plain('new_new'),
    item_package_weight: [{ value: 0.45, unit: 'kilograms', marketplace_id: US }],
    main_product_image_locator: [{ media_location: 'https://magento.example/media/catalog/product/m/h/mh01-black_main.jpg', marketplace_id: US }],
    color: text('Black'),
    size: text('XS'),
    material: [...text('Cotton'), ...text('Polyester')],
    department: text('Mens'),
    ...overrides,
  }
}

/** A complete, buyable BRACELET listing for Amazon's real schema: the one the mapping package's validator tests use (every value an array). */
export const braceletAttributes = (overrides: ListingAttributes = {}): ListingAttributes => bracelet(overrides) as ListingAttributes

/** The attributes without the named ones. */
export function without(attributes: ListingAttributes, ...names: string[]): ListingAttributes {
  return Object.fromEntries(Object.entries(attributes).filter(([name]) => !names.includes(name)))
}
