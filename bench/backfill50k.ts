// `npm run bench -- backfill50k`: the Magento simulator's catalog grown to 50,000 products
// (BENCH_PRODUCTS; copies of the Luma sample's standalone simple products with an image,
// MAGENTO_SIM_CATALOG_SIZE), then `listing-sync backfill` → ingest → transformer → both
// marketplaces (Amazon's limits lifted, the demo Mirakl at one OF24 call per 5 s): the time until
// the consistency checker finds every product on both marketplaces, and the peak RSS of each process.
// Needs the ports of `npm start` free.
import { setTimeout as sleep } from 'node:timers/promises'
import { createLogger } from '@listing-sync/observability'
import { machine, writeResult } from './support.js'
import { AMAZON_UNTHROTTLED, backfill, consistencyCheck, waitConsistent } from './system/burst-scenario.js'
import { LocalSystem } from './system/local-system.js'

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 50_000)

export async function run() {
  const log = createLogger({ service: 'bench-backfill50k', level: 'warn' })
  console.log(`backfill50k: starting a fresh local system with ${PRODUCTS} products in Magento…`)
  const system = await LocalSystem.start({
    env: AMAZON_UNTHROTTLED.env,
    processEnv: { 'dispatcher-amazon': AMAZON_UNTHROTTLED.dispatcherEnv, 'magento-simulator': { MAGENTO_SIM_CATALOG_SIZE: String(PRODUCTS) } },
  })
  const peaks = new Map<string, number>()
  let sampling = true
  const sampler = (async () => {
    while (sampling) {
      for (const name of system.processNames) peaks.set(name, Math.max(peaks.get(name) ?? 0, await system.rssBytes(name)))
      await sleep(500)
    }
  })()
  try {
    const started = performance.now()
    await backfill(system)
    const backfillMs = Math.round(performance.now() - started)
    console.log(`backfill published ${PRODUCTS} products in ${(backfillMs / 1000).toFixed(1)} s`)
    const settled = await waitConsistent(consistencyCheck(system, 'backfill50k', log), 30 * 60_000)
    const toConsistencyMs = Math.round(performance.now() - started)
    sampling = false
    await sampler
    const result = {
      benchmark: 'backfill50k',
      machine: machine(),
      products: settled.report.magentoProducts,
      backfillMs,
      consistent: settled.consistent,
      timeToConsistencyMs: settled.consistent ? toConsistencyMs : null,
      consistencyCheckMs: settled.report.durationMs,
      counts: Object.fromEntries(settled.report.marketplaces.map((m) => [m.marketplace, m.counts])),
      peakRssMiB: Object.fromEntries([...peaks].map(([name, bytes]) => [name, Math.round(bytes / 2 ** 20)])),
    }
    await writeResult(result)
    console.log(JSON.stringify({ ...result, machine: undefined }, null, 2))
    if (!settled.consistent) process.exitCode = 1
  } finally {
    sampling = false
    await system.stop()
  }
}
