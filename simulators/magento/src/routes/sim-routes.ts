import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { ChangeRejected, type CatalogStore } from '../catalog/catalog-store.js'
import { parseProductChanges, productChangesSchema, type ChangeProblem } from '../catalog/product-changes.js'
import { toModelData } from '../catalog/product-model-data.js'
import { faultSchema, type FaultInjector } from '../fault-injector.js'
import type { SimStats } from '../sim-stats.js'
import type { WebhookOutcome, WebhookSender } from '../webhook/webhook-sender.js'
import type { WebhookSigner } from '../webhook/webhook-signer.js'
import { PRODUCT_NOT_FOUND } from './magento-errors.js'

/** What the `/_sim` routes need. */
export interface SimRoutesOptions {
  readonly store: CatalogStore
  readonly stats: SimStats
  readonly faults: FaultInjector
  readonly sender: WebhookSender
  readonly signer: WebhookSigner
}

const massUpdateSchema = z.strictObject({
  skus: z.array(z.string().min(1), { error: 'must be an array of SKUs' }).min(1, { error: 'must name at least one SKU' }),
  changes: productChangesSchema,
})

/**
 * Control endpoints of the simulator: change products as an admin would (firing the webhook),
 * change them behind Magento's back (mass update, no webhook), inspect state and counters, and
 * inject faults into the REST API.
 */
export function registerSimRoutes(app: FastifyInstance, options: SimRoutesOptions): void {
  const { store, stats, faults, sender } = options
  const counted = (operation: string) => ({
    onResponse: (_request: unknown, reply: { statusCode: number }, done: () => void) => {
      stats.call(operation, reply.statusCode)
      done()
    },
  })

  const deliver = async (event: Parameters<WebhookSender['send']>[0], product: Parameters<typeof toModelData>[0]): Promise<WebhookOutcome | undefined> => {
    const outcome = await sender.send(event, toModelData(product))
    if (outcome) stats.webhook(event, outcome.ok)
    return outcome
  }
  const report = (outcome: WebhookOutcome | undefined) =>
    outcome === undefined ? null : { status: outcome.status, body: outcome.body, durationMs: outcome.durationMs, requestId: outcome.requestId, eventName: outcome.eventName, ...(outcome.error ? { error: outcome.error } : {}) }

  app.put('/_sim/products/:sku', counted('sim.saveProduct'), async (request, reply) => {
    const { sku } = request.params as { sku: string }
    const parsed = parseProductChanges(request.body)
    if ('problems' in parsed) return reply.code(400).send(invalid('invalid product change', parsed.problems))
    let saved
    try {
      saved = store.save(sku, parsed.changes)
    } catch (error) {
      if (error instanceof ChangeRejected) return reply.code(400).send(invalid('invalid product change', error.problems))
      throw error
    }
    // Commerce webhooks are synchronous: the save answers after the receiver does. A failing
    // receiver does not undo the save here (the hook is configured as optional, required=false).
    const outcome = await deliver('observer.catalog_product_save_after', saved.product)
    return reply.code(saved.created ? 201 : 200).send({ product: saved.product, created: saved.created, webhook: report(outcome) })
  })

  app.delete('/_sim/products/:sku', counted('sim.deleteProduct'), async (request, reply) => {
    const removed = store.delete((request.params as { sku: string }).sku)
    if (!removed) return reply.code(404).send(PRODUCT_NOT_FOUND)
    const outcome = await deliver('observer.catalog_product_delete_after', removed)
    return { product: removed, webhook: report(outcome) }
  })

  app.post('/_sim/mass-update', counted('sim.massUpdate'), async (request, reply) => {
    const parsed = massUpdateSchema.safeParse(request.body)
    if (!parsed.success) {
      return reply.code(400).send(invalid('invalid mass update', parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(body)', rule: issue.message }))))
    }
    try {
      const updated = store.massUpdate(parsed.data.skus, parsed.data.changes)
      return { updated: updated.map((product) => ({ sku: product.sku, updated_at: product.updated_at })), webhook: null }
    } catch (error) {
      if (error instanceof ChangeRejected) return reply.code(400).send(invalid('invalid mass update', error.problems))
      throw error
    }
  })

  app.get('/_sim/state', async (request, reply) => {
    const { sku } = request.query as { sku?: string }
    if (sku !== undefined) {
      const product = store.get(sku)
      return product ? { product } : reply.code(404).send(PRODUCT_NOT_FOUND)
    }
    return {
      products: store.size,
      productsByType: store.countByType(),
      categories: store.categories.size,
      attributes: store.attributes.all().length,
      webhooks: sender.enabled ? 'on' : 'off',
      faults: faults.active().map((fault) => ({ ...fault.spec, until: new Date(fault.until).toISOString() })),
    }
  })

  app.get('/_sim/stats', () => stats.snapshot())

  app.post('/_sim/faults', async (request, reply) => {
    const parsed = faultSchema.safeParse(request.body)
    if (!parsed.success) {
      return reply.code(400).send(invalid('invalid fault', parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || 'type', rule: issue.message }))))
    }
    const fault = faults.add(parsed.data)
    return reply.code(201).send({ ...fault.spec, until: new Date(fault.until).toISOString() })
  })

  app.delete('/_sim/faults', async (_request, reply) => {
    faults.clear()
    return reply.code(204).send()
  })

  app.post('/_sim/reset', async (_request, reply) => {
    store.reset()
    faults.clear()
    stats.reset()
    return reply.code(204).send()
  })

  app.get('/_sim/webhook-public-key', async (_request, reply) => reply.type('text/plain; charset=utf-8').send(options.signer.publicKeyPem))
}

function invalid(message: string, problems: readonly ChangeProblem[]) {
  return { message, errors: problems }
}
