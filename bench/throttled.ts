// `npm run bench -- throttled`: the burst (10,000 saves of 2,000 SKUs in 10 s) with Amazon at its
// official per-operation limits on both sides and the Mirakl simulator at its official one OF24
// call a minute; reports writes per SKU, 429s and the time until every marketplace is consistent.
import { runBurstScenario } from './system/burst-scenario.js'

export async function run() {
  await runBurstScenario({
    name: 'throttled',
    saves: Number(process.env.BENCH_SAVES ?? 10_000),
    skus: Number(process.env.BENCH_SKUS ?? 2_000),
    seconds: Number(process.env.BENCH_SECONDS ?? 10),
    // 2,000 SKUs at 5 PUTs/s are 400 s; the backfill before them as long again.
    settleTimeoutMs: 30 * 60_000,
    system: {
      processEnv: {
        'b2b-simulator': { B2B_SIM_RATE_LIMITS: 'official' },
        'dispatcher-b2b': { DISPATCHER_RATE_LIMITS: JSON.stringify({ OF24: { rate: 1 / 60, burst: 1 } }) },
      },
    },
  })
}
