// `npm run bench -- scenarios`: every whole-system scenario of the proof under load and faults, one
// after the other, each on a fresh local system: badinput, burst, faults, throttled, backfill50k
// (about 25 minutes on 2 cores). Each writes bench/results/<name>.json; a summary line per scenario
// at the end, and a non-zero exit when any failed.
const SCENARIOS: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  badinput: () => import('./badinput.js'),
  burst: () => import('./burst.js'),
  faults: () => import('./faults.js'),
  throttled: () => import('./throttled.js'),
  backfill50k: () => import('./backfill50k.js'),
}

export async function run() {
  const outcomes: string[] = []
  let failed = false
  for (const [name, load] of Object.entries(SCENARIOS)) {
    const started = performance.now()
    process.exitCode = 0
    let outcome: string
    try {
      await (await load()).run()
      outcome = process.exitCode === 0 ? 'passed' : 'FAILED (see its result above)'
    } catch (error) {
      outcome = `FAILED: ${(error as Error).message}`
    }
    failed ||= outcome !== 'passed'
    outcomes.push(`${name.padEnd(12)} ${outcome} in ${Math.round((performance.now() - started) / 1000)} s`)
  }
  console.log(['', 'scenarios:', ...outcomes.map((line) => `  ${line}`)].join('\n'))
  process.exitCode = failed ? 1 : 0
}
