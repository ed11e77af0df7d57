import type { IncomingMessage, ServerResponse } from 'node:http'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify'
import { createLogger, createMetricsRegistry, registerHealthRoutes, type Logger, type ReadinessCheck, type Registry } from '@listing-sync/observability'

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
    // Requests ids from Magento (x-adobe-commerce-request-id) follow the change through the logs.
    requestIdHeader: 'x-request-id',
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
