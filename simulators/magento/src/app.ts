import { setTimeout as sleep } from 'node:timers/promises'
import { createHttpService, type HttpService, type HttpServiceOptions } from '@listing-sync/service'
import { CatalogStore } from './catalog/catalog-store.js'
import { loadSampleCatalog, type SeedCatalog } from './catalog/sample-data-loader.js'
import { FaultInjector } from './fault-injector.js'
import { fixturesDir } from './fixtures-dir.js'
import { internalError, ROUTE_NOT_FOUND } from './routes/magento-errors.js'
import { registerRestRoutes } from './routes/rest-routes.js'
import { registerSimRoutes } from './routes/sim-routes.js'
import { SimStats } from './sim-stats.js'
import { WebhookSender } from './webhook/webhook-sender.js'
import { WebhookSigner } from './webhook/webhook-signer.js'

/** Options of {@link createMagentoSimulator}; everything has a default suitable for tests. */
export interface MagentoSimulatorOptions {
  /** The shared fixtures folder; `fixturesDir()` by default. Ignored when `seed` is given. */
  readonly fixturesDir?: string
  /** A catalog loaded once with `loadSampleCatalog`, to share between simulators (it is never mutated). */
  readonly seed?: SeedCatalog
  /** Bearer token the REST API requires. Default `sim-admin-token`. */
  readonly token?: string
  readonly adminUsername?: string
  readonly adminPassword?: string
  /** Receiver of product webhooks; undefined (the default here) sends none. */
  readonly webhookUrl?: string
  /** PEM RSA private key signing webhooks; a fresh 2048-bit key when absent. */
  readonly webhookPrivateKeyPem?: string
  readonly webhookTimeoutMs?: number
  readonly logLevel?: HttpServiceOptions['logLevel']
  /** Clock for `created_at`/`updated_at` and fault windows; tests pass one they can move. */
  readonly clock?: () => Date
}

/** The simulator: the shared HTTP service plus handles tests and tools may use directly. */
export interface MagentoSimulator extends HttpService {
  readonly store: CatalogStore
  readonly stats: SimStats
  readonly faults: FaultInjector
  /** Verifies what the simulator signs; also served at `GET /_sim/webhook-public-key`. */
  readonly webhookPublicKeyPem: string
}

/**
 * Builds the Magento 2 simulator: the Luma catalog in REST shape under `/rest[/<store>]/V1`,
 * signed Commerce webhooks on admin saves and deletes, and `/_sim` control endpoints. Call
 * `listen(host, port)` (port 0 for any) or drive `app.inject()` directly.
 */
export function createMagentoSimulator(options: MagentoSimulatorOptions = {}): MagentoSimulator {
  const http = createHttpService({ name: 'magento-simulator', logLevel: options.logLevel ?? 'info', bodyLimit: 5 * 1024 * 1024 })
  const { app, log } = http
  const seed = options.seed ?? loadSampleCatalog(options.fixturesDir ?? fixturesDir())
  const store = new CatalogStore(seed, options.clock)
  const stats = new SimStats(http.metrics)
  const clock = options.clock ?? (() => new Date())
  const faults = new FaultInjector(() => clock().getTime())
  const signer = options.webhookPrivateKeyPem ? WebhookSigner.fromPem(options.webhookPrivateKeyPem) : WebhookSigner.generate()
  const sender = new WebhookSender({ url: options.webhookUrl || undefined, signer, timeoutMs: options.webhookTimeoutMs ?? 5000, log })
  const token = options.token ?? 'sim-admin-token'

  // Registered before the routes so every REST route runs it; /_sim and health stay untouched
  // unless a fault names them.
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?', 1)[0] ?? request.url
    if (path.startsWith('/_sim')) return
    const effect = faults.effectOn(path)
    if (!effect) return
    if (effect.latencyMs > 0) await sleep(effect.latencyMs)
    if (effect.status !== undefined) {
      stats.fault()
      return reply.code(effect.status).send(effect.status === 500 ? internalError() : { message: 'Service temporarily unavailable (injected fault)' })
    }
  })

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/rest/')) return reply.code(404).send(ROUTE_NOT_FOUND)
    return reply.code(404).send({ message: `Route ${request.method}:${request.url} not found` })
  })

  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode ?? 500
    if (status >= 500) {
      request.log.error({ err: error }, 'unhandled error')
      return reply.code(status).send(request.url.startsWith('/rest/') ? internalError() : { message: 'internal error' })
    }
    // Malformed JSON and the like: Magento answers 400 with the reason in `message`.
    return reply.code(status).send({ message: error.message })
  })

  registerRestRoutes(app, { store, stats, token, adminUsername: options.adminUsername ?? 'admin', adminPassword: options.adminPassword ?? 'admin123' })
  registerSimRoutes(app, { store, stats, faults, sender, signer })

  log.info({ products: store.size, webhooks: sender.enabled ? 'on' : 'off' }, 'magento catalog loaded')
  return Object.assign(http, { store, stats, faults, webhookPublicKeyPem: signer.publicKeyPem })
}
