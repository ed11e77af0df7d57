import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { previewListing } from '@listing-sync/cli/preview'
import { dispatcherGroup } from '@listing-sync/dispatcher'
import { isAppError } from '@listing-sync/errors'
import { CATALOG_PRODUCT_TOPIC, CONSOLE_DISCARDS_TOPIC, createProducer, ensureTopics, topicCatalog } from '@listing-sync/kafka'
import { connectPipeline, createHttpService, type HttpService } from '@listing-sync/service'
import { TRANSFORMER_GROUP } from '@listing-sync/transformer'
import { InboxActions, type ActionReport } from './actions/inbox-actions.js'
import type { ConsoleConfig } from './console-config.js'
import { filterEntries, inboxPage, type InboxFilter } from './pages/inbox-page.js'
import { overviewPage, type Overview } from './pages/overview-page.js'
import { skuPreviewPage } from './pages/sku-preview-page.js'
import { skuSearchPage, skuTracePage } from './pages/sku-trace-page.js'
import { IndexFeed } from './state/index-feed.js'
import { readRecordAt } from './state/record-at.js'
import { SyncIndex, type InboxEntry } from './state/sync-index.js'
import { MarketplaceStatusBoard } from './status/marketplace-status.js'
import { csrfToken, isLocalPath, registerConsoleAuth } from './web/console-auth.js'

/** The console service, for its main and for tests that run it in-process. */
export interface ConsoleApp {
  readonly http: HttpService
  readonly index: SyncIndex
  /** Provisions its topic, then reads the topology's topics until the index has caught up. */
  start(): Promise<void>
}

const require = createRequire(import.meta.url)
// Found through the package, so the same path works from the sources and from dist/console.mjs.
const assetsDir = join(dirname(require.resolve('@listing-sync/console/package.json')), 'assets')
const ASSETS: Record<string, { file: string; type: string }> = {
  'console.css': { file: join(assetsDir, 'console.css'), type: 'text/css' },
  'overview.js': { file: join(assetsDir, 'overview.js'), type: 'text/javascript' },
  'trace.js': { file: join(assetsDir, 'trace.js'), type: 'text/javascript' },
  // uPlot: small, fast time-series charts; served from the package, no CDN.
  'uPlot.iife.min.js': { file: require.resolve('uplot/dist/uPlot.iife.min.js'), type: 'text/javascript' },
  'uPlot.min.css': { file: require.resolve('uplot/dist/uPlot.min.css'), type: 'text/css' },
}
const SKU_SEARCH_LIMIT = 50

/**
 * The operations console: a small service of its own (not part of ingest, which stays lean on the
 * Magento save path) that reads every topic into an in-memory index and serves the overview, the
 * inbox of dead letters and `.invalid` products with replay and discard, a trace per SKU and the
 * preview, behind a token sign-in.
 */
