import { setTimeout as sleep } from 'node:timers/promises'
import { productTypeSchemasDir } from '@listing-sync/mapping'
import { createHttpService, type HttpService, type HttpServiceOptions } from '@listing-sync/service'
import { registerLwaRoutes } from './auth/lwa-routes.js'
import { LwaTokenIssuer, type LwaCredentials } from './auth/lwa-token-issuer.js'
import { FaultInjector } from './fault-injector.js'
import { fixturesDir } from './fixtures-dir.js'
import { registerListingsRoutes } from './listings/listings-routes.js'
import { ListingsStore } from './listings/listings-store.js'
import { registerDefinitionsRoutes, registerSchemaRoutes } from './product-types/definitions-routes.js'
import { loadProductTypeSchemas, ProductTypeCatalog, type ProductTypeSchemas } from './product-types/product-type-catalog.js'
import { RateLimiter, type UsagePlanOverrides } from './rate-limit/rate-limiter.js'
import { registerSimRoutes } from './routes/sim-routes.js'
import { SimStats } from './sim-stats.js'
import { DEMO_CREDENTIALS, US_MARKETPLACE_ID } from './simulator-config.js'
import { errorList } from './sp-api-errors.js'
import { registerSpApi } from './sp-api-gateway.js'
import { SpApiModels, type UsagePlan } from './sp-api-models.js'

/** Options of {@link createAmazonSimulator}; everything has a default suitable for tests. */
export interface AmazonSimulatorOptions {
  /** The shared fixtures folder; `fixturesDir()` by default. */
  readonly fixturesDir?: string
  /** The demo product type schemas; `mappings/product-types` of the checkout by default. */
  readonly productTypesDir?: string
  /** Schemas loaded once with `loadProductTypeSchemas`, to share between simulators (never mutated). */
  readonly productTypeSchemas?: ProductTypeSchemas
  /** The models loaded once with `SpApiModels.load`, to share between simulators. */
  readonly models?: SpApiModels
  /** LWA credentials the token endpoint accepts; the demo ones by default. */
  readonly credentials?: Partial<LwaCredentials>
  /** Lifetime of issued access tokens; 3600 like LWA. */
  readonly tokenTtlSeconds?: number
  /** Marketplaces the seller sells in; Amazon.com by default. */
  readonly marketplaceIds?: readonly string[]
  /** Seller ids the refresh token is authorised for; any when undefined. */
  readonly sellerIds?: readonly string[]
  /** The models' usage plans, changed per operation, or `off` for no throttling. */
  readonly rateLimits?: UsagePlanOverrides | 'off'
  /** Base URL of schema links in definitions; the request's host by default. */
  readonly publicBaseUrl?: string
  readonly logLevel?: HttpServiceOptions['logLevel']
  /** Clock for tokens, buckets, fault windows and listing dates; tests pass one they can move. */
  readonly clock?: () => Date
  /** Waits out injected latency; tests pass one that records instead. */
  readonly sleep?: (ms: number) => Promise<void>
}

/** The simulator: the shared HTTP service plus handles tests and tools may use directly. */
export interface AmazonSimulator extends HttpService {
  readonly store: ListingsStore
  readonly stats: SimStats
  readonly faults: FaultInjector
  readonly limiter: RateLimiter
  readonly catalog: ProductTypeCatalog
  readonly issuer: LwaTokenIssuer
  readonly models: SpApiModels
  readonly credentials: LwaCredentials
}

/**
 * Builds the Amazon Selling Partner API simulator: the LWA token endpoint, Listings Items 2021-08-01
 * and Product Type Definitions 2020-09-01 as Amazon's models define them, with their per-operation
 * usage plans, listing validation against product type schemas, and `/_sim` control endpoints.
 * Call `listen(host, port)` (port 0 for any) or drive `app.inject()` directly.
 */
export function createAmazonSimulator(options: AmazonSimulatorOptions = {}): AmazonSimulator {
  const http = createHttpService({ name: 'amazon-simulator', logLevel: options.logLevel ?? 'info', bodyLimit: 5 * 1024 * 1024 })
  const { app, log } = http
  const fixtures = options.fixturesDir ?? fixturesDir()
  const clock = options.clock ?? (() => new Date())
  const now = () => clock().getTime()
  const models = options.models ?? SpApiModels.load(fixtures)
  const schemas = options.productTypeSchemas ?? loadProductTypeSchemas({ fixturesDir: fixtures, productTypesDir: options.productTypesDir ?? productTypeSchemasDir() })
  const faults = new FaultInjector(now)
  const catalog = new ProductTypeCatalog(schemas, (productType) => faults.requiredAttributes(productType))
  const store = new ListingsStore(clock)
  const stats = new SimStats(http.metrics)
  const issuer = new LwaTokenIssuer(options.tokenTtlSeconds ?? 3600, now)
  const limiter = new RateLimiter(usagePlans(models, options.rateLimits ?? {}), now)
  const credentials: LwaCredentials = { ...DEMO_CREDENTIALS, ...options.credentials }
  const marketplaceIds = options.marketplaceIds ?? [US_MARKETPLACE_ID]

  app.setNotFoundHandler((request, reply) => reply.code(404).send(errorList('NotFound', `No resource at ${request.method} ${request.url.split('?', 1)[0] ?? ''}.`)))

  registerLwaRoutes(app, { credentials, issuer, stats })
  registerSpApi(
    app,
    {
      models,
      issuer,
      limiter,
      faults,
      stats,
      ...(options.sellerIds ? { sellerIds: new Set(options.sellerIds) } : {}),
      sleep: options.sleep ?? ((ms) => sleep(ms)),
    },
    (scope) => {
      registerListingsRoutes(scope, { models, store, catalog, stats, marketplaceIds })
      registerDefinitionsRoutes(scope, { models, catalog, marketplaceIds, ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}) })
    },
  )
  registerSchemaRoutes(app, { catalog })
  registerSimRoutes(app, { store, stats, faults, limiter, catalog, issuer })

  log.info({ productTypes: catalog.names(), marketplaceIds, rateLimits: options.rateLimits === 'off' ? 'off' : 'official', clientId: credentials.clientId }, 'amazon simulator ready')
  return Object.assign(http, { store, stats, faults, limiter, catalog, issuer, models, credentials })
}

/** The usage plan of every implemented operation: the model's, unless overridden or switched off. */
function usagePlans(models: SpApiModels, overrides: UsagePlanOverrides | 'off'): Map<string, UsagePlan | 'off'> {
  const implemented = ['getListingsItem', 'putListingsItem', 'patchListingsItem', 'deleteListingsItem', 'searchDefinitionsProductTypes', 'getDefinitionsProductType']
  for (const name of Object.keys(overrides === 'off' ? {} : overrides)) {
    if (!implemented.includes(name)) throw new Error(`rate limit override for ${name}, which the simulator does not implement (${implemented.join(', ')})`)
  }
  return new Map(implemented.map((id) => [id, overrides === 'off' ? 'off' : (overrides[id] ?? models.operation(id).usagePlan)]))
}
