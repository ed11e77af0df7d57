import { execFile } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

/** The machine a figure was measured on, as written into BENCHMARKS.md. */
export function machine() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return Math.round(sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2)
}

/** With BENCH_PROFILE=1, the Node flags that write a V8 CPU profile of the process into `profileDir`. */
export function profileNodeArgs(profileDir: string): string[] {
  return process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []
}

/**
 * Node flags of a measured service: those production starts it with, or BENCH_NODE_ARGS instead
 * (e.g. `BENCH_NODE_ARGS=` for V8's defaults), plus {@link profileNodeArgs}.
 */
export function serviceNodeArgs(productionFlags: readonly string[], profileDir: string): string[] {
  const flags = (process.env.BENCH_NODE_ARGS ?? productionFlags.join(' ')).split(' ').filter(Boolean)
  return [...flags, ...profileNodeArgs(profileDir)]
}

/** Writes a benchmark's JSON result to bench/results/<name>.json (git-ignored). */
export async function writeResult(result: { benchmark: string }): Promise<void> {
  const dir = new URL('./results/', import.meta.url)
  await mkdir(dir, { recursive: true })
  await writeFile(new URL(`${result.benchmark}.json`, dir), JSON.stringify(result, null, 2) + '\n')
}

/** Builds the production bundles (`npm run build`, dist/*.mjs), which service benchmarks run. */
export async function buildBundles(): Promise<void> {
  const root = fileURLToPath(new URL('../', import.meta.url))
  await promisify(execFile)(process.execPath, ['--import', 'tsx', join(root, 'scripts/build-services.ts')], { cwd: root })
}
