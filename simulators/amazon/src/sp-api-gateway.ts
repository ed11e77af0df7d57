import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { LwaTokenIssuer, TokenCheck } from './auth/lwa-token-issuer.js'
import type { FaultInjector } from './fault-injector.js'
import { formatRate, type RateLimiter } from './rate-limit/rate-limiter.js'
import type { SimStats } from './sim-stats.js'
import {
  INTERNAL_FAILURE,
  invalidInput,
  QUOTA_EXCEEDED,
  REQUEST_TOO_LARGE,
  SERVICE_UNAVAILABLE,
  unauthorized,
  UNAUTHORIZED_DETAILS,
  unsupportedMediaType,
  type ErrorList,
} from './sp-api-errors.js'
import type { SpApiModels } from './sp-api-models.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The model's operationId of an SP-API route; the gateway hooks key everything on it. */
    operation?: string
  }
}

/** What the gateway in front of the SP-API routes needs. */
export interface SpApiGatewayOptions {
  readonly models: SpApiModels
  readonly issuer: LwaTokenIssuer
  readonly limiter: RateLimiter
  readonly faults: FaultInjector
  readonly stats: SimStats
  /** Sellers the refresh token is authorised for; any seller when undefined. */
  readonly sellerIds?: ReadonlySet<string>
  /** Waits for injected latency; tests pass one that records instead of waiting. */
  readonly sleep: (ms: number) => Promise<void>
}

// The headers every SP-API operation declares (`x-amzn-RequestId` on every status,
// `x-amzn-RateLimit-Limit` on 200/400/404 only).
const REQUEST_ID = 'x-amzn-RequestId'
const RATE_LIMIT = 'x-amzn-RateLimit-Limit'

const REFUSALS: Readonly<Record<Exclude<TokenCheck, 'valid'>, string>> = {
  missing: UNAUTHORIZED_DETAILS.missing,
  invalid: UNAUTHORIZED_DETAILS.invalid,
  expired: UNAUTHORIZED_DETAILS.expired,
}

/**
 * Registers SP-API routes in one encapsulated scope behind what Amazon's API gateway does before an
 * operation runs, in this order: injected latency and faults (503/500, or a 429 storm), the
 * `x-amz-access-token` check (403), the seller authorisation (403) and the operation's token bucket
 * (429 QuotaExceeded, no Retry-After). Every answer gets `x-amzn-RequestId`, and
 * `x-amzn-RateLimit-Limit` exactly where the operation's model declares it for that status. Parse
 * failures and unexpected errors answer in the `ErrorList` shape.
 */
export function registerSpApi(app: FastifyInstance, options: SpApiGatewayOptions, routes: (scope: FastifyInstance) => void): void {
  const { models, issuer, limiter, faults, stats } = options
  void app.register((scope, _options, done) => {
    scope.addHook('onRequest', async (request, reply) => {
      const operation = operationOf(request)
      const requestId = randomUUID()
      void reply.header(REQUEST_ID, requestId)
      if (request.logContext) Object.assign(request.logContext, { operation, requestId })

      const effect = faults.effectOn(operation)
      if (effect && effect.latencyMs > 0) await options.sleep(effect.latencyMs)
      if (effect?.status !== undefined) {
        if (effect.status === 429) stats.throttle('fault')
        else stats.fault()
        return reply.code(effect.status).send(effect.status === 429 ? QUOTA_EXCEEDED : effect.status === 503 ? SERVICE_UNAVAILABLE : INTERNAL_FAILURE)
      }

      const token = request.headers['x-amz-access-token']
      const check = issuer.check(Array.isArray(token) ? token[0] : token)
      if (check !== 'valid') return reply.code(403).send(unauthorized(REFUSALS[check]))
      const sellerId = (request.params as { sellerId?: string }).sellerId ?? (request.query as { sellerId?: string }).sellerId
      if (options.sellerIds && sellerId !== undefined && !options.sellerIds.has(sellerId)) return reply.code(403).send(unauthorized(UNAUTHORIZED_DETAILS.missing))

      if (!limiter.admit(operation)) {
        stats.throttle('rate-limit')
        return reply.code(429).send(QUOTA_EXCEEDED)
      }
    })

    scope.addHook('onSend', async (request, reply, payload) => {
      const operation = operationOf(request)
      const declared = models.operation(operation).responses.get(reply.statusCode)?.headers ?? []
      const plan = limiter.plan(operation)
      if (plan && declared.includes(RATE_LIMIT)) void reply.header(RATE_LIMIT, formatRate(plan.rate))
      return payload
    })

    scope.addHook('onResponse', async (request, reply) => {
      stats.call(operationOf(request), reply.statusCode)
    })

    scope.setErrorHandler((error: { code?: string; statusCode?: number; message: string }, request, reply) => {
      const answer = (status: number, body: ErrorList) => reply.code(status).send(body)
      if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return answer(415, unsupportedMediaType(request.headers['content-type']))
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return answer(413, REQUEST_TOO_LARGE)
      if (error.statusCode === 400) return answer(400, invalidInput([`body: ${error.message}`]))
      request.log.error({ err: error }, 'unhandled error')
      return answer(500, INTERNAL_FAILURE)
    })

    routes(scope)
    done()
  })
}

function operationOf(request: FastifyRequest): string {
  const operation = request.routeOptions.config.operation
  if (operation === undefined) throw new Error(`SP-API route ${request.routeOptions.url ?? request.url} names no operation`)
  return operation
}

/** Answers 400 `InvalidInput` listing every problem. */
export function rejectInput(reply: FastifyReply, problems: readonly string[]): FastifyReply {
  return reply.code(400).send(invalidInput(problems))
}
