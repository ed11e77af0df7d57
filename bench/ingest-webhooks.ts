// Ingest under load: sustained webhooks/s acknowledged by Kafka, answer latency at a fixed rate,
// ingest's peak RSS, and backfill speed. Run: npm run bench -- ingest-webhooks
// Needs nothing running: it starts the local stack if needed, a Magento simulator and ingest as
// separate processes on their own ports (9101, 8180), so `npm start` may run beside it.
import { execFile } from 'node:child_process'
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { LocalStack } from '@listing-sync/stack'
import { runLoad, type LoadRequest } from './load-generator.js'
import { sampleRss, ServiceProcess } from './service-process.js'
import { machine, writeResult } from './support.js'

const SIM_PORT = 9101
const INGEST_PORT = 8180
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20)

export async function run() {
  const stack = new LocalStack()
  await stack.up(['amazon', 'b2b'])
  const dir = await mkdtemp(join(tmpdir(), 'listing-sync-bench-ingest-'))
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const publicKeyFile = join(dir, 'webhook.pub.pem')
  await writeFile(publicKeyFile, keys.publicKey.export({ type: 'spki', format: 'pem' }))

  const magento = await ServiceProcess.start(
    'magento-simulator',
    'simulators/magento/src/main.ts',
    { PORT: String(SIM_PORT), MAGENTO_WEBHOOK_URL: '', LOG_LEVEL: 'warn' },
    `http://localhost:${SIM_PORT}/healthz`,
    join(dir, 'magento.log'),
  )
  const env = {
    INGEST_PORT: String(INGEST_PORT),
    MAGENTO_BASE_URL: `http://localhost:${SIM_PORT}`,
    MAGENTO_WEBHOOK_PUBLIC_KEY_FILE: publicKeyFile,
    KAFKA_BROKERS: stack.endpoints.brokers.join(','),
    SCHEMA_REGISTRY_URL: stack.endpoints.registryUrl,
    LOG_LEVEL: 'info',
  }
  // BENCH_PROFILE=1 writes a V8 CPU profile of ingest into the run's folder (printed at the end).
  const nodeArgs = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []
  const ingest = await ServiceProcess.start('ingest', 'services/ingest/src/main.ts', env, `http://localhost:${INGEST_PORT}/healthz`, join(dir, 'ingest.log'), nodeArgs)
  try {
    await waitReady(`http://localhost:${INGEST_PORT}/readyz`)
    const bodies = await signedBodies(`http://localhost:${SIM_PORT}`, keys.privateKey)
    const next = (index: number): LoadRequest => {
      const { body, signature } = bodies[index % bodies.length]!
      return {
        path: '/webhooks/magento',
        body,
        headers: { 'content-type': 'application/json', 'x-adobe-commerce-webhook-signature': signature, 'x-adobe-commerce-request-id': randomUUID() },
      }
    }
    const target = { host: '127.0.0.1', port: INGEST_PORT, next }
    await runLoad({ ...target, mode: { kind: 'closed', concurrency: 32 }, durationMs: 3000 })

    const rss = sampleRss(ingest)
    const sustained = await runLoad({ ...target, mode: { kind: 'closed', concurrency: 64 }, durationMs: SECONDS * 1000 })
    console.log('closed loop, 64 in flight:', sustained)
    const atThousand = await runLoad({ ...target, mode: { kind: 'open', ratePerSecond: 1000 }, durationMs: SECONDS * 1000 })
    console.log('open loop, 1,000/s:', atThousand)
    const peakRssMB = Math.round(rss.stop() / 2 ** 20)

    const backfill = await runBackfill(env)
    console.log('backfill:', backfill)
    const result = { benchmark: 'ingest-webhooks', machine: machine(), seconds: SECONDS, sustained, atThousand, peakRssMB, backfill }
    await writeResult(result)
    console.log(`sustained ${sustained.ratePerSecond}/s; at 1,000/s p99 ${atThousand.latencyMs.p99} ms; peak RSS ${peakRssMB} MB; backfill ${backfill.productsPerSecond}/s`)
  } finally {
    await ingest.stop()
    await magento.stop()
    console.log(`logs${process.env.BENCH_PROFILE ? ' and CPU profile' : ''} in ${dir}`)
  }
}

async function waitReady(url: string) {
  for (let i = 0; i < 150; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`${url} never became ready`)
}

/** Real catalog products in the plugin hook shape (`{product, saveOptions}`), signed as Commerce signs. */
async function signedBodies(magentoUrl: string, privateKey: ReturnType<typeof generateKeyPairSync>['privateKey']) {
  const response = await fetch(`${magentoUrl}/rest/V1/products?searchCriteria[pageSize]=300&searchCriteria[currentPage]=1`, {
    headers: { authorization: 'Bearer sim-admin-token' },
  })
  const { items } = (await response.json()) as { items: unknown[] }
  return items.map((product) => {
    const body = Buffer.from(JSON.stringify({ product, saveOptions: true }))
    return { body, signature: createSign('SHA256').update(body).sign(privateKey, 'base64') }
  })
}

/** Runs `listing-sync backfill --restart` over the whole simulated catalog. */
async function runBackfill(env: Record<string, string>) {
  const started = performance.now()
  const cli = fileURLToPath(new URL('../packages/cli/bin/listing-sync.js', import.meta.url))
  const { stdout } = await promisify(execFile)(process.execPath, [cli, 'backfill', '--restart'], { env: { ...process.env, ...env, LOG_LEVEL: 'warn' } })
  const processMs = Math.round(performance.now() - started)
  const published = Number(/(\d+) products published/.exec(stdout)?.[1] ?? 0)
  // The run's own time, without Node, tsx and the broker connection starting up.
  const runMs = Number(/in ([\d.]+) s/.exec(stdout)?.[1] ?? 0) * 1000
  return { published, runMs, processMs, productsPerSecond: Math.round((published / runMs) * 1000), output: stdout.trim() }
}
