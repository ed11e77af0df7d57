import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { AvroRegistry, createKafka } from '@listing-sync/kafka'
import { createLogger, type Logger } from '@listing-sync/observability'
import { checkConsistency, type ConsistencyReport } from '../consistency/consistency-check.js'
import { machine, writeResult } from '../support.js'
import { LocalSystem, type LocalSystemOptions } from './local-system.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const MAGENTO = 'http://localhost:9001'
const AMAZON = 'http://localhost:9002'
const B2B = 'http://localhost:9003'
const MAGENTO_TOKEN = 'sim-admin-token'
/** Pause between two consistency checks (each reads the whole catalog and both marketplaces). */
const CONSISTENCY_POLL_MS = 3_000

/** What a burst scenario varies. */
export interface BurstScenario {
  readonly name: string
  /** Processes' variables: limits lifted for `burst`, official ones for `throttled`. */
  readonly system: LocalSystemOptions
  readonly saves: number
  readonly skus: number
  readonly seconds: number
  /** Longest wait for consistency after the burst. */
  readonly settleTimeoutMs: number
  /** Faults to inject while the burst runs (given the SKUs saved); resolves with what was done. */
  readonly during?: (system: LocalSystem, skus: readonly string[], log: Logger) => Promise<Record<string, unknown>>
}

/** The simulators' URLs in a local system (the ports of `npm start`). */
export const SIMULATOR_URLS = { magento: MAGENTO, amazon: AMAZON, b2b: B2B } as const

const UNLIMITED = { rate: 10_000, burst: 10_000 }

/** Amazon's limits lifted on both sides: the simulator's and the Amazon dispatcher's budget. */
export const AMAZON_UNTHROTTLED = {
  env: { AMAZON_SIM_RATE_LIMITS: 'off' },
  dispatcherEnv: { DISPATCHER_RATE_LIMITS: JSON.stringify({ putListingsItem: UNLIMITED, patchListingsItem: UNLIMITED, deleteListingsItem: UNLIMITED }) },
} as const

/**
 * A whole-system scenario: a fresh local system (`LocalSystem`), the whole Magento catalog
 * backfilled and delivered (the baseline: every marketplace consistent), then `saves` price changes
 * of `skus` SKUs through the Magento simulator in `seconds` (each fires its signed webhook), and the
 * time until the consistency checker finds every SKU of every marketplace equal to Magento.
 */
export async function runBurstScenario(scenario: BurstScenario): Promise<void> {
  const log = createLogger({ service: `bench-${scenario.name}`, level: 'warn' })
  console.log(`${scenario.name}: starting a fresh local system…`)
  const system = await LocalSystem.start(scenario.system)
  const check = consistencyCheck(system, scenario.name, log)
  try {
    const backfillStarted = performance.now()
    await backfill(system)
    const baseline = await waitConsistent(check, scenario.settleTimeoutMs)
    const baselineMs = Math.round(performance.now() - backfillStarted)
    console.log(`baseline: catalog backfilled and consistent in ${Math.round(baselineMs / 1000)} s`)

    const skus = (await catalogSkus()).slice(0, scenario.skus)
    const callsBefore = await marketplaceCalls()
    const burstStarted = performance.now()
    let burstMs = 0
    const saves = saveBurst(skus, scenario.saves, scenario.seconds * 1000).finally(() => (burstMs = Math.round(performance.now() - burstStarted)))
    const [burst, faults] = await Promise.all([saves, scenario.during?.(system, skus, log)])
    console.log(`${burst.sent} saves of ${skus.length} SKUs sent in ${(burstMs / 1000).toFixed(1)} s (${burst.failed} answered other than 200)`)
    const settled = await waitConsistent(check, scenario.settleTimeoutMs)
    const toConsistencyMs = Math.round(performance.now() - burstStarted)
    const calls = diffCalls(callsBefore, await marketplaceCalls())
    const result = {
      benchmark: scenario.name,
      machine: machine(),
      saves: burst.sent,
      savesNot200: burst.failed,
      skus: skus.length,
      burstSeconds: burstMs / 1000,
      baselineMs,
      baselineConsistent: baseline.consistent,
      consistent: settled.consistent,
      timeToConsistencyMs: settled.consistent ? toConsistencyMs : null,
      consistencyCheckMs: settled.report.durationMs,
      report: summary(settled.report),
      // At the end: SKUs a marketplace lacks though Magento has them (lost), holds with an older
      // state (stale), and writes that changed nothing (duplicates: Amazon calls, Mirakl offer lines).
      lostWrites: settled.report.marketplaces.reduce((sum, m) => sum + m.counts.missing, 0),
      staleWrites: settled.report.marketplaces.reduce((sum, m) => sum + m.counts.stale, 0),
      duplicateWrites: calls.amazonUnchanged + calls.b2bUnchangedLines,
      marketplaceCalls: calls,
      writesPerSku: {
        amazon: round((calls.amazon.putListingsItem ?? 0) + (calls.amazon.patchListingsItem ?? 0), skus.length),
        b2bOfferLines: round(calls.b2bOfferLines, skus.length),
      },
      ...(faults === undefined ? {} : { faults }),
    }
    await writeResult(result)
    console.log(JSON.stringify({ ...result, machine: undefined }, null, 2))
    // Lost and stale writes show as not consistent; a duplicate write fails the scenario too.
    if (!settled.consistent || calls.amazonUnchanged + calls.b2bUnchangedLines > 0) process.exitCode = 1
  } finally {
    await system.stop()
  }
}

