// Webhook to marketplace, the whole system: `listing-sync start` on a fresh local stack (its own
// folder, so topics start empty), Amazon's simulator unthrottled, saves made through the Magento
// simulator at a fixed rate, after a warm-up at the same rate (BENCH_WARMUP_MS, not counted).
// Latency of a save: from the moment the save is sent to the Magento simulator (which fires the
// signed webhook) until the dispatcher wrote its ACCEPTED result for the event to
// listing.amazon.result.v1 (the record's timestamp). Run: npm run bench -- end-to-end (stop the
// dev stack first: ports).
import { spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AvroRegistry, CATALOG_PRODUCT_TOPIC, createKafka, marketplaceTopicNames } from '@listing-sync/kafka'
import { createLogger } from '@listing-sync/observability'
import { processStat } from './service-process.js'
import { machine, median, writeResult } from './support.js'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const RATE = Number(process.env.BENCH_RATE ?? 200)
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 20_000)
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 5_000)
const UNLIMITED = { rate: 10_000, burst: 10_000 }

export async function run() {
  const stackDir = await mkdtemp(join(tmpdir(), 'listing-sync-e2e-stack-'))
  const child = spawn(process.execPath, ['packages/cli/bin/listing-sync.js', 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      LISTING_SYNC_STACK_DIR: stackDir,
      AMAZON_SIM_RATE_LIMITS: 'off',
      DISPATCHER_RATE_LIMITS: JSON.stringify({ putListingsItem: UNLIMITED, patchListingsItem: UNLIMITED, deleteListingsItem: UNLIMITED }),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  try {
    for (let waited = 0; !output.includes('Ctrl-C stops everything'); waited += 250) {
      if (waited > 180_000 || child.exitCode !== null) throw new Error(`listing-sync start did not come up:\n${output}`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    const log = createLogger({ service: 'bench-e2e', level: 'warn' })
    const kafka = createKafka({ brokers: ['localhost:9092'], clientId: 'bench-e2e', log })
    const registry = new AvroRegistry('http://localhost:8081/apis/ccompat/v7')
    const accepted = new Map<string, number>()
    // Where the time goes: when each stage's record of an event was written (broker timestamps).
    const stages = { canonical: new Map<string, number>(), listing: new Map<string, number>(), result: new Map<string, number>() }
    const topics = { [CATALOG_PRODUCT_TOPIC]: stages.canonical, [marketplaceTopicNames('amazon').listings]: stages.listing, [marketplaceTopicNames('amazon').results]: stages.result }
    const consumer = kafka.consumer({ groupId: `bench-e2e-${Date.now()}` })
    await consumer.connect()
    await consumer.subscribe({ topics: Object.keys(topics), fromBeginning: true })
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const eventId = message.headers?.['event-id']?.toString()
        if (eventId === undefined) return
        topics[topic]!.set(eventId, Number(message.timestamp))
        if (topic !== marketplaceTopicNames('amazon').results) return
        const result = await registry.decode<{ outcome: string; sourceEventId: string }>(message.value!)
        // When the dispatcher wrote the result (its producer's timestamp, this machine's clock).
        if (result.outcome === 'ACCEPTED') accepted.set(result.sourceEventId, Number(message.timestamp))
      },
    })

    const skus = await simpleSkus()
    let next = 0
    /** Saves at RATE for `ms`, open loop; returns when each save was sent (Date ms), by webhook request id. */
    const saveAtRate = async (ms: number) => {
      const sent = new Map<string, number>()
      let failures = 0
      const start = performance.now()
      const inFlight: Promise<void>[] = []
      for (let index = 0; performance.now() - start < ms; index++) {
        const wait = start + (index * 1000) / RATE - performance.now()
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait))
        const sku = skus[next++ % skus.length]!
        const began = Date.now()
        inFlight.push(
          fetch(`http://localhost:9001/_sim/products/${encodeURIComponent(sku)}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ price: 20 + (index % 50) }) })
            .then(async (response) => {
              const body = (await response.json()) as { webhook?: { status: number; requestId: string } }
              if (body.webhook?.status === 200) sent.set(body.webhook.requestId, began)
              else failures++
            })
            .catch(() => {
              failures++
            }),
        )
      }
      await Promise.all(inFlight)
      // Allow the pipeline to settle: every save of a distinct SKU is delivered.
      const settleStart = performance.now()
      while (performance.now() - settleStart < 60_000 && [...sent.keys()].filter((id) => accepted.has(id)).length < sent.size * 0.99) await new Promise((resolve) => setTimeout(resolve, 250))
      return { sent, failures }
    }
    // A warm-up, not counted: consumers have joined their groups, caches (option labels, the
    // configurable index, LWA tokens) are filled and the code is compiled, as in a running system.
    await saveAtRate(WARMUP_MS)
    const cpuBefore = await cpuByProcess(child.pid!, stackDir)
    const { sent, failures } = await saveAtRate(DURATION_MS)
    const cpuAfter = await cpuByProcess(child.pid!, stackDir)
    // CPU milliseconds each process spent per save over the measured run (settling included).
    const cpuMsPerSave = Object.fromEntries([...cpuAfter].map(([name, seconds]) => [name, Math.round(((seconds - (cpuBefore.get(name) ?? 0)) * 1000 * 10) / sent.size) / 10]))
    await consumer.disconnect()

    const latencies = [...sent].flatMap(([id, began]) => (accepted.has(id) ? [accepted.get(id)! - began] : [])).sort((a, b) => a - b)
    const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0)
    const result = {
      benchmark: 'end-to-end',
      machine: machine(),
      ratePerSecond: RATE,
      durationMs: DURATION_MS,
      warmupMs: WARMUP_MS,
      saves: sent.size,
      failedSaves: failures,
      acceptedOnAmazon: latencies.length,
      latencyMs: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) },
      // Medians, ms: save sent → canonical event written (ingest), → listing written (transformer), → result written (dispatcher).
      cpuMsPerSave,
      stageMedianMs: {
        ingest: medianGap([...sent], stages.canonical),
        transformer: medianGap([...stages.canonical], stages.listing),
        dispatcher: medianGap([...stages.listing], stages.result),
      },
    }
    await writeResult(result)
    console.log(result)
    console.table({
      'webhook → Amazon accepted, p50': { figure: `${result.latencyMs.p50} ms`, target: '≤ 100 ms', met: result.latencyMs.p50 <= 100 },
      'webhook → Amazon accepted, p99': { figure: `${result.latencyMs.p99} ms`, target: '≤ 500 ms', met: result.latencyMs.p99 <= 500 },
    })
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGINT')
    await exited
    await rm(stackDir, { recursive: true, force: true })
  }
}

/** SKUs of simple products of the simulated catalog (variation children included), which list on Amazon. */
async function simpleSkus(): Promise<string[]> {
  const response = await fetch('http://localhost:9001/rest/V1/products?searchCriteria[pageSize]=5000', { headers: { authorization: 'Bearer sim-admin-token' } })
  const { items } = (await response.json()) as { items: { sku: string; type_id: string }[] }
  return items.filter((item) => item.type_id === 'simple' && !item.sku.startsWith('24-WG') && !item.sku.startsWith('24-MG')).map((item) => item.sku)
}

/**
 * CPU seconds so far of each process of the run, by name: `listing-sync start`'s children (its
 * process group; named by their entry file) and the stack's broker and registry (named by their
 * main class or jar, found by the stack folder in their command line).
 */
async function cpuByProcess(group: number, stackDir: string): Promise<Map<string, number>> {
  const cpu = new Map<string, number>()
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const command = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0')
      const stat = await processStat(Number(entry))
      const line = command.join(' ')
      let name: string | undefined
      if (stat.processGroup === group) name = command.find((arg) => arg.endsWith('main.ts'))?.replace(/^(services|simulators)\/([^/]+)\/.*/, '$2') ?? (command.some((arg) => arg.includes('listing-sync.js')) ? 'listing-sync start' : undefined)
      else if (line.includes(stackDir)) name = line.includes('kafka.Kafka') ? 'kafka' : line.includes('apicurio') ? 'registry' : undefined
      if (name !== undefined) cpu.set(name, (cpu.get(name) ?? 0) + stat.cpuSeconds)
    } catch {
      // The process ended meanwhile.
    }
  }
  return cpu
}

/** Median of `to[id] - from` over the events both have. */
function medianGap(from: readonly (readonly [string, number])[], to: ReadonlyMap<string, number>): number {
  return Math.round(median(from.flatMap(([id, time]) => (to.has(id) ? [to.get(id)! - time] : []))))
}
