import type { FastifyInstance } from 'fastify'
import { miraklError } from './mirakl-errors.js'

/** Operations of the seller spec subset the simulator does not serve (see README "Not implemented"). */
const NOT_SIMULATED: readonly [method: 'GET' | 'POST', url: string, operation: string][] = [
  ['POST', '/api/offers/imports', 'OF01'],
  ['GET', '/api/offers/imports', 'OF04'],
  ['GET', '/api/products/imports', 'P51'],
  ['GET', '/api/products/imports/:import/transformation_error_report', 'P47'],
  ['GET', '/api/products', 'P31'],
  ['GET', '/api/hierarchies', 'H11'],
  ['POST', '/api/offers/stock/imports', 'STO01'],
  ['GET', '/api/offers/stock/imports/:import_id/status', 'STO02'],
  ['POST', '/api/offers/pricing/imports', 'PRI01'],
  ['GET', '/api/offers/pricing/imports', 'PRI02'],
  ['GET', '/api/offers/pricing/imports/:import_id/error_report', 'PRI03'],
]

/**
 * Answers the spec's other operations 501, so a client calling one learns it is not simulated
 * rather than getting a 404 or, for `GET /api/offers/imports`, OF22's "offer id must be an integer".
 */
export function registerNotSimulatedRoutes(app: FastifyInstance): void {
  for (const [method, url, operation] of NOT_SIMULATED) {
    app.route({ method, url, handler: async (_request, reply) => reply.code(501).send(miraklError(501, `${operation} is not simulated; see simulators/b2b/README.md`)) })
  }
}
