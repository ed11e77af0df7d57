import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AMAZON_META_SCHEMA_ID } from '@listing-sync/mapping'
import { notFound } from '../sp-api-errors.js'
import { rejectInput } from '../sp-api-gateway.js'
import type { QueryValues, SpApiModels } from '../sp-api-models.js'
import { marketplaceLocale, type ProductTypeCatalog } from './product-type-catalog.js'

/** What the Product Type Definitions routes need. */
export interface DefinitionsRoutesOptions {
  readonly models: SpApiModels
  readonly catalog: ProductTypeCatalog
  /** Marketplaces the simulator knows; others are invalid input. */
  readonly marketplaceIds: readonly string[]
  /** Base of the schema links handed out; the request's own scheme and host when undefined. */
  readonly publicBaseUrl?: string
}

const DRAFT_2019_09 = 'https://json-schema.org/draft/2019-09/schema'

/**
 * What `metaSchema.link` serves. Amazon's meta-schema is not among the fixtures (SOURCES.md), so
 * this stand-in says what the instance schemas use: JSON Schema 2019-09 plus Amazon's keywords,
 * each with the shape its values take. It is the same stand-in the mapping package's validator
 * registers under Amazon's meta-schema `$id`.
 */
const META_SCHEMA_TEXT = JSON.stringify(
  {
    $schema: DRAFT_2019_09,
    $id: AMAZON_META_SCHEMA_ID,
    $recursiveAnchor: true,
    $comment: "Stand-in for Amazon's product type meta-schema, served by the listing-sync Amazon simulator: JSON Schema 2019-09 plus Amazon's vocabulary.",
    allOf: [{ $ref: DRAFT_2019_09 }],
    properties: {
      selectors: { type: 'array', items: { type: 'string' } },
      minUniqueItems: { type: 'integer', minimum: 0 },
      maxUniqueItems: { type: 'integer', minimum: 0 },
      minUtf8ByteLength: { type: 'integer', minimum: 0 },
      maxUtf8ByteLength: { type: 'integer', minimum: 0 },
      editable: { type: 'boolean' },
      hidden: { type: 'boolean' },
      enumNames: { type: 'array', items: { type: 'string' } },
      $lifecycle: { type: 'object' },
    },
  },
  null,
  2,
)
const META_SCHEMA_CHECKSUM = createHash('md5').update(META_SCHEMA_TEXT).digest('base64')

/**
 * Product Type Definitions 2020-09-01: `searchDefinitionsProductTypes` and
 * `getDefinitionsProductType`. A definition links its schema (and the meta-schema) by URL, as
 * Amazon does with a pre-signed S3 URL; the simulator serves those documents itself under
 * `/_sim/schemas/` (see {@link registerSchemaRoutes}). The schema is the one in force, so a
 * `required-attribute` fault shows as a new checksum and `productTypeVersion`.
 */
