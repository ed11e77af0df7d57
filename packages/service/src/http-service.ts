import type { IncomingMessage, ServerResponse } from 'node:http'
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify'
import { createLogger, createMetricsRegistry, registerHealthRoutes, type Logger, type ReadinessCheck, type Registry } from '@listing-sync/observability'

declare module 'fastify' {
  interface FastifyRequest {
    /** Fields a route adds to the request's one log line (event id, SKU, outcome). */
    logContext: Record<string, unknown> | null
  }
}

/** Options of {@link createHttpService}. */
export interface HttpServiceOptions {
  /** Service name, used in logs, metrics and the Kafka client id. */
  readonly name: string
  readonly logLevel?: Parameters<typeof createLogger>[0]['level']
  /** Largest accepted request body, in bytes. */
  readonly bodyLimit?: number
}

/** A service's HTTP side: the Fastify app with health routes, its logger and its metrics. */
export interface HttpService {
  readonly app: FastifyInstance
  readonly log: Logger
  readonly metrics: Registry
  /** Adds named readiness checks to `/readyz`; with none, the service is ready once it listens. */
  addReadinessChecks(checks: Readonly<Record<string, ReadinessCheck>>): void
  /** Listens, and closes gracefully (running `onClose` hooks) on SIGINT or SIGTERM. */
  listen(host: string, port: number): Promise<string>
}

/**
 * Builds the HTTP side every service and simulator shares, so that `/healthz`, `/readyz`,
 * `/metrics`, logging and shutdown behave the same everywhere.
 */
export function createHttpService(options: HttpServiceOptions): HttpService {
  const log = createLogger({ service: options.name, level: options.logLevel ?? 'info' })
  const metrics = createMetricsRegistry(options.name)
  // Typed with FastifyBaseLogger so the app is a plain FastifyInstance that shared plugins accept.
  const app = Fastify<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger>({
    loggerInstance: log,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    requestIdHeader: 'x-request-id',
    // Fastify's two lines per request become one (below), which also carries what the route added.
    logController: new LogController({ disableRequestLogging: true }),
  })
  app.decorateRequest('logContext', null)
  app.addHook('onRequest', (request, _reply, done) => {
    request.logContext = {}
    done()
  })
  app.addHook('onResponse', (request, reply, done) => {
    const probe = request.url === '/healthz' || request.url === '/readyz' || request.url === '/metrics'
    const level = reply.statusCode >= 500 ? 'error' : reply.statusCode >= 400 ? 'warn' : probe ? 'debug' : 'info'
    request.log[level](
      {
        http: { request: { method: request.method }, response: { status_code: reply.statusCode } },
        url: { path: request.url },
        durationMs: Math.round(reply.elapsedTime * 100) / 100,
        ...request.logContext,
      },
      'request completed',
    )
    done()
  })
  const checks = new Map<string, ReadinessCheck>()
  registerHealthRoutes(app, { checks, metrics })

  return {
    app,
    log,
    metrics,
    addReadinessChecks(added) {
      for (const [name, check] of Object.entries(added)) checks.set(name, check)
    },
    async listen(host, port) {
      const address = await app.listen({ host, port })
      const stop = (signal: NodeJS.Signals) => {
        log.info({ signal }, 'shutting down')
        app.close().then(
          () => process.exit(0),
          (error: unknown) => {
            log.error({ err: error }, 'shutdown failed')
            process.exit(1)
          },
        )
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      return address
    },
  }
}
