import { readFile } from 'node:fs/promises'
import { ConsumerLagGauge, INGEST_CHANGES_TOPIC } from '@listing-sync/kafka'
import { createHttpService, type HttpService } from '@listing-sync/service'
import type { IngestConfig } from './ingest-config.js'
import { createIngestCore, type IngestCore } from './ingest-core.js'
import { ENRICHER_GROUP, Enricher } from './pipeline/enricher.js'
import { Reconciler } from './pipeline/reconciler.js'
import { WebhookAuthenticator } from './routes/webhook-auth.js'
import { registerWebhookRoute } from './routes/webhook-route.js'

/** The ingest service, for its main and for tests that run it in-process. */
export interface IngestApp {
  readonly http: HttpService
  readonly core: IngestCore
  /** Starts the enricher (and the reconcile loop when configured) once the schemas are registered, if this process has that role. */
  start(): Promise<void>
}

/** Builds ingest: webhook route, change recorder, enricher, reconcile loop, metrics and health. */
export async function createIngestApp(config: IngestConfig): Promise<IngestApp> {
  const http = createHttpService({ name: 'ingest', logLevel: config.LOG_LEVEL, bodyLimit: config.INGEST_BODY_LIMIT_BYTES })
  const log = http.log
  const core = await createIngestCore(config, log, http.metrics)
  http.addReadinessChecks({
    ...core.pipeline.checks,
    // Reachable is not enough: webhooks get 503 until the producers are connected and the schemas registered.
    recorder: () => (core.partsIfReady() === undefined ? Promise.reject(new Error('producers not connected or schemas not registered yet')) : Promise.resolve()),
  })
  const lag = new ConsumerLagGauge({ admin: core.pipeline.admin, registry: http.metrics, log })

  const publicKey = config.MAGENTO_WEBHOOK_PUBLIC_KEY_FILE ? await readFile(config.MAGENTO_WEBHOOK_PUBLIC_KEY_FILE, 'utf8') : undefined
  const authenticator = new WebhookAuthenticator({
    commercePublicKeyPem: publicKey,
    ioEvents: config.IO_EVENTS_CLIENT_ID ? { clientId: config.IO_EVENTS_CLIENT_ID, keyBaseUrl: config.IO_EVENTS_PUBLIC_KEY_BASE_URL } : undefined,
    sharedSecret: config.INGEST_SHARED_SECRET,
  })
  if (!authenticator.enabled) log.warn('no webhook signature key or shared secret configured: every webhook is accepted')
  if (config.INGEST_ROLES.includes('webhooks')) registerWebhookRoute(http.app, {
    authenticator,
    recorder: () => core.partsIfReady()?.recorder,
    metrics: core.metrics,
    bodyLimit: config.INGEST_BODY_LIMIT_BYTES,
  })

  let enricher: Enricher | undefined
  let reconciler: Reconciler | undefined
  http.app.addHook('onClose', async () => {
    lag.stop()
    await reconciler?.stop()
    await enricher?.stop()
    await core.close()
  })

  return {
    http,
    core,
    async start() {
      const { publisher, cursors } = await core.parts
      const shared = { client: core.client, context: core.context, publisher, metrics: core.metrics, log }
      if (!config.INGEST_ROLES.includes('enricher')) return
      await core.warmCaches()
      enricher = new Enricher({ ...shared, parents: core.parents, kafka: core.pipeline.kafka, registry: core.pipeline.registry, dedupWindowMs: config.INGEST_DEDUP_WINDOW_SECONDS * 1000 })
      await enricher.start()
      lag.watch(ENRICHER_GROUP, INGEST_CHANGES_TOPIC)
      lag.start()
      // Reconcile publishes canonical events too, so it runs where the enricher does.
      if (config.RECONCILE_INTERVAL_SECONDS > 0) {
        reconciler = new Reconciler({ ...shared, cursors, storeCode: config.MAGENTO_STORE_CODE, pageSize: 300 })
        reconciler.start(config.RECONCILE_INTERVAL_SECONDS * 1000)
      }
    },
  }
}
