import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LocalStack } from '@listing-sync/stack'
import { localProcesses, webhookKeys, type ProcessSpec } from '../../packages/cli/src/local-processes.js'
import { ServiceProcess } from '../service-process.js'

/** Options of {@link LocalSystem.start}. */
export interface LocalSystemOptions {
  readonly marketplaces?: readonly string[]
  /** Variables for every process (rate limits, log level). */
  readonly env?: Readonly<Record<string, string>>
  /** Variables for one process, by its name (`dispatcher-amazon`, `b2b-simulator`, …). */
  readonly processEnv?: Readonly<Record<string, Readonly<Record<string, string>>>>
}

/**
 * The whole of listing-sync as `npm start` runs it — a fresh local stack in a folder of its own (empty
 * topics), the simulators and the services — but each process started by the benchmark itself, so a
 * scenario can kill one (SIGKILL, a crash) and start it again, and restart the broker.
 */
export class LocalSystem {
  private readonly running = new Map<string, ServiceProcess>()

  private constructor(
    readonly dir: string,
    readonly stack: LocalStack,
    private readonly specs: readonly ProcessSpec[],
    private readonly env: Readonly<Record<string, string>>,
    readonly marketplaces: readonly string[],
  ) {}

  static async start(options: LocalSystemOptions = {}): Promise<LocalSystem> {
    const marketplaces = options.marketplaces ?? ['amazon', 'b2b']
    const dir = await mkdtemp(join(tmpdir(), 'listing-sync-system-'))
    const stack = new LocalStack({ dir })
    await stack.up(marketplaces)
    const specs = localProcesses(marketplaces, await webhookKeys(join(dir, 'keys')), 'bench-system-console-token-0123456789').map((spec) => ({
      ...spec,
      env: { ...spec.env, ...options.processEnv?.[spec.name] },
    }))
    const env = { KAFKA_BROKERS: stack.endpoints.brokers.join(','), SCHEMA_REGISTRY_URL: stack.endpoints.registryUrl, LISTING_SYNC_STACK_DIR: dir, LOG_LEVEL: 'warn', ...options.env }
    const system = new LocalSystem(dir, stack, specs, env, marketplaces)
    try {
      for (const spec of specs) await system.startProcess(spec.name)
    } catch (error) {
      await system.stop()
      throw error
    }
    return system
  }

  /** Names of the processes, simulators first. */
  get processNames(): string[] {
    return this.specs.map((spec) => spec.name)
  }

  /** Starts (again) one process and waits until it answers /healthz. */
  async startProcess(name: string): Promise<void> {
    const spec = this.spec(name)
    this.running.set(name, await ServiceProcess.start(name, spec.entry, { ...this.env, ...spec.env }, `http://localhost:${spec.port}/healthz`, join(this.dir, `${name}.log`), spec.nodeArgs))
  }

  /** Kills one process with SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
  async crash(name: string): Promise<void> {
    await this.running.get(name)?.kill('SIGKILL')
    this.running.delete(name)
  }

  /** Stops the broker (controlled shutdown) and starts it again on the same data. */
  async restartBroker(): Promise<void> {
    const kafka = this.stack.components.find((component) => component.name === 'kafka')!
    await kafka.process.stop(30_000)
    await this.stack.up(this.marketplaces)
  }

  async rssBytes(name: string): Promise<number> {
    return (await this.running.get(name)?.rssBytes()) ?? 0
  }

  /** Stops every process, then the stack. */
  async stop(): Promise<void> {
    for (const name of [...this.running.keys()].reverse()) await this.running.get(name)!.stop()
    this.running.clear()
    await this.stack.down()
  }

  private spec(name: string): ProcessSpec {
    const spec = this.specs.find((candidate) => candidate.name === name)
    if (spec === undefined) throw new Error(`no process ${name}; there are ${this.processNames.join(', ')}`)
    return spec
  }
}