/** The consistency check of a local system's simulators and topics, with the shipped manifests. */
export function consistencyCheck(system: LocalSystem, name: string, log: Logger): () => Promise<ConsistencyReport> {
  const kafka = createKafka({ brokers: system.stack.endpoints.brokers, clientId: `bench-${name}`, log })
  const registry = new AvroRegistry(system.stack.endpoints.registryUrl)
  return () =>
    checkConsistency({
      magento: { MAGENTO_BASE_URL: MAGENTO, MAGENTO_TOKEN, MAGENTO_STORE_CODE: 'default', MAGENTO_CURRENCY: 'USD', MAGENTO_WEIGHT_UNIT: 'LB' },
      targets: [
        { kind: 'amazon', marketplace: 'amazon', url: AMAZON },
        { kind: 'mirakl', marketplace: 'b2b', url: B2B },
      ],
      mappingsDir: `${ROOT}mappings`,
      kafka,
      registry,
      log,
    })
}

/** `listing-sync backfill` against the system: the whole catalog onto catalog.product.v1. */
export async function backfill(system: LocalSystem): Promise<void> {
  const child = spawn(process.execPath, ['packages/cli/bin/listing-sync.js', 'backfill', '--restart'], {
    cwd: ROOT,
    env: { ...process.env, KAFKA_BROKERS: system.stack.endpoints.brokers.join(','), SCHEMA_REGISTRY_URL: system.stack.endpoints.registryUrl, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`backfill exited with ${code}`)
}

/**
 * Runs the check every few seconds until every marketplace is consistent or the time is up. A check
 * that fails (a read timing out on a machine busy delivering) is tried again, up to the deadline.
 */
export async function waitConsistent(check: () => Promise<ConsistencyReport>, timeoutMs: number): Promise<{ consistent: boolean; report: ConsistencyReport }> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    let report: ConsistencyReport
    try {
      report = await check()
    } catch (error) {
      if (Date.now() > deadline) throw error
      console.log(`  the check failed, trying again: ${(error as Error).message}`)
      await sleep(CONSISTENCY_POLL_MS)
      continue
    }
    const open = report.marketplaces.map((m) => `${m.marketplace}: ${m.counts.stale} stale, ${m.counts.missing} missing, ${m.counts.unexpected} unexpected`)
    const consistent = report.marketplaces.every((m) => m.counts.stale + m.counts.missing + m.counts.unexpected === 0)
    if (consistent || Date.now() > deadline) return { consistent, report }
    console.log(`  not yet consistent: ${open.join('; ')}`)
    await sleep(CONSISTENCY_POLL_MS)
  }
}

