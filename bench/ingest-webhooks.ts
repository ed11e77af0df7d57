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
import { Kafka, logLevel } from 'kafkajs'
import { INGEST_CHANGES_TOPIC } from '@listing-sync/kafka'
import { LocalStack } from '@listing-sync/stack'
import { ENRICHER_GROUP } from '../services/ingest/src/pipeline/enricher.js'
import { INGEST_NODE_FLAGS } from '../services/ingest/src/node-flags.js'
import { runLoad, type LoadRequest } from './load-generator.js'
import { sampleRss, ServiceProcess } from './service-process.js'
import { machine, profileNodeArgs, serviceNodeArgs, writeResult } from './support.js'

const SIM_PORT = 9101
const INGEST_PORT = 8180
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20)

export async function run() {
  // Ingest and the simulator run from the production bundles (dist/), built here.
  await promisify(execFile)(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../scripts/build-services.ts', import.meta.url))], {
    cwd: fileURLToPath(new URL('../', import.meta.url)),
  })
  const stack = new LocalStack()
  await stack.up(['amazon', 'b2b'])
  const dir = await mkdtemp(join(tmpdir(), 'listing-sync-bench-ingest-'))
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const publicKeyFile = join(dir, 'webhook.pub.pem')
  await writeFile(publicKeyFile, keys.publicKey.export({ type: 'spki', format: 'pem' }))

  const magento = await ServiceProcess.start(
    'magento-simulator',
    'dist/magento-simulator.mjs',
    { PORT: String(SIM_PORT), MAGENTO_WEBHOOK_URL: '', LOG_LEVEL: 'warn', LISTING_SYNC_FIXTURES_DIR: fileURLToPath(new URL('../../shared/fixtures/', import.meta.url)) },
    `http://localhost:${SIM_PORT}/healthz`,
    join(dir, 'magento.log'),
  )
  const env = {
    INGEST_PORT: String(INGEST_PORT),
    MAGENTO_BASE_URL: `http://localhost:${SIM_PORT}`,
    MAGENTO_WEBHOOK_PUBLIC_KEY_FILE: publicKeyFile,
    KAFKA_BROKERS: stack.endpoints.brokers.join(','),
    SCHEMA_REGISTRY_URL: stack.endpoints.registryUrl,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    LISTING_SYNC_SCHEMAS_DIR: fileURLToPath(new URL('../schemas/', import.meta.url)),
  }
  // BENCH_PROFILE=1 writes a V8 CPU profile of each ingest process into the run's folder (printed at
  // the end), named with the process id that starts its log.
  // BENCH_NODE_ARGS replaces the production flags only for the process that answers webhooks (whose RSS is measured).
  const nodeArgs = serviceNodeArgs(INGEST_NODE_FLAGS, dir)
  let ingest: ServiceProcess | undefined
  let enricher: ServiceProcess | undefined
  try {
    // BENCH_SPLIT=1: webhook receiver and enricher as two processes (INGEST_ROLES), as a deployment
    // that scales them separately would run; RSS is then the receiver's.
    const split = Boolean(process.env.BENCH_SPLIT)
    ingest = await ServiceProcess.start('ingest', 'dist/ingest.mjs', { ...env, ...(split ? { INGEST_ROLES: 'webhooks' } : {}) }, `http://localhost:${INGEST_PORT}/healthz`, join(dir, 'ingest.log'), nodeArgs)
    if (split) {
      enricher = await ServiceProcess.start('ingest-enricher', 'dist/ingest.mjs', { ...env, INGEST_PORT: String(INGEST_PORT + 1), INGEST_ROLES: 'enricher' }, `http://localhost:${INGEST_PORT + 1}/healthz`, join(dir, 'enricher.log'), [...INGEST_NODE_FLAGS, ...profileNodeArgs(dir)])
      // BENCH_ENRICHER_NICE=n: the enricher at a lower CPU priority, as a deployment that puts the
      // receiver (inside Magento's save) first would run it; it then catches up after a burst.
      if (process.env.BENCH_ENRICHER_NICE) await enricher.renice(Number(process.env.BENCH_ENRICHER_NICE))
    }
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
    const idleRssMB = Math.round((await ingest.rssBytes()) / 2 ** 20)
    const target = { host: '127.0.0.1', port: INGEST_PORT, next }
    await runLoad({ ...target, mode: { kind: 'closed', concurrency: 32 }, durationMs: 3000 })

    const rss = sampleRss(ingest)
    // CPU per accepted webhook, from the process's own counter: unlike the rate, it hardly
    // depends on what else runs on the machine, so it compares changes across runs.
    const cpu = cpuMeter([INGEST_PORT, ...(split ? [INGEST_PORT + 1] : [])])
    await cpu.start()
    // wrk (C, Debian package) drives the maximum-throughput run when installed: a Node load
    // generator would take half a core from the service it measures on this 2-core machine.
    const sustainedLoad = (await hasWrk())
      ? await runWrk(bodies, dir, SECONDS)
      : await runLoad({ ...target, mode: { kind: 'closed', concurrency: 64 }, durationMs: SECONDS * 1000 })
    // The enricher works through the backlog the burst left; measuring latency meanwhile would
    // measure that catch-up, so wait for it (and report how long it took).
    const drain = await waitForEnricher(stack.endpoints.brokers)
    const sustained = { ...sustainedLoad, cpuMsPerWebhook: await cpu.perRequest(sustainedLoad.ok) }
    console.log('closed loop, 64 in flight:', sustained)
    console.log('enricher drained the burst backlog in', drain, 'ms')
    const atThousandLoad = await runLoad({ ...target, mode: { kind: 'open', ratePerSecond: 1000 }, durationMs: SECONDS * 1000 })
    const atThousand = { ...atThousandLoad, cpuMsPerWebhook: await cpu.perRequest(atThousandLoad.ok) }
    console.log('open loop, 1,000/s:', atThousand)
    const peakRssMB = Math.round(rss.stop() / 2 ** 20)

    const backfill = await runBackfill(env)
    console.log('backfill:', backfill)
    const result = { benchmark: 'ingest-webhooks', machine: machine(), seconds: SECONDS, sustained, enricherDrainMs: drain, atThousand, idleRssMB, peakRssMB, backfill }
    await writeResult(result)
    console.log(
      `sustained ${sustained.ratePerSecond}/s (CPU ms/webhook ${sustained.cpuMsPerWebhook.join(' + ')}); at 1,000/s p99 ${atThousand.latencyMs.p99} ms; RSS ${idleRssMB} MB idle, ${peakRssMB} MB peak; backfill ${backfill.productsPerSecond}/s`,
    )
  } finally {
    await ingest?.stop()
    await enricher?.stop()
    await magento.stop()
    console.log(`logs${process.env.BENCH_PROFILE ? ' and CPU profile' : ''} in ${dir}`)
  }
}

