import type { FastifyInstance } from 'fastify'
import { faultSchema, type ActiveFault } from '../fault-injector.js'
import type { AnyImport } from '../imports/import-types.js'
import type { SimulatorContext } from '../simulator-context.js'

/**
 * Control endpoints: what the marketplace holds (`/_sim/state`), what it was asked
 * (`/_sim/stats`), fault windows (`/_sim/faults`) and a reset. None needs the API key, none is
 * rate limited or faulted, none is counted in the stats.
 */
export function registerSimRoutes(app: FastifyInstance, context: SimulatorContext): void {
  const { state, tracker, faults, stats, limiter } = context

  app.get('/_sim/state', async (request, reply) => {
    const query = request.query as { shop_id?: string; sku?: string }
    const shopId = query.shop_id === undefined ? (context.shopIds[0] as number) : Number(query.shop_id)
    if (!context.shopIds.includes(shopId)) return reply.code(404).send({ message: `no shop ${query.shop_id}; shops: ${context.shopIds.join(', ')}` })
    const catalog = state.shop(shopId)
    if (query.sku !== undefined) {
      const offer = catalog.offers.get(query.sku)
      const product = catalog.products.get(query.sku)
      if (!offer && !product) return reply.code(404).send({ message: `shop ${shopId} has no offer or product ${query.sku}` })
      return { shopId, offer: offer ?? null, product: product ?? null }
    }
    return {
      shopId,
      offers: Object.fromEntries(catalog.offers),
      products: Object.fromEntries(catalog.products),
      imports: tracker
        .all()
        .filter((item) => item.shopId === shopId)
        .map((item) => importSummary(context, item)),
      faults: faults.active().map(faultView),
    }
  })

  app.get('/_sim/stats', () => stats.snapshot())

  app.post('/_sim/faults', async (request, reply) => {
    const parsed = faultSchema.safeParse(request.body)
    if (!parsed.success) {
      return reply.code(400).send({ message: 'invalid fault', errors: parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || 'type', rule: issue.message })) })
    }
    return reply.code(201).send(faultView(faults.add(parsed.data)))
  })

  app.delete('/_sim/faults', async (_request, reply) => {
    faults.clear()
    return reply.code(204).send()
  })

  app.post('/_sim/reset', async (_request, reply) => {
    state.reset()
    tracker.reset()
    faults.clear()
    limiter.reset()
    stats.reset()
    return reply.code(204).send()
  })
}

function faultView(fault: ActiveFault) {
  return { ...fault.spec, from: new Date(fault.from).toISOString(), until: new Date(fault.until).toISOString() }
}

function importSummary(context: SimulatorContext, item: AnyImport) {
  const now = context.now()
  const result = item.result
  return {
    import_id: item.importId,
    kind: item.kind,
    status: item.kind === 'offers' ? context.tracker.offerStatus(item, now) : context.tracker.productStatus(item, now),
    date_created: new Date(item.createdAt).toISOString(),
    lines_read: result?.linesRead ?? 0,
    lines_in_success: result?.linesInSuccess ?? 0,
    lines_in_error: result?.linesInError ?? 0,
    ...(result?.reasonStatus ? { reason_status: result.reasonStatus } : {}),
  }
}