/** Simple products of the Magento catalog (the ones both manifests list), sorted. */
async function catalogSkus(): Promise<string[]> {
  const url = `${MAGENTO}/rest/default/V1/products?searchCriteria[pageSize]=5000&searchCriteria[filterGroups][0][filters][0][field]=type_id&searchCriteria[filterGroups][0][filters][0][value]=simple`
  const response = await fetch(url, { headers: { authorization: `Bearer ${MAGENTO_TOKEN}` } })
  const body = (await response.json()) as { items: { sku: string }[] }
  return body.items.map((item) => item.sku).sort()
}

/**
 * `count` saves spread evenly over `durationMs`, round-robin over the SKUs (each SKU saved
 * count/skus times, each time a new price), at most 64 in flight: the Magento simulator answers a
 * save after ingest answered its webhook, as Commerce does.
 */
async function saveBurst(skus: readonly string[], count: number, durationMs: number): Promise<{ sent: number; failed: number }> {
  let sent = 0
  let failed = 0
  const started = performance.now()
  const inFlight = new Set<Promise<void>>()
  for (let i = 0; i < count; i++) {
    const due = started + (i * durationMs) / count
    const wait = due - performance.now()
    if (wait > 0) await sleep(wait)
    while (inFlight.size >= 64) await Promise.race(inFlight)
    const sku = skus[i % skus.length]!
    // Odd cents, different for every save of a SKU: each save changes the listing.
    const price = Math.round(1000 + i * 2 + 1) / 100
    const save = fetch(`${MAGENTO}/_sim/products/${encodeURIComponent(sku)}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ price }) })
      .then((response) => {
        sent++
        if (response.status !== 200) failed++
        return response.arrayBuffer()
      })
      .then(
        () => undefined,
        () => {
          failed++
        },
      )
      .finally(() => inFlight.delete(save))
    inFlight.add(save)
  }
  await Promise.all(inFlight)
  return { sent, failed }
}

interface Calls {
  readonly amazon: Record<string, number>
  readonly amazon429: number
  /** Accepted Amazon writes that left the listing as it was: duplicates. */
  readonly amazonUnchanged: number
  readonly b2b: Record<string, number>
  readonly b2bOfferLines: number
  /** Mirakl offer lines that left the offer as it was: duplicates. */
  readonly b2bUnchangedLines: number
}

/**
 * What each marketplace simulator counted (`/_sim/stats`): Amazon calls per operation answered 200
 * (writes), 429s of its rate limits (not injected ones), Mirakl calls, offer lines imported and those that changed nothing.
 */
async function marketplaceCalls(): Promise<Calls> {
  const amazon = (await (await fetch(`${AMAZON}/_sim/stats`)).json()) as { calls: Record<string, Record<string, number>>; throttled: { rateLimit: number }; unchangedWrites: number }
  const b2b = (await (await fetch(`${B2B}/_sim/stats`)).json()) as { calls: Record<string, number>; imports: { offers: { linesRead: number; unchangedLines: number } } }
  const amazonWrites = Object.fromEntries(Object.entries(amazon.calls).map(([operation, byStatus]) => [operation, byStatus['200'] ?? 0]))
  return { amazon: amazonWrites, amazon429: amazon.throttled.rateLimit, amazonUnchanged: amazon.unchangedWrites, b2b: b2b.calls, b2bOfferLines: b2b.imports.offers.linesRead, b2bUnchangedLines: b2b.imports.offers.unchangedLines }
}

function diffCalls(before: Calls, after: Calls): Calls {
  const minus = (a: Record<string, number>, b: Record<string, number>) => Object.fromEntries(Object.entries(a).map(([key, value]) => [key, value - (b[key] ?? 0)]))
  return { amazon: minus(after.amazon, before.amazon), amazon429: after.amazon429 - before.amazon429, amazonUnchanged: after.amazonUnchanged - before.amazonUnchanged, b2b: minus(after.b2b, before.b2b), b2bOfferLines: after.b2bOfferLines - before.b2bOfferLines, b2bUnchangedLines: after.b2bUnchangedLines - before.b2bUnchangedLines }
}

const round = (calls: number, skus: number) => Math.round((calls / skus) * 100) / 100

function summary(report: ConsistencyReport) {
  return Object.fromEntries(report.marketplaces.map((m) => [m.marketplace, { counts: m.counts, stale: m.samples.stale.slice(0, 3), missing: m.samples.missing.slice(0, 3), unexpected: m.samples.unexpected.slice(0, 3) }]))
}
