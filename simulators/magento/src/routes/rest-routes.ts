import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify'
import type { CatalogStore } from '../catalog/catalog-store.js'
import { parseSearchCriteria, SearchCriteriaError } from '../catalog/search-criteria.js'
import type { SimStats } from '../sim-stats.js'
import { filterFields, parseFields } from './fields-filter.js'
import {
  attributeNotFound,
  invalidType,
  noSuchEntity,
  PRODUCT_NOT_FOUND,
  requiredField,
  ROUTE_NOT_FOUND,
  SIGN_IN_FAILED,
  stockProductNotFound,
  unauthorized,
} from './magento-errors.js'

/** What the REST routes need. */
export interface RestRoutesOptions {
  readonly store: CatalogStore
  readonly stats: SimStats
  /** The bearer token every catalog call must carry, and what the admin token endpoint hands out. */
  readonly token: string
  readonly adminUsername: string
  readonly adminPassword: string
}

// `default` is the default store view; `all` addresses every scope (admin) for writes.
const STORE_CODES = new Set(['default', 'all'])
const PREFIXES = ['/rest/V1', '/rest/:storeCode/V1']

/**
 * The Magento REST API subset the sync reads, under `/rest/V1` and `/rest/<store_code>/V1`.
 * Operation names are the swagger operationIds of admin-schema-2.4.8.yaml.
 */
export function registerRestRoutes(app: FastifyInstance, options: RestRoutesOptions): void {
  const { store, stats } = options

  const route = (method: 'GET' | 'POST', path: string, operation: string, resource: string | undefined, handler: RouteHandlerMethod) => {
    for (const prefix of PREFIXES) {
      app.route({
        method,
        url: `${prefix}${path}`,
        handler,
        preHandler: async (request: FastifyRequest, reply: FastifyReply) => {
          // An unknown store code is not a store prefix to Magento, so no route matches the path.
          const { storeCode } = request.params as { storeCode?: string }
          if (storeCode !== undefined && !STORE_CODES.has(storeCode)) return reply.code(404).send(ROUTE_NOT_FOUND)
          if (resource !== undefined && !authorised(request.headers.authorization, options.token)) return reply.code(401).send(unauthorized(resource))
        },
        // Magento filters every REST answer by the `fields` query parameter when there is one.
        preSerialization: async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
          const { fields } = request.query as { fields?: unknown }
          const tree = typeof fields === 'string' && reply.statusCode < 300 ? parseFields(fields) : undefined
          return tree === undefined ? payload : filterFields(payload, tree)
        },
        onResponse: (_request, reply, done) => {
          stats.call(operation, reply.statusCode)
          done()
        },
      })
    }
  }

  route('GET', '/products', 'GetV1Products', 'Magento_Catalog::products', async (request, reply) => {
    // searchCriteria is a required argument of ProductRepositoryInterface::getList.
    if (!Object.keys(request.query as object).some((key) => key.startsWith('searchCriteria'))) return reply.code(400).send(requiredField('searchCriteria'))
    let criteria
    try {
      criteria = parseSearchCriteria(request.query as Record<string, unknown>)
    } catch (error) {
      if (error instanceof SearchCriteriaError) return reply.code(400).send({ message: error.message, parameters: error.parameters })
      throw error
    }
    const { items, total } = store.search(criteria)
    return { items, search_criteria: criteria, total_count: total }
  })

  route('GET', '/products/:sku', 'GetV1ProductsSku', 'Magento_Catalog::products', async (request, reply) => {
    const product = store.get((request.params as { sku: string }).sku)
    return product ?? reply.code(404).send(PRODUCT_NOT_FOUND)
  })

  // Pages through every product attribute with its options (catalogProductAttributeRepositoryV1 getList).
  route('GET', '/products/attributes', 'GetV1ProductsAttributes', 'Magento_Catalog::attributes_attributes', async (request, reply) => {
    const query = request.query as Record<string, unknown>
    if (!Object.keys(query).some((key) => key.startsWith('searchCriteria'))) return reply.code(400).send(requiredField('searchCriteria'))
    const all = store.attributes.all()
    const pageSize = Number(query['searchCriteria[pageSize]'] ?? all.length) || all.length
    const currentPage = Math.max(1, Number(query['searchCriteria[currentPage]'] ?? 1) || 1)
    const items = all.slice((currentPage - 1) * pageSize, currentPage * pageSize).map((definition) => store.attributes.restAttribute(definition.code))
    return { items, search_criteria: { filter_groups: [], page_size: pageSize, current_page: currentPage }, total_count: all.length }
  })

  route('GET', '/products/attributes/:attributeCode', 'GetV1ProductsAttributesAttributeCode', 'Magento_Catalog::attributes_attributes', async (request, reply) => {
    const { attributeCode } = request.params as { attributeCode: string }
    return store.attributes.restAttribute(attributeCode) ?? reply.code(404).send(attributeNotFound(attributeCode))
  })

  route('GET', '/products/attributes/:attributeCode/options', 'GetV1ProductsAttributesAttributeCodeOptions', 'Magento_Catalog::attributes_attributes', async (request, reply) => {
    const { attributeCode } = request.params as { attributeCode: string }
    if (!store.attributes.get(attributeCode)) return reply.code(404).send(attributeNotFound(attributeCode))
    // Attributes without a source model (text) have no options: Magento answers [].
    return store.attributes.restOptions(attributeCode)
  })

  route('GET', '/stockItems/:productSku', 'GetV1StockItemsProductSku', 'Magento_CatalogInventory::cataloginventory', async (request, reply) => {
    const { productSku } = request.params as { productSku: string }
    const product = store.get(productSku)
    return product ? product.extension_attributes.stock_item : reply.code(404).send(stockProductNotFound(productSku))
  })

  route('GET', '/categories/:categoryId', 'GetV1CategoriesCategoryId', 'Magento_Catalog::categories', async (request, reply) => {
    const { categoryId } = request.params as { categoryId: string }
    if (!/^\d+$/.test(categoryId)) return reply.code(400).send(invalidType(categoryId, 'int'))
    return store.categories.toRest(Number(categoryId)) ?? reply.code(404).send(noSuchEntity('id', categoryId))
  })

  route('GET', '/configurable-products/:sku/children', 'GetV1ConfigurableproductsSkuChildren', 'Magento_Catalog::products', async (request, reply) => {
    const parent = store.get((request.params as { sku: string }).sku)
    if (!parent) return reply.code(404).send(PRODUCT_NOT_FOUND)
    // LinkManagement::getChildren answers [] for a product that is not configurable.
    return parent.type_id === 'configurable' ? store.children(parent) : []
  })

  route('POST', '/integration/admin/token', 'PostV1IntegrationAdminToken', undefined, async (request, reply) => {
    const body = (request.body ?? {}) as { username?: unknown; password?: unknown }
    const missing = (['username', 'password'] as const).filter((field) => typeof body[field] !== 'string' || body[field] === '')
    if (missing.length > 0) {
      return reply.code(400).send({ message: 'One or more input exceptions have occurred.', errors: missing.map((field) => requiredField(field)) })
    }
    if (body.username !== options.adminUsername || body.password !== options.adminPassword) return reply.code(401).send(SIGN_IN_FAILED)
    // The token is a bare JSON string, not an object.
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(options.token))
  })
}

function authorised(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '')
  return match?.[1]?.trim() === token
}
