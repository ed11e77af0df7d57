import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { openSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { setTimeout as sleep } from 'node:timers/promises'

const ROOT = fileURLToPath(new URL('../', import.meta.url))

/** A service run as its own process, as in production, so its memory and CPU are its own. */
export class ServiceProcess {
  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {}

  /** Starts `entry` (relative to the repository: a .ts source or a dist/*.mjs bundle) and waits until `healthUrl` answers 200. */
  static async start(name: string, entry: string, env: Record<string, string>, healthUrl: string, logFile: string, nodeArgs: readonly string[] = []): Promise<ServiceProcess> {
    const out = openSync(logFile, 'w')
    // Bundles from `npm run build` (dist/*.mjs) run as production runs them; sources run through tsx.
    const loader = entry.endsWith('.mjs') ? [] : ['--import', 'tsx']
    const child = spawn(process.execPath, [...nodeArgs, ...loader, entry], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', out, out] })
    const service = new ServiceProcess(name, child)
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${name} exited during start; see ${logFile}`)
      if (await fetch(healthUrl).then((r) => r.ok, () => false)) return service
      await sleep(200)
    }
    throw new Error(`${name} did not become healthy; see ${logFile}`)
  }

  /** Lowers the process's CPU priority (`renice`): work that may lag, on a machine it shares. */
  async renice(niceness: number): Promise<void> {
    await promisify(execFile)('renice', ['-n', String(niceness), '-p', String(this.child.pid)])
  }

  /** Resident set size in bytes, from /proc. */
  async rssBytes(): Promise<number> {
    const status = await readFile(`/proc/${this.child.pid}/status`, 'utf8')
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024
  }

  /**
   * CPU time the process has used (user + system, all its threads), in seconds, from /proc: on a
   * machine other work shares, work per CPU-second is what its wall-clock rate cannot show.
   */
  async cpuSeconds(): Promise<number> {
    return (await processStat(this.child.pid!)).cpuSeconds
  }

  async stop(): Promise<void> {
    await this.kill('SIGTERM')
  }

  /** Sends `signal` (SIGKILL: a crash, no shutdown hooks) and waits until the process is gone. */
  async kill(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    const exited = new Promise((resolve) => this.child.once('exit', resolve))
    this.child.kill(signal)
    await exited
  }
}

/** Samples a process's RSS every 200 ms until stopped; returns the peak. */
export function sampleRss(service: ServiceProcess): { stop: () => number } {
  let peak = 0
  const timer = setInterval(() => {
    service.rssBytes().then((rss) => (peak = Math.max(peak, rss)), () => undefined)
  }, 200)
  return {
    stop: () => {
      clearInterval(timer)
      return peak
    },
  }
}

/** CPU time (user + system, all threads, seconds) and process group of a process, from /proc. */
export async function processStat(pid: number): Promise<{ cpuSeconds: number; processGroup: number }> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (in parentheses, which may hold spaces): the process group is the
  // 5th, utime and stime the 14th and 15th, in clock ticks of 1/100 s (USER_HZ, fixed for /proc on Linux).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return { cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100, processGroup: Number(fields[2]) }
}
