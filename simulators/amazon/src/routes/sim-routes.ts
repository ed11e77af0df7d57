import type { FastifyInstance } from 'fastify'
import type { LwaTokenIssuer } from '../auth/lwa-token-issuer.js'
import { faultSchema, type ActiveFault, type FaultInjector } from '../fault-injector.js'
import type { ListingsStore, StoredListing } from '../listings/listings-store.js'
import type { ProductTypeCatalog } from '../product-types/product-type-catalog.js'
import type { RateLimiter } from '../rate-limit/rate-limiter.js'
import type { SimStats } from '../sim-stats.js'

/** What the `/_sim` routes need. */
export interface SimRoutesOptions {
  readonly store: ListingsStore
  readonly stats: SimStats
  readonly faults: FaultInjector
  readonly limiter: RateLimiter
  readonly catalog: ProductTypeCatalog
  readonly issuer: LwaTokenIssuer
}

/** A problem with a `/_sim` request body, naming the field and the rule. */
interface Problem {
  field: string
  rule: string
}

/**
 * Control endpoints: what the simulator holds (`/_sim/state`), what it was asked (`/_sim/stats`),
 * fault windows (`/_sim/faults`) and a reset. Not rate limited, no token needed.
 */
export function registerSimRoutes(app: FastifyInstance, options: SimRoutesOptions): void {
  const { store, stats, faults, limiter, catalog } = options

  app.get('/_sim/state', async (request, reply) => {
    const { sku } = request.query as { sku?: string }
    if (sku !== undefined) {
      const listings = store.all().filter((listing) => listing.sku === sku)
      if (listings.length === 0) return reply.code(404).send({ message: `no listing for SKU '${sku}'` })
      return { sku, listings: listings.map(stateOf) }
    }
    const skus: Record<string, ReturnType<typeof stateOf>[]> = {}
    for (const listing of store.all().sort((a, b) => a.sku.localeCompare(b.sku))) (skus[listing.sku] ??= []).push(stateOf(listing))
    return {
      listings: store.size,
      skus,
      productTypes: catalog.names().map((name) => ({ name, version: catalog.version(name) })),
      rateLimits: limiter.available(),
      accessTokens: options.issuer.active,
      faults: faults.active().map(faultState),
    }
  })

  app.get('/_sim/stats', () => stats.snapshot())

  app.get('/_sim/faults', () => faults.active().map(faultState))

  app.post('/_sim/faults', async (request, reply) => {
    const parsed = faultSchema.safeParse(request.body)
    if (!parsed.success) {
      return reply.code(400).send(invalid(parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || 'type', rule: issue.message }))))
    }
    const spec = parsed.data
    if (spec.type === 'required-attribute') {
      if (!catalog.has(spec.productType)) return reply.code(400).send(invalid([{ field: 'productType', rule: `must be one of ${catalog.names().join(', ')}` }]))
      // Amazon's schemas are closed: requiring an attribute they do not define would make every listing invalid for good.
      if (!catalog.attributeNames(spec.productType).includes(spec.attribute)) return reply.code(400).send(invalid([{ field: 'attribute', rule: `must be an attribute ${spec.productType} defines` }]))
    }
    return reply.code(201).send(faultState(faults.add(spec)))
  })

  app.delete('/_sim/faults', async (_request, reply) => {
    faults.clear()
    return reply.code(204).send()
  })

  app.post('/_sim/reset', async (_request, reply) => {
    store.reset()
    faults.clear()
    stats.reset()
    limiter.reset()
    return reply.code(204).send()
  })
}

function stateOf(listing: StoredListing) {
  const { sellerId, marketplaceId, productType, requirements, asin, createdDate, lastUpdatedDate, submissionId, writes, attributes } = listing
  return { sellerId, marketplaceId, productType, requirements, asin, createdDate, lastUpdatedDate, submissionId, writes, attributes }
}

function faultState(fault: ActiveFault) {
  return { ...fault.spec, until: Number.isFinite(fault.until) ? new Date(fault.until).toISOString() : null }
}

function invalid(problems: readonly Problem[]) {
  return { message: 'invalid fault', errors: problems }
}
