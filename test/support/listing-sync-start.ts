import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** `listing-sync start` running in a test. */
export interface StartedListingSync {
  /** Everything it printed so far. */
  output(): string
  /** Ctrl-C to its process group; resolves with its exit code. */
  stop(): Promise<number | null>
}

/**
 * Runs `listing-sync start` (what `npm start` runs; the CLI is started directly so its own exit
 * code is observed) and resolves once it printed that everything runs. The caller stops it, also
 * when a test fails: the started processes hold the ports.
 */
export async function startListingSync(env: Record<string, string>): Promise<StartedListingSync> {
  const child = spawn(process.execPath, ['packages/cli/bin/listing-sync.js', 'start'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const stop = () => {
    // Ctrl-C reaches the whole foreground process group: the CLI and the processes it started.
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGINT')
    return exited
  }
  // Polled by hand: this also runs in beforeAll, where expect.poll is not available.
  const deadline = Date.now() + 90_000
  while (!output.includes('Ctrl-C stops everything')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop()
      throw new Error(`listing-sync start did not come up:\n${output}`)
    }
    await sleep(250)
  }
  return { output: () => output, stop }
}

/**
 * Earlier tests left thousands of listings on listing.amazon.v1 that a fresh dispatcher group
 * delivers first: Amazon's limits lifted on both sides, so a save is not minutes behind them. (The
 * B2B dispatcher sends all partitions' backlog in few OF24 calls.)
 */
export const AMAZON_LIMITS_LIFTED = {
  AMAZON_SIM_RATE_LIMITS: 'off',
  DISPATCHER_RATE_LIMITS: JSON.stringify({ putListingsItem: { rate: 1000, burst: 1000 }, patchListingsItem: { rate: 1000, burst: 1000 }, deleteListingsItem: { rate: 1000, burst: 1000 } }),
}