export async function createConsoleApp(config: ConsoleConfig): Promise<ConsoleApp> {
  const http = createHttpService({ name: 'console', logLevel: config.LOG_LEVEL })
  const { app, log } = http
  const pipeline = await connectPipeline('console', config, log)
  http.addReadinessChecks(pipeline.checks)
  const index = new SyncIndex(config.MARKETPLACES)
  const feed = new IndexFeed(pipeline.kafka, pipeline.admin, pipeline.registry, index, log)
  const board = new MarketplaceStatusBoard({ admin: pipeline.admin, index, dispatcherGroup, mapping: { group: TRANSFORMER_GROUP, topic: CATALOG_PRODUCT_TOPIC }, metricsUrls: config.CONSOLE_METRICS_URLS, log, intervalMs: config.CONSOLE_SAMPLE_MS })
  const producer = createProducer(pipeline.kafka)
  let actions: InboxActions | undefined
  http.addReadinessChecks({
    index: () => (feed.caughtUpSince === null ? Promise.reject(new Error('still reading the topics')) : Promise.resolve()),
  })
  app.addHook('onClose', async () => {
    board.stop()
    await feed.stop()
    await producer.disconnect()
    await pipeline.close()
  })

  await registerConsoleAuth(app, { token: config.CONSOLE_TOKEN, sessionHours: config.CONSOLE_SESSION_HOURS, log })

  const unknownMarketplace = { error: 'bad request', message: `marketplace: must be one of ${config.MARKETPLACES.join(', ')}` }

  // `since` (ms): only newer chart points, so the page's poll every 2 s stays small.
  const overview = (since = 0): Overview => ({
    marketplaces: board.statuses().map((status) => ({ ...status, history: status.history.filter((point) => point.at > since) })),
    recentFailures: index.openEntries().slice(0, 10),
    skus: index.skuCount,
    caughtUpSince: feed.caughtUpSince,
  })

  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const asset = ASSETS[request.params.name]
    if (asset === undefined) return reply.code(404).send({ error: 'not found' })
    return reply.type(asset.type).header('cache-control', 'max-age=300').send(await readFile(asset.file))
  })
  app.get('/', (_request, reply) => reply.type('text/html').send(overviewPage(overview(), csrfToken(reply))))
  app.get<{ Querystring: { since?: string } }>('/api/overview', (request, reply) => reply.send(overview(Number(request.query.since) || 0)))

  app.get<{ Querystring: Record<string, string | undefined> }>('/inbox', (request, reply) => {
    const filter = inboxFilter(request.query, config.MARKETPLACES)
    const entries = filterEntries(index.openEntries(), filter)
    return reply.type('text/html').send(inboxPage(entries, filter, config.MARKETPLACES, request.query.notice ?? null, csrfToken(reply)))
  })
  app.get<{ Querystring: Record<string, string | undefined> }>('/api/inbox', (request, reply) => {
    const filter = inboxFilter(request.query, config.MARKETPLACES)
    return reply.send({ entries: filterEntries(index.openEntries(), filter) })
  })

  // One endpoint for the pages' forms and for scripts (JSON with a Bearer token): `action` is
  // replay or discard of the entries named by `id`, or replay-all / discard-all of the filter.
  app.post<{ Body: Record<string, string | string[] | undefined> }>('/inbox/actions', async (request, reply) => {
    const body = request.body ?? {}
    const action = String(body.action ?? '')
    if (!['replay', 'discard', 'replay-all', 'discard-all'].includes(action)) {
      return reply.code(400).send({ error: 'bad request', message: 'action: must be one of replay, discard, replay-all, discard-all' })
    }
    const filter = inboxFilter(body as Record<string, string | undefined>, config.MARKETPLACES)
    const ids = ([] as string[]).concat(body.id ?? [])
    const entries: InboxEntry[] = action.endsWith('-all') ? filterEntries(index.openEntries(), filter) : index.entries(ids)
    if (!action.endsWith('-all') && ids.length > 0 && entries.length === 0) {
      return reply.code(409).send({ error: 'conflict', message: 'id: none of these entries is open any more (resolved, discarded or replaced by a newer failure)' })
    }
    if (actions === undefined) return reply.code(503).header('retry-after', '5').send({ error: 'unavailable', message: 'the console is still starting' })
    let report: ActionReport
    try {
      report = action.startsWith('replay') ? await actions.replay(entries) : await actions.discard(entries)
    } catch (error) {
      log.error({ err: error, action }, 'inbox action failed')
      if (isAppError(error)) return reply.code(error.status).send({ error: error.code, message: error.message })
      throw error
    }
    if (request.viaBearer || request.headers['content-type']?.includes('application/json')) return report
    const back = isLocalPath(body.back) ? body.back : `/inbox?marketplace=${filter.marketplace ?? ''}&kind=${filter.kind ?? ''}&q=${encodeURIComponent(filter.q)}`
    return reply.redirect(`${back}${back.includes('?') ? '&' : '?'}notice=${encodeURIComponent(report.message)}`)
  })

  app.get<{ Querystring: { q?: string } }>('/skus', (request, reply) => {
    const q = (request.query.q ?? '').trim()
    if (q !== '' && index.trace(q).length > 0) return reply.redirect(`/skus/${encodeURIComponent(q)}`)
    return reply.type('text/html').send(skuSearchPage(q, q === '' ? [] : index.findSkus(q, SKU_SEARCH_LIMIT), SKU_SEARCH_LIMIT, csrfToken(reply)))
  })
  app.get<{ Params: { sku: string } }>('/skus/:sku', (request, reply) => {
    const { sku } = request.params
    const open = index.openEntries().filter((entry) => entry.sku === sku)
    return reply.type('text/html').send(skuTracePage(sku, index.trace(sku), config.MARKETPLACES, open, csrfToken(reply)))
  })
  app.get<{ Params: { sku: string } }>('/api/skus/:sku', (request, reply) => reply.send({ sku: request.params.sku, steps: index.trace(request.params.sku) }))

  // The payload a marketplace last accepted: the listing record whose event and hash the newest
  // accepted outcome names, read from its topic by position.
  app.get<{ Params: { sku: string }; Querystring: { marketplace?: string } }>('/api/skus/:sku/sent', async (request, reply) => {
    const { sku } = request.params
    const marketplace = request.query.marketplace ?? ''
    if (!config.MARKETPLACES.includes(marketplace)) return reply.code(400).send(unknownMarketplace)
    const steps = index.trace(sku).filter((step) => step.marketplace === marketplace)
    const accepted = steps.filter((step) => step.stage === 'accepted').at(-1)
    const listing = accepted && steps.filter((step) => (step.stage === 'listed' || step.stage === 'replayed') && step.eventId === accepted.eventId && step.payloadHash === accepted.payloadHash).at(-1)
    if (listing === undefined) return { sku, marketplace, payload: null, acceptedAt: accepted?.at ?? null }
    const record = await readRecordAt(pipeline.kafka, listing.topic, listing.partition, listing.offset)
    const update = record?.value ? await pipeline.registry.decode<{ payloadJson: string | null }>(record.value) : null
    return { sku, marketplace, acceptedAt: accepted!.at, reference: accepted!.reference ?? null, payload: update?.payloadJson ? (JSON.parse(update.payloadJson) as unknown) : null }
  })

  app.get<{ Params: { sku: string }; Querystring: { marketplace?: string } }>('/skus/:sku/preview', async (request, reply) => {
    const marketplace = request.query.marketplace ?? ''
    if (!config.MARKETPLACES.includes(marketplace)) return reply.code(400).send(unknownMarketplace)
    try {
      const preview = await previewListing({ kafka: pipeline.kafka, registry: pipeline.registry, mappingsDir: config.MAPPINGS_DIR }, request.params.sku, marketplace)
      return reply.type('text/html').send(skuPreviewPage(preview, csrfToken(reply)))
    } catch (error) {
      if (isAppError(error)) return reply.code(error.status).send({ error: error.code, message: error.message })
      throw error
    }
  })

  return {
    http,
    index,
    async start() {
      const spec = topicCatalog(config.MARKETPLACES).filter((candidate) => candidate.name === CONSOLE_DISCARDS_TOPIC)
      await ensureTopics(pipeline.admin, spec)
      const schemaIds = await pipeline.registry.registerTopicSchemas(spec)
      await producer.connect()
      actions = new InboxActions({
        kafka: pipeline.kafka,
        registry: pipeline.registry,
        producer,
        index,
        discardSchemaId: schemaIds.get(CONSOLE_DISCARDS_TOPIC)!,
        pipeline: config,
        mappingsDir: config.MAPPINGS_DIR,
        log,
      })
      await feed.start()
      // Sampled from here on: outcomes read while catching up are history, not a rate.
      board.start()
    },
  }
}

function inboxFilter(query: Record<string, string | undefined>, marketplaces: readonly string[]): InboxFilter {
  const marketplace = query.marketplace && marketplaces.includes(query.marketplace) ? query.marketplace : null
  const kind = query.kind === 'dlt' || query.kind === 'invalid' ? query.kind : null
  const page = Math.max(1, Number.parseInt(query.page ?? '1', 10) || 1)
  return { marketplace, kind, q: query.q ?? '', page }
}
