import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { OfferImport } from '../imports/import-types.js'
import type { StoredOffer } from '../marketplace/shop-catalog.js'
import type { SimulatorContext } from '../simulator-context.js'
import { offerImportView } from '../views/import-view.js'
import { offerStatesView } from '../views/marketplace-view.js'
import { offerView } from '../views/offer-view.js'
import { registerApiRoute } from './api-route.js'
import { miraklError } from './mirakl-errors.js'

/** OF21 pagination: "offset pagination" with `max` (default 10, at most 100) and `offset`. */
const DEFAULT_PAGE = 10
const MAX_PAGE = 100
const SORTS = ['totalPrice', 'price', 'productTitle'] as const

/**
 * The offer operations: OF24 (asynchronous import of JSON offers), OF02 (its status), OF03 (its
 * error report), OF21 (list the shop's offers), OF22 (one offer) and OF61 (offer states).
 */
export function registerOfferRoutes(app: FastifyInstance, context: SimulatorContext): void {
  const { tracker, state, stats } = context

  registerApiRoute(app, context, {
    method: 'POST',
    url: '/api/offers',
    operation: 'OF24',
    handler: (request, reply, shopId) => {
      const offers = (request.body as { offers?: unknown } | null)?.offers
      if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body) || !Array.isArray(offers)) {
        return reply.code(400).send(miraklError(400, "The body must be a JSON object with an 'offers' array"))
      }
      if (offers.length === 0) return reply.code(400).send(miraklError(400, 'The offers list is empty'))
      const notObject = offers.findIndex((offer) => typeof offer !== 'object' || offer === null || Array.isArray(offer))
      if (notObject >= 0) return reply.code(400).send(miraklError(400, `offers[${notObject}] must be a JSON object`))

      const now = context.now()
      const fingerprint = createHash('sha256').update(JSON.stringify(offers)).digest('hex')
      // "If Mirakl detects a duplicate import request, the API will return the import_id of the
      // existing import rather than creating a new one." (OF24_Response_201.import_id)
      const duplicate = tracker.waitingDuplicate(shopId, fingerprint, now)
      let created: OfferImport
      if (duplicate) {
        stats.importDeduplicated()
        created = duplicate
      } else {
        created = tracker.addOffers(state.newImportId(), shopId, offers as OfferImport['offers'], fingerprint, now)
        stats.importCreated('offers')
      }
      request.logContext = { importId: created.importId, offers: offers.length }
      return reply.code(201).header('location', absoluteUrl(request, `/api/offers/imports/${created.importId}`)).send({ import_id: created.importId })
    },
  })

  registerApiRoute(app, context, {
    method: 'GET',
    url: '/api/offers/imports/:import',
    operation: 'OF02',
    handler: (request, reply, shopId) => {
      const found = findOfferImport(request, reply, context, shopId)
      return found && offerImportView(tracker, found, context.now())
    },
  })

  registerApiRoute(app, context, {
    method: 'GET',
    url: '/api/offers/imports/:import/error_report',
    operation: 'OF03',
    handler: (request, reply, shopId) => {
      const found = findOfferImport(request, reply, context, shopId)
      if (!found) return reply
      const report = found.result?.errorReport
      if (report === undefined) return reply.code(404).send(miraklError(404, `Import ${found.importId} has no error report`))
      return reply.type('application/octet-stream').header('content-disposition', `attachment; filename="offers-import-${found.importId}-error-report.csv"`).send(report)
    },
  })

  registerApiRoute(app, context, {
    method: 'GET',
    url: '/api/offers',
    operation: 'OF21',
    handler: (request, reply, shopId) => {
      const query = request.query as Record<string, string | undefined>
      const offset = query.offset === undefined ? 0 : toInteger(query.offset)
      const max = query.max === undefined ? DEFAULT_PAGE : toInteger(query.max)
      if (offset === undefined || offset < 0) return reply.code(400).send(miraklError(400, `offset must be an integer >= 0, got '${query.offset}'`))
      if (max === undefined || max < 1 || max > MAX_PAGE) return reply.code(400).send(miraklError(400, `max must be an integer from 1 to ${MAX_PAGE}, got '${query.max}'`))
      const sort = query.sort ?? 'totalPrice'
      if (!(SORTS as readonly string[]).includes(sort)) return reply.code(400).send(miraklError(400, `sort must be one of ${SORTS.join(', ')}, got '${sort}'`))
      const order = query.order ?? 'asc'
      if (order !== 'asc' && order !== 'desc') return reply.code(400).send(miraklError(400, `order must be asc or desc, got '${order}'`))

      const catalog = state.shop(shopId)
      const stateCodes = query.offer_state_codes?.split(',').map((code) => code.trim()).filter(Boolean)
      const views = [...catalog.offers.values()]
        .filter((offer) => query.sku === undefined || offer.shop_sku === query.sku)
        .filter((offer) => stateCodes === undefined || stateCodes.includes(offer.state_code))
        .map((offer) => render(context, offer, shopId, query.pricing_channel_code))
        .filter((view) => query.product_id === undefined || view.product_sku === query.product_id)
      const key = (view: Record<string, unknown>): number | string => (sort === 'productTitle' ? String(view.product_title) : sort === 'price' ? Number(view.price) : Number(view.total_price))
      views.sort((a, b) => {
        const [x, y] = [key(a), key(b)]
        const byKey = x < y ? -1 : x > y ? 1 : 0
        return (order === 'asc' ? byKey : -byKey) || Number(a.offer_id) - Number(b.offer_id)
      })
      return { offers: views.slice(offset, offset + max), total_count: views.length }
    },
  })

  registerApiRoute(app, context, {
    method: 'GET',
    url: '/api/offers/:offer',
    operation: 'OF22',
    handler: (request, reply, shopId) => {
      const { offer: offerParam } = request.params as { offer: string }
      const offerId = toInteger(offerParam)
      if (offerId === undefined) return reply.code(400).send(miraklError(400, `The offer id must be an integer, got '${offerParam}'`))
      const offer = [...state.shop(shopId).offers.values()].find((candidate) => candidate.offer_id === offerId)
      if (!offer) return reply.code(404).send(miraklError(404, `Offer ${offerId} not found`))
      return render(context, offer, shopId, (request.query as { pricing_channel_code?: string }).pricing_channel_code)
    },
  })

  registerApiRoute(app, context, { method: 'GET', url: '/api/offers/states', operation: 'OF61', handler: () => offerStatesView(context.config) })
}

function render(context: SimulatorContext, offer: StoredOffer, shopId: number, pricingChannel: string | undefined): Record<string, unknown> {
  const product = context.state.shop(shopId).findProduct(offer.product_id_type, offer.product_id)
  return offerView(offer, product, { now: context.now(), config: context.config, platform: context.platform, ...(pricingChannel ? { pricingChannel } : {}) })
}

function findOfferImport(request: FastifyRequest, reply: FastifyReply, context: SimulatorContext, shopId: number): OfferImport | undefined {
  const { import: importParam } = request.params as { import: string }
  const importId = toInteger(importParam)
  if (importId === undefined) {
    void reply.code(400).send(miraklError(400, `The import id must be an integer, got '${importParam}'`))
    return undefined
  }
  const found = context.tracker.get(importId, shopId)
  if (found?.kind !== 'offers') {
    void reply.code(404).send(miraklError(404, `Offer import ${importId} not found`))
    return undefined
  }
  return found
}

function toInteger(value: string): number | undefined {
  return /^\d+$/.test(value) ? Number(value) : undefined
}

/** "Pre-calculated URL to call to get the import status" (the Location header). */
export function absoluteUrl(request: FastifyRequest, path: string): string {
  return `${request.protocol}://${request.host}${path}`
}
