import { spawn } from 'node:child_process'
import { openSync, closeSync } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * A long-running child process tracked by a pid file, so that a later command (another `stack up`,
 * `stack down`) can find it. The process counts as ours only while its command line still holds
 * `marker` (a path unique to this stack), so a pid reused by the system is never signalled.
 */
export class ManagedProcess {
  /** Set while a process this instance spawned runs: right after spawn its command line may not show the marker yet. */
  private child: { pid: number; exited: boolean } | undefined

  constructor(
    readonly name: string,
    private readonly pidFile: string,
    readonly logFile: string,
    private readonly marker: string,
  ) {}

  /** The pid if the process is alive and ours, else undefined. */
  async pid(): Promise<number | undefined> {
    if (this.child && !this.child.exited) return this.child.pid
    const text = await readFile(this.pidFile, 'utf8').catch(() => undefined)
    const pid = Number(text)
    if (!Number.isInteger(pid) || pid <= 0) return undefined
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined)
    return cmdline?.includes(this.marker) ? pid : undefined
  }

  /** Starts the command detached from this process, output appended to the log file. */
  async start(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
    const out = openSync(this.logFile, 'a')
    try {
      const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out], env })
      const pid = child.pid
      if (pid === undefined) throw new Error(`could not start ${this.name} (${command})`)
      const tracked = { pid, exited: false }
      this.child = tracked
      child.once('exit', () => {
        tracked.exited = true
      })
      child.unref()
      await writeFile(this.pidFile, String(pid))
      return pid
    } finally {
      closeSync(out)
    }
  }

  /** True while the process is still alive (it may exit early when a start fails). */
  async alive(): Promise<boolean> {
    return (await this.pid()) !== undefined
  }

  /**
   * SIGTERM, then SIGKILL after `graceMs`, to the process group the start created (detached), so
   * helpers it forked go too; removes the pid file. Returns whether a process was stopped.
   */
  async stop(graceMs: number): Promise<boolean> {
    const pid = await this.pid()
    if (pid === undefined) {
      await rm(this.pidFile, { force: true })
      return false
    }
    signal(pid, 'SIGTERM')
    const deadline = Date.now() + graceMs
    while (Date.now() < deadline && (await this.pid()) === pid) await sleep(200)
    if ((await this.pid()) === pid) signal(pid, 'SIGKILL')
    while ((await this.pid()) === pid) await sleep(100)
    await rm(this.pidFile, { force: true })
    return true
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(-pid, name)
  } catch (error) {
    // ESRCH: it exited between the check and the signal, which is what we wanted.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
  }
}