/**
 * CPU time of the ingest processes listening on `ports` (process_cpu_seconds_total of their
 * /metrics), per request since the previous reading: one figure per process, in ms.
 */
function cpuMeter(ports: readonly number[]) {
  const read = () =>
    Promise.all(
      ports.map(async (port) => {
        const text = await (await fetch(`http://localhost:${port}/metrics`)).text()
        return Number(/^process_cpu_seconds_total(?:\{[^}]*\})? ([\d.e+-]+)$/m.exec(text)?.[1] ?? Number.NaN)
      }),
    )
  let last: number[] = []
  return {
    async start() {
      last = await read()
    },
    async perRequest(requests: number): Promise<number[]> {
      const now = await read()
      const perRequest = now.map((seconds, index) => Number((((seconds - last[index]!) * 1000) / Math.max(requests, 1)).toFixed(3)))
      last = now
      return perRequest
    },
  }
}

/** Waits until the enricher's committed offsets reach the end of ingest.magento.changes.v1; returns the wait. */
async function waitForEnricher(brokers: string[]): Promise<number> {
  const started = performance.now()
  const admin = new Kafka({ brokers, clientId: 'bench', logLevel: logLevel.NOTHING }).admin()
  await admin.connect()
  try {
    for (;;) {
      const ends = await admin.fetchTopicOffsets(INGEST_CHANGES_TOPIC)
      const [committed] = await admin.fetchOffsets({ groupId: ENRICHER_GROUP, topics: [INGEST_CHANGES_TOPIC] })
      const lag = ends.reduce((sum, end) => {
        const offset = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1'
        return sum + Number(end.offset) - Math.max(Number(offset), 0)
      }, 0)
      if (lag === 0) return Math.round(performance.now() - started)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  } finally {
    await admin.disconnect()
  }
}

async function hasWrk(): Promise<boolean> {
  return promisify(execFile)('wrk', ['--version']).then(() => true, (error: { stdout?: string }) => Boolean(error.stdout?.includes('wrk')))
}

/** 64 connections for `seconds` with wrk; ok = requests minus non-2xx answers and socket errors. */
async function runWrk(bodies: { body: Buffer; signature: string }[], dir: string, seconds: number) {
  const requestsFile = join(dir, 'requests.tsv')
  await writeFile(requestsFile, bodies.map(({ body, signature }) => `${signature}\t${body.toString()}`).join('\n') + '\n')
  const script = fileURLToPath(new URL('./wrk-webhooks.lua', import.meta.url))
  const { stdout } = await promisify(execFile)('wrk', ['-t1', '-c64', `-d${seconds}s`, '--latency', '-s', script, `http://127.0.0.1:${INGEST_PORT}/webhooks/magento`, '--', requestsFile])
  const number = (pattern: RegExp) => Number(pattern.exec(stdout)?.[1] ?? 0)
  const sent = number(/(\d+) requests in/)
  const failed = number(/Non-2xx or 3xx responses: (\d+)/) + number(/Socket errors: connect (\d+)/)
  const ms = (label: string) => {
    const match = new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`).exec(stdout)
    if (!match) return 0
    return Number(match[1]) * ({ us: 0.001, ms: 1, s: 1000 } as Record<string, number>)[match[2]!]!
  }
  return {
    tool: 'wrk',
    sent,
    ok: sent - failed,
    ratePerSecond: Math.round((sent - failed) / seconds),
    latencyMs: { p50: ms('50'), p90: ms('90'), p99: ms('99') },
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
