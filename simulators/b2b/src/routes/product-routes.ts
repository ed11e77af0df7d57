import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { MultipartError, parseMultipart } from '../http/multipart-form.js'
import type { ProductImport } from '../imports/import-types.js'
import { productAttributesAt } from '../marketplace/effective-attributes.js'
import type { SimulatorContext } from '../simulator-context.js'
import { productImportView } from '../views/import-view.js'
import { attributesView, valueListsView } from '../views/marketplace-view.js'
import { registerApiRoute } from './api-route.js'
import { miraklError } from './mirakl-errors.js'
import { absoluteUrl } from './offer-routes.js'

/**
 * The product operations: P41 (import a product file, multipart), P42 (its status), P44 and P45
 * (its error and new-product reports), and the marketplace's configuration: PM11 (attributes) and
 * VL11 (value lists).
 */
export function registerProductRoutes(app: FastifyInstance, context: SimulatorContext): void {
  const { tracker, state, stats } = context

  // P41 sends its file as multipart/form-data; the route parses the buffered body itself.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))

  registerApiRoute(app, context, {
    method: 'POST',
    url: '/api/products/imports',
    operation: 'P41',
    handler: (request, reply, shopId) => {
      const contentType = request.headers['content-type'] ?? ''
      if (!/^multipart\/form-data\b/i.test(contentType) || !Buffer.isBuffer(request.body)) {
        return reply.code(415).send(miraklError(415, "P41 takes multipart/form-data with the product file in a part named 'file'"))
      }
      let parts
      try {
        parts = parseMultipart(request.body, contentType)
      } catch (error) {
        if (error instanceof MultipartError) return reply.code(400).send(miraklError(400, `The multipart body cannot be read: ${error.message}`))
        throw error
      }
      const file = parts.find((part) => part.name === 'file')
      if (!file || file.data.length === 0) return reply.code(400).send(miraklError(400, "The part 'file' is required and must not be empty"))
      const created = tracker.addProducts(state.newImportId(), shopId, { ...(file.filename !== undefined ? { filename: file.filename } : {}), content: Buffer.from(file.data) }, context.now())
      stats.importCreated('products')
      request.logContext = { importId: created.importId, bytes: file.data.length }
      return reply.code(201).header('location', absoluteUrl(request, `/api/products/imports/${created.importId}`)).send({ import_id: created.importId })
    },
  })

  registerApiRoute(app, context, {
    method: 'GET',
    url: '/api/products/imports/:import',
    operation: 'P42',
    handler: (request, reply, shopId) => {
      const found = findProductImport(request, reply, context, shopId)
      return found && productImportView(tracker, found, context.now())
    },
  })

  const report = (operation: 'P44' | 'P45', path: string, pick: (found: ProductImport) => string | undefined, name: string) =>
    registerApiRoute(app, context, {
      method: 'GET',
      url: `/api/products/imports/:import/${path}`,
      operation,
      handler: (request, reply, shopId) => {
        const found = findProductImport(request, reply, context, shopId)
        if (!found) return reply
        const content = tracker.productStatus(found, context.now()) === 'COMPLETE' ? pick(found) : undefined
        if (content === undefined) return reply.code(404).send(miraklError(404, `Import ${found.importId} has no ${name}`))
        return reply.type('application/octet-stream').header('content-disposition', `attachment; filename="products-import-${found.importId}-${path}.csv"`).send(content)
      },
    })
  report('P44', 'error_report', (found) => found.result?.errorReport, 'error report')
  report('P45', 'new_product_report', (found) => found.result?.newProductReport, 'new product report')

  registerApiRoute(app, context, { method: 'GET', url: '/api/products/attributes', operation: 'PM11', handler: () => attributesView(productAttributesAt(context.config, context.faults, context.now())) })

  registerApiRoute(app, context, {
    method: 'GET',
    url: '/api/values_lists',
    operation: 'VL11',
    handler: (request) => valueListsView(context.config, (request.query as { code?: string }).code),
  })
}

function findProductImport(request: FastifyRequest, reply: FastifyReply, context: SimulatorContext, shopId: number): ProductImport | undefined {
  const { import: importParam } = request.params as { import: string }
  if (!/^\d+$/.test(importParam)) {
    void reply.code(400).send(miraklError(400, `The import id must be an integer, got '${importParam}'`))
    return undefined
  }
  const found = context.tracker.get(Number(importParam), shopId)
  if (found?.kind !== 'products') {
    void reply.code(404).send(miraklError(404, `Product import ${importParam} not found`))
    return undefined
  }
  return found
}
