// `npm run bench -- burst`: 10,000 saves of 2,000 SKUs in 10 s through the Magento simulator, every
// marketplace's limits lifted (Amazon unthrottled, the demo Mirakl at one OF24 call per 5 s); time
// until every marketplace is consistent with Magento again. BENCH_SAVES, BENCH_SKUS, BENCH_SECONDS
// change the shape. Needs ports 9092, 8081, 8080–8085 and 9001–9003 free (stop `npm start`).
import { AMAZON_UNTHROTTLED, runBurstScenario } from './system/burst-scenario.js'


export async function run() {
  await runBurstScenario({
    name: 'burst',
    saves: Number(process.env.BENCH_SAVES ?? 10_000),
    skus: Number(process.env.BENCH_SKUS ?? 2_000),
    seconds: Number(process.env.BENCH_SECONDS ?? 10),
    settleTimeoutMs: 10 * 60_000,
    system: {
      env: AMAZON_UNTHROTTLED.env,
      processEnv: { 'dispatcher-amazon': AMAZON_UNTHROTTLED.dispatcherEnv },
    },
  })
}
