import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Operation } from '../operations.js'
import type { SimulatorContext } from '../simulator-context.js'
import { miraklError, UNAUTHORIZED } from './mirakl-errors.js'

/** Handles one authorised, unthrottled call of an operation for a shop. */
export type ApiHandler = (request: FastifyRequest, reply: FastifyReply, shopId: number) => unknown

/** One Mirakl seller operation. */
export interface ApiRoute {
  readonly method: 'GET' | 'POST'
  readonly url: string
  readonly operation: Operation
  readonly handler: ApiHandler
}

interface RouteConfig {
  readonly miraklOperation?: Operation
}

const shops = new WeakMap<FastifyRequest, number>()

/** The operation a request was routed to, if it is a Mirakl operation. */
export function operationOf(request: FastifyRequest): Operation | undefined {
  return (request.routeOptions.config as RouteConfig | undefined)?.miraklOperation
}

/**
 * Registers an operation behind Mirakl's checks, in Mirakl's order: the API key (401), the shop
 * (`shop_id`, 400/403), then the call frequency (429 with Retry-After, in seconds). A refused call
 * does not reach the handler.
 */
export function registerApiRoute(app: FastifyInstance, context: SimulatorContext, route: ApiRoute): void {
  app.route({
    method: route.method,
    url: route.url,
    config: { miraklOperation: route.operation } satisfies RouteConfig,
    preHandler: async (request, reply) => {
      // The raw key, as Mirakl expects it: "Bearer <key>" is a wrong key.
      if (request.headers.authorization !== context.apiKey) return reply.code(401).send(UNAUTHORIZED)
      const { shop_id: shopParam } = request.query as { shop_id?: string }
      let shopId = context.shopIds[0] as number
      if (shopParam !== undefined) {
        if (!/^\d+$/.test(shopParam)) return reply.code(400).send(miraklError(400, `shop_id must be a shop identifier (integer), got '${shopParam}'`))
        shopId = Number(shopParam)
        if (!context.shopIds.includes(shopId)) return reply.code(403).send(miraklError(403, `The API key gives no access to shop ${shopId}`))
      }
      const importParam = (request.params as { import?: string }).import
      const importId = importParam !== undefined && /^\d+$/.test(importParam) ? Number(importParam) : undefined
      const decision = context.limiter.take(route.operation, shopId, importId)
      if (!decision.allowed) {
        const { calls, perSeconds } = decision.policy
        return reply
          .code(429)
          .header('retry-after', String(decision.retryAfterSeconds))
          .send(miraklError(429, `Too many requests: ${route.operation} allows ${calls} call(s) per ${perSeconds} s per ${decision.scope}; retry after ${decision.retryAfterSeconds} s`))
      }
      shops.set(request, shopId)
    },
    handler: async (request, reply) => route.handler(request, reply, shops.get(request) as number),
  })
}

/**
 * Hooks every Mirakl operation shares: imports due by now are processed before the call is
 * answered, injected faults delay or replace the answer, and each answer is counted.
 */
export function registerApiHooks(app: FastifyInstance, context: SimulatorContext): void {
  app.addHook('onRequest', async (request, reply) => {
    context.tracker.advance(context.now())
    const operation = operationOf(request)
    if (!operation) return
    const effect = context.faults.effectOn(operation)
    if (!effect) return
    if (effect.latencyMs > 0) await sleep(effect.latencyMs)
    if (!effect.answer) return
    context.stats.fault()
    const { status, retryAfterSeconds } = effect.answer
    if (retryAfterSeconds !== undefined) void reply.header('retry-after', String(retryAfterSeconds))
    const message = status === 429 ? 'Too many requests (injected rate-limit storm)' : status === 503 ? 'Service temporarily unavailable (injected fault)' : `Injected fault ${status}`
    return reply.code(status).send(miraklError(status, message))
  })
  app.addHook('onResponse', (request, reply, done) => {
    const operation = operationOf(request)
    if (operation) context.stats.call(operation, reply.statusCode)
    done()
  })
}
