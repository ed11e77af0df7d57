// `npm run bench -- <name>`: runs one benchmark from this folder and writes bench/results/<name>.json.
const BENCHMARKS: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  'stack-start': () => import('./stack-start.js'),
  'ingest-webhooks': () => import('./ingest-webhooks.js'),
  'mapping-engine': () => import('./mapping-engine.js'),
  transformer: () => import('./transformer.js'),
  'end-to-end': () => import('./end-to-end.js'),
  dispatcher: () => import('./dispatcher.js'),
  console: () => import('./console.js'),
  burst: () => import('./burst.js'),
  throttled: () => import('./throttled.js'),
  faults: () => import('./faults.js'),
  backfill50k: () => import('./backfill50k.js'),
  badinput: () => import('./badinput.js'),
  consistency: () => import('./consistency/consistency-bench.js'),
  scenarios: () => import('./scenarios.js'),
}

const name = process.argv[2]
const load = name === undefined ? undefined : BENCHMARKS[name]
if (load === undefined) {
  console.error(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|')}>`)
  process.exit(2)
}
await (await load()).run()
