import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { LS_ERR_STACK_PORT_TAKEN, LS_ERR_STACK_UNHEALTHY } from '@listing-sync/errors'
import { provisionCluster, type ProvisionResult } from '@listing-sync/kafka'
import { ApicurioRegistry } from './apicurio-registry.js'
import { KafkaBroker } from './kafka-broker.js'
import { portInUse } from './port-probe.js'
import { checkPrerequisites } from './prerequisites.js'
import type { StackComponent } from './stack-component.js'

/** Where the stack keeps binaries' classpaths, data, pid files and logs: `.stack/` at the repository root. */
export function defaultStackDir(): string {
  return process.env.LISTING_SYNC_STACK_DIR ?? fileURLToPath(new URL('../../../.stack/', import.meta.url))
}

/** One component as `status` reports it. */
export interface ComponentStatus {
  readonly name: string
  readonly state: 'healthy' | 'unhealthy' | 'stopped'
  readonly pid?: number
  readonly endpoint: string
  readonly log: string
}

/** What `up` did. */
export interface UpResult {
  readonly started: string[]
  readonly reused: string[]
  readonly provisioned: ProvisionResult
}

/** Options of {@link LocalStack}. */
export interface LocalStackOptions {
  readonly dir?: string
  /** Progress lines for a person; silent by default. */
  readonly report?: (line: string) => void
  /** How long a component may take to become healthy. */
  readonly healthTimeoutMs?: number
}

/**
 * The local Kafka + schema registry, run natively from Maven Central artifacts (no Docker).
 * `up` is idempotent and reuses healthy components it started earlier; `down` stops exactly the
 * processes it started, by pid.
 */
export class LocalStack {
  readonly components: readonly StackComponent[]
  private readonly report: (line: string) => void
  private readonly healthTimeoutMs: number

  constructor(options: LocalStackOptions = {}) {
    const dir = options.dir ?? defaultStackDir()
    this.components = [new KafkaBroker(dir), new ApicurioRegistry(dir)]
    this.report = options.report ?? (() => undefined)
    this.healthTimeoutMs = options.healthTimeoutMs ?? 120_000
  }

  /** Kafka bootstrap servers and registry URL of this stack. */
  get endpoints() {
    const [kafka, registry] = this.components as [StackComponent, StackComponent]
    return { brokers: [kafka.endpoint], registryUrl: registry.endpoint }
  }

  async up(marketplaces: readonly string[]): Promise<UpResult> {
    const started: string[] = []
    const reused: string[] = []
    const toStart: StackComponent[] = []
    for (const component of this.components) {
      if (await component.process.alive()) reused.push(component.name)
      else toStart.push(component)
    }
    if (toStart.length > 0) await checkPrerequisites()
    try {
      for (const component of toStart) {
        for (const port of component.ports) {
          if (await portInUse(port)) throw LS_ERR_STACK_PORT_TAKEN(port, component.name)
        }
        this.report(`preparing ${component.name}`)
        await component.prepare()
        const pid = await component.launch()
        this.report(`started ${component.name} (pid ${pid}), log ${component.process.logFile}`)
        started.push(component.name)
      }
      await Promise.all(this.components.map((component) => this.waitHealthy(component)))
    } catch (error) {
      // A half-started stack would hold its ports and make the next `up` fail: stop what this call started.
      for (const component of toStart.filter((c) => started.includes(c.name))) await component.process.stop(30_000)
      throw error
    }
    const provisioned = await this.provision(marketplaces)
    this.report(`topics: ${provisioned.created.length} created, ${provisioned.existing.length} present; schemas registered: ${provisioned.schemaIds.size}`)
    return { started, reused, provisioned }
  }

  /** Stops the components in reverse order of start; returns the names of those it stopped. */
  async down(): Promise<string[]> {
    const stopped: string[] = []
    for (const component of [...this.components].reverse()) {
      // Kafka's controlled shutdown flushes and closes its logs; give it time before SIGKILL.
      if (await component.process.stop(30_000)) stopped.push(component.name)
    }
    return stopped
  }

  async status(): Promise<ComponentStatus[]> {
    return Promise.all(
      this.components.map(async (component): Promise<ComponentStatus> => {
        const pid = await component.process.pid()
        const base = { name: component.name, endpoint: component.endpoint, log: component.process.logFile }
        if (pid === undefined) return { ...base, state: 'stopped' }
        return { ...base, pid, state: (await component.healthy()) ? 'healthy' : 'unhealthy' }
      }),
    )
  }

  private async waitHealthy(component: StackComponent): Promise<void> {
    const deadline = Date.now() + this.healthTimeoutMs
    while (Date.now() < deadline) {
      if (await component.healthy()) {
        this.report(`${component.name} is healthy at ${component.endpoint}`)
        return
      }
      if (!(await component.process.alive())) {
        const tail = await readFile(component.process.logFile, 'utf8').then((text) => text.split('\n').slice(-20).join('\n'), () => '')
        throw new Error(`${component.name} exited during start; last log lines:\n${tail}`)
      }
      await sleep(250)
    }
    throw LS_ERR_STACK_UNHEALTHY(component.name, this.healthTimeoutMs, component.process.logFile)
  }

  /**
   * A broker that just started answers before it has loaded every partition of its log and can
   * refuse a topic's configs for a moment ("does not host this topic-partition"): retried briefly.
   */
  private async provision(marketplaces: readonly string[]): Promise<ProvisionResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await provisionCluster({ ...this.endpoints, clientId: 'listing-sync-stack' }, marketplaces)
      } catch (error) {
        if (attempt >= 10 || (error as { retriable?: boolean }).retriable !== true) throw error
        await sleep(1000)
      }
    }
  }
}

