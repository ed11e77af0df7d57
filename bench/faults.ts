// `npm run bench -- faults`: the burst, and during it every fault that broke the manual process and
// the plugins: each service killed with SIGKILL once and started again, the broker restarted once,
// a 60 s 503 window and a 429 storm on each marketplace, and webhooks delivered twice and out of
// order. Then: the time until every marketplace is consistent with Magento again, and lost (missing
// at the end), stale and duplicate writes, which must all be zero.
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Logger } from '@listing-sync/observability'
import { WebhookSigner } from '../simulators/magento/src/webhook/webhook-signer.js'
import { AMAZON_UNTHROTTLED, runBurstScenario, SIMULATOR_URLS } from './system/burst-scenario.js'
import type { LocalSystem } from './system/local-system.js'

const SERVICES = ['ingest', 'transformer', 'dispatcher-amazon', 'dispatcher-b2b', 'console']

export async function run() {
  await runBurstScenario({
    name: 'faults',
    saves: Number(process.env.BENCH_SAVES ?? 10_000),
    skus: Number(process.env.BENCH_SKUS ?? 2_000),
    seconds: Number(process.env.BENCH_SECONDS ?? 10),
    settleTimeoutMs: 15 * 60_000,
    system: {
      env: AMAZON_UNTHROTTLED.env,
      processEnv: {
        'dispatcher-amazon': AMAZON_UNTHROTTLED.dispatcherEnv,
        // Saves whose webhook found ingest or the broker down are Magento's to repeat; reconcile finds them.
        ingest: { RECONCILE_INTERVAL_SECONDS: '20' },
      },
    },
    during: injectFaults,
  })
}

/** The fault plan, on a timeline from the start of the burst; resolves with what was done when. */
async function injectFaults(system: LocalSystem, skus: readonly string[], log: Logger): Promise<Record<string, unknown>> {
  const started = performance.now()
  const done: { atMs: number; fault: string }[] = []
  const mark = (fault: string) => {
    done.push({ atMs: Math.round(performance.now() - started), fault })
    log.warn({ fault }, 'fault injected')
  }
  const at = async (ms: number) => sleep(Math.max(0, ms - (performance.now() - started)))
  const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.text())

  // Marketplaces: a 60 s 503 window from the start, a 429 storm after it (Amazon: no Retry-After;
  // Mirakl: with one).
  await post(`${SIMULATOR_URLS.amazon}/_sim/faults`, { type: 'status', status: 503, durationMs: 60_000 })
  await post(`${SIMULATOR_URLS.b2b}/_sim/faults`, { type: 'status', status: 503, durationMs: 60_000 })
  mark('503 window of 60 s on Amazon and Mirakl')
  const storms = (async () => {
    await at(60_000)
    await post(`${SIMULATOR_URLS.amazon}/_sim/faults`, { type: 'status', status: 429, durationMs: 20_000 })
    await post(`${SIMULATOR_URLS.b2b}/_sim/faults`, { type: 'rateLimitStorm', retryAfterSeconds: 5, durationMs: 20_000 })
    mark('429 storm of 20 s on Amazon and Mirakl')
  })()

  // Webhooks: a SKU's state is kept before the burst changes it, to be delivered again afterwards
  // (out of order: older than what Magento sent since), and a delivery is repeated byte for byte.
  const signer = WebhookSigner.fromFile(join(system.dir, 'keys', 'magento-webhook.key.pem'))
  const older = await Promise.all(skus.slice(0, 20).map(async (sku) => ((await (await fetch(`${SIMULATOR_URLS.magento}/_sim/state?sku=${encodeURIComponent(sku)}`)).json()) as { product: Record<string, unknown> }).product))

  // Each service killed once during the burst, started again a second later; the broker once.
  for (const [index, name] of SERVICES.entries()) {
    await at(1_000 + index * 1_500)
    await system.crash(name)
    mark(`${name} killed (SIGKILL)`)
    await sleep(1_000)
    await system.startProcess(name)
    mark(`${name} started again`)
  }
  await at(9_000)
  await system.restartBroker()
  mark('broker restarted')

  await at(12_000)
  const outOfOrder = await Promise.all(older.map((product) => sendWebhook(signer, product, randomUUID())))
  mark(`${outOfOrder.length} webhooks out of order (each SKU's state from before the burst)`)
  const latest = await Promise.all(skus.slice(20, 40).map(async (sku) => ((await (await fetch(`${SIMULATOR_URLS.magento}/_sim/state?sku=${encodeURIComponent(sku)}`)).json()) as { product: Record<string, unknown> }).product))
  const duplicated: number[] = []
  for (const product of latest) {
    const requestId = randomUUID()
    duplicated.push(await sendWebhook(signer, product, requestId), await sendWebhook(signer, product, requestId))
  }
  mark(`${latest.length} webhooks delivered twice (same request id and body)`)
  await storms
  return { timeline: done, outOfOrderAnswers: countStatuses(outOfOrder), duplicateAnswers: countStatuses(duplicated) }
}

/** Posts a save webhook for `product` to ingest as Commerce does; resolves with the status (0: no answer). */
async function sendWebhook(signer: WebhookSigner, product: Record<string, unknown>, requestId: string): Promise<number> {
  const body = Buffer.from(JSON.stringify({ eventName: 'observer.catalog_product_save_after', data: { product } }), 'utf8')
  const headers = { 'content-type': 'application/json', 'x-adobe-commerce-request-id': requestId, 'x-adobe-commerce-webhook-signature': signer.sign(body) }
  return fetch('http://localhost:8080/webhooks/magento', { method: 'POST', headers, body }).then(
    (response) => response.status,
    () => 0,
  )
}

const countStatuses = (statuses: readonly number[]) => statuses.reduce<Record<string, number>>((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {})
