// Cold, restart and warm start times of the local stack (Kafka + registry), to the point where
// topics exist and schemas are registered. Run: npm run bench -- stack-start
// It stops a stack running in the default folder first, and uses its own folder for cold starts.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LocalStack } from '@listing-sync/stack'
import { machine, median, writeResult } from './support.js'

const MARKETPLACES = ['amazon', 'b2b']
const ROUNDS = Number(process.env.ROUNDS ?? 3)

async function timed<T>(work: () => Promise<T>): Promise<number> {
  const start = performance.now()
  await work()
  return performance.now() - start
}

export async function run() {
  const stopped = await new LocalStack().down()
  if (stopped.length > 0) console.log(`stopped the running default stack: ${stopped.join(', ')}`)
  const cold: number[] = []
  const restart: number[] = []
  const warm: number[] = []
  const down: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const dir = await mkdtemp(join(tmpdir(), 'listing-sync-bench-stack-'))
    const stack = new LocalStack({ dir })
    // Cold: empty folder (storage formatted, registry unpacked from the local Maven repository).
    cold.push(await timed(() => stack.up(MARKETPLACES)))
    // Warm: a second `up` finds both healthy and only re-provisions.
    warm.push(await timed(() => stack.up(MARKETPLACES)))
    down.push(await timed(() => stack.down()))
    // Restart: existing data, processes stopped.
    restart.push(await timed(() => stack.up(MARKETPLACES)))
    await stack.down()
    await rm(dir, { recursive: true, force: true })
    console.log(`round ${round + 1}: cold ${cold.at(-1)!.toFixed(0)} ms, warm ${warm.at(-1)!.toFixed(0)} ms, restart ${restart.at(-1)!.toFixed(0)} ms`)
  }
  const result = {
    benchmark: 'stack-start',
    machine: machine(),
    rounds: ROUNDS,
    medianMs: { cold: median(cold), restart: median(restart), warm: median(warm), down: median(down) },
    samplesMs: { cold, restart, warm, down },
  }
  await writeResult(result)
  console.table(result.medianMs)
}
