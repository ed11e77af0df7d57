import { createHttpService, type HttpService, type HttpServiceOptions } from '@listing-sync/service'
import { FaultInjector } from './fault-injector.js'
import { ImportTracker } from './imports/import-tracker.js'
import { OfferImportProcessor } from './imports/offer-import-processor.js'
import { ProductImportProcessor } from './imports/product-import-processor.js'
import { loadMarketplaceConfig, type MarketplaceConfig } from './marketplace/marketplace-config.js'
import { MarketplaceState } from './marketplace/shop-catalog.js'
import { RateLimiter, type RateLimits } from './rate-limit/rate-limiter.js'
import { registerApiHooks } from './routes/api-route.js'
import { miraklError } from './routes/mirakl-errors.js'
import { registerNotSimulatedRoutes } from './routes/not-simulated-routes.js'
import { registerOfferRoutes } from './routes/offer-routes.js'
import { registerProductRoutes } from './routes/product-routes.js'
import { registerSimRoutes } from './routes/sim-routes.js'
import { SimStats } from './sim-stats.js'
import type { SimulatorContext } from './simulator-context.js'
import { DEFAULT_API_KEY, DEFAULT_SHOP_ID, resolveRateLimits, type RateLimitOverrides } from './simulator-config.js'

/** Options of {@link createB2bSimulator}; everything has a default. */
export interface B2bSimulatorOptions {
  /** The shop API key calls must send as `Authorization`. Default `sim-shop-api-key`. */
  readonly apiKey?: string
  /** Shops the key covers; the first is the default shop. Default `[2000]`. */
  readonly shopIds?: readonly number[]
  /** The marketplace's configuration; read from `attributesFile` when absent. */
  readonly config?: MarketplaceConfig
  /** Default: `mappings/product-types/b2b-attributes.json` of the checkout. */
  readonly attributesFile?: string
  /** Duration of each import step (WAITING, RUNNING, SENT), ms. Default 1000; 0 completes an import on the next call. */
  readonly importStepMs?: number
  /** Overrides of Mirakl's maximum call frequencies, or "off". */
  readonly rateLimits?: RateLimitOverrides
  /** Whether an offer's product must have been imported (P41) first. Default true, as on Mirakl. */
  readonly offersRequireProduct?: boolean
  /** The shops' currency. Default USD. */
  readonly currency?: string
  /** The platform's lead time to ship, shown for offers that set none. Default 3 days. */
  readonly defaultLeadtimeToShip?: number
  readonly logLevel?: HttpServiceOptions['logLevel']
  /** Clock for imports, rate limits, fault windows and dates; tests pass one they can move. */
  readonly clock?: () => Date
}

/** The simulator: the shared HTTP service plus handles tests and tools may use directly. */
export interface B2bSimulator extends HttpService {
  readonly state: MarketplaceState
  readonly imports: ImportTracker
  readonly stats: SimStats
  readonly faults: FaultInjector
  readonly config: MarketplaceConfig
  readonly limits: RateLimits
  /** Runs every import step due by now; every API call does this before it is answered. */
  advance(): void
}

/**
 * Builds the Mirakl seller API simulator of the B2B marketplace: OF24 offer imports (asynchronous,
 * omitted fields reset, per-line errors in the OF03 report), OF02, OF21/OF22, P41 product files
 * with P42/P44/P45, PM11/VL11/OF61 from the marketplace configuration, Mirakl's call frequencies as
 * token buckets (429 with Retry-After), and `/_sim` control endpoints. Call `listen(host, port)` or
 * drive `app.inject()` directly.
 */
export function createB2bSimulator(options: B2bSimulatorOptions = {}): B2bSimulator {
  const http = createHttpService({ name: 'b2b-simulator', logLevel: options.logLevel ?? 'info', bodyLimit: 20 * 1024 * 1024 })
  const { app, log } = http
  const clock = options.clock ?? (() => new Date())
  const now = () => clock().getTime()
  const config = options.config ?? loadMarketplaceConfig(options.attributesFile)
  const shopIds = options.shopIds && options.shopIds.length > 0 ? [...options.shopIds] : [DEFAULT_SHOP_ID]
  const state = new MarketplaceState()
  const faults = new FaultInjector(now)
  const stats = new SimStats(http.metrics)
  const limiter = new RateLimiter(resolveRateLimits(options.rateLimits), now)
  const offers = new OfferImportProcessor({ state, config, faults, offersRequireProduct: options.offersRequireProduct ?? true })
  const products = new ProductImportProcessor({ state, config, faults })
  const record = <T extends { status: string; linesRead: number; linesInSuccess: number; linesInError: number }>(kind: 'offers' | 'products', result: T): T => {
    if (result.status === 'COMPLETE' || result.status === 'FAILED') stats.importFinished(kind, { ...result, status: result.status })
    return result
  }
  const tracker = new ImportTracker(options.importStepMs ?? 1000, {
    processOffers: (offerImport, at) => record('offers', offers.process(offerImport, at)),
    checkProducts: (productImport, at) => record('products', products.check(productImport, at)),
    // A product import's lines were counted when checked; only FAILED ones finish there.
    integrateProducts: (productImport, at) => {
      const result = products.integrate(productImport, at)
      stats.importFinished('products', { ...result, status: 'COMPLETE' })
      return result
    },
  })
  const context: SimulatorContext = {
    state,
    tracker,
    config,
    faults,
    stats,
    limiter,
    platform: { currency: options.currency ?? 'USD', defaultLeadtimeToShip: options.defaultLeadtimeToShip ?? 3 },
    apiKey: options.apiKey ?? DEFAULT_API_KEY,
    shopIds,
    now,
  }

  app.setNotFoundHandler((request, reply) => reply.code(404).send(miraklError(404, `No resource ${request.method} ${request.url.split('?', 1)[0]}`)))
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode ?? 500
    if (status >= 500) request.log.error({ err: error }, 'unhandled error')
    // Malformed JSON, an unsupported media type, a body over the limit: Mirakl's error shape.
    return reply.code(status).send(miraklError(status, status >= 500 ? 'Internal server error' : error.message))
  })

  registerApiHooks(app, context)
  registerOfferRoutes(app, context)
  registerProductRoutes(app, context)
  registerNotSimulatedRoutes(app)
  registerSimRoutes(app, context)

  log.info({ shops: shopIds, attributes: config.attributes.length, importStepMs: options.importStepMs ?? 1000, offersRequireProduct: options.offersRequireProduct ?? true }, 'mirakl marketplace ready')
  return Object.assign(http, { state, imports: tracker, stats, faults, config, limits: limiter.limits, advance: () => tracker.advance(now()) })
}