export function registerDefinitionsRoutes(scope: FastifyInstance, options: DefinitionsRoutesOptions): void {
  const { models, catalog } = options

  const query = (operation: string, raw: unknown, problems: string[]): QueryValues => {
    const parsed = models.parseQuery(models.operation(operation), raw as Record<string, unknown>)
    if ('problems' in parsed) {
      problems.push(...parsed.problems)
      return {}
    }
    const unknown = ((parsed.values.marketplaceIds as string[] | undefined) ?? []).filter((id) => !options.marketplaceIds.includes(id))
    if (unknown.length > 0) problems.push(`Invalid marketplaceIds ${unknown.map((id) => `'${id}'`).join(', ')} (known: ${options.marketplaceIds.join(', ')}).`)
    return parsed.values
  }
  const baseUrl = (request: FastifyRequest) => (options.publicBaseUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '')

  scope.get('/definitions/2020-09-01/productTypes', { config: { operation: 'searchDefinitionsProductTypes' } }, async (request, reply) => {
    const problems: string[] = []
    const values = query('searchDefinitionsProductTypes', request.query, problems)
    const keywords = values.keywords as string[] | undefined
    const itemName = values.itemName as string | undefined
    if (keywords !== undefined && itemName !== undefined) problems.push("Parameters 'keywords' and 'itemName' cannot be used together.")
    if (problems.length > 0) return rejectInput(reply, problems)
    const names = catalog.names().filter((name) => {
      const words = [name.toLowerCase(), catalog.displayName(name).toLowerCase()]
      if (keywords) return keywords.some((keyword) => words.some((word) => word.includes(keyword.toLowerCase().replace(/_/g, ' ')) || word.includes(keyword.toLowerCase())))
      // A stand-in for Amazon's recommendation by title: a title word naming the product type.
      if (itemName) return singularWords(itemName).some((word) => singularWords(catalog.displayName(name)).includes(word))
      return true
    })
    return {
      productTypes: names.map((name) => ({ name, displayName: catalog.displayName(name), marketplaceIds: values.marketplaceIds as string[] })),
      productTypeVersion: catalog.listVersion(),
    }
  })

  scope.get('/definitions/2020-09-01/productTypes/:productType', { config: { operation: 'getDefinitionsProductType' } }, async (request, reply) => {
    const { productType } = request.params as { productType: string }
    const problems: string[] = []
    const values = query('getDefinitionsProductType', request.query, problems)
    if (problems.length > 0) return rejectInput(reply, problems)
    if (!catalog.has(productType)) return reply.code(404).send(notFound(`Product type '${productType}' not found.`))
    const version = catalog.version(productType)
    const requested = values.productTypeVersion as string
    if (requested !== 'LATEST' && requested !== version) return reply.code(404).send(notFound(`Version '${requested}' of product type '${productType}' not found; the latest is '${version}'.`))

    const marketplaceIds = values.marketplaceIds as string[]
    const enforced = values.requirementsEnforced !== 'NOT_ENFORCED'
    const served = catalog.schema(productType, enforced)
    const base = baseUrl(request)
    request.logContext = { ...request.logContext, productType }
    return {
      metaSchema: { link: { resource: `${base}/_sim/schemas/meta-schema.json`, verb: 'GET' }, checksum: META_SCHEMA_CHECKSUM },
      schema: { link: { resource: `${base}/_sim/schemas/${productType}.json${enforced ? '' : '?requirementsEnforced=NOT_ENFORCED'}`, verb: 'GET' }, checksum: served.checksum },
      requirements: values.requirements as string,
      requirementsEnforced: values.requirementsEnforced as string,
      propertyGroups: catalog.propertyGroups(productType),
      locale: values.locale === 'DEFAULT' ? marketplaceLocale(marketplaceIds[0] ?? '') : (values.locale as string),
      marketplaceIds,
      productType,
      displayName: catalog.displayName(productType),
      productTypeVersion: { version, latest: true, releaseCandidate: false },
    }
  })
}

/**
 * `GET /_sim/schemas/{productType}.json[?requirementsEnforced=NOT_ENFORCED]` and
 * `GET /_sim/schemas/meta-schema.json`: the documents definitions link to. Like Amazon's pre-signed
 * links they need no access token and are not rate limited; the bytes are exactly those the
 * definition's checksum (Base64 MD5) was computed over.
 */
export function registerSchemaRoutes(app: FastifyInstance, options: { readonly catalog: ProductTypeCatalog }): void {
  app.get('/_sim/schemas/:file', async (request, reply) => {
    const { file } = request.params as { file: string }
    if (file === 'meta-schema.json') return reply.type('application/json').send(META_SCHEMA_TEXT)
    const productType = /^([A-Z0-9_]+)\.json$/.exec(file)?.[1]
    if (productType === undefined || !options.catalog.has(productType)) return reply.code(404).send({ message: `no schema ${file}` })
    const enforced = (request.query as { requirementsEnforced?: string }).requirementsEnforced !== 'NOT_ENFORCED'
    return reply.type('application/json').send(options.catalog.schema(productType, enforced).text)
  })
}

function singularWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z]{3,}/g) ?? []).map((word) => word.replace(/(?<=[^s])s$/, ''))
}
