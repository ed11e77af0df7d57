import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { lastInstruction, readStages } from './dockerfile-stages.js'

// Checks docker-compose.yml with docker-compose itself (Debian package docker-compose; .ci/run
// installs it; `config` needs no Docker engine), then the resolved configuration: the topology is
// complete, each part is health-checked, the monitoring files are mounted where they are read, and
// Prometheus scrapes services that exist, on the ports they listen on. A missing docker-compose
// fails these tests: they never skip.

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const MONITORING = join(ROOT, 'deploy', 'monitoring')
const COMPOSE_TIMEOUT_MS = 30_000

const TOPOLOGY = ['kafka', 'registry', 'provision', 'ingest', 'transformer', 'dispatcher-amazon', 'dispatcher-b2b', 'console', 'prometheus', 'grafana']
const SIMULATORS = ['magento-simulator', 'amazon-simulator', 'b2b-simulator']

interface ComposeService {
  readonly image?: string
  readonly build?: { readonly context: string; readonly target?: string }
  readonly profiles?: readonly string[]
  readonly environment?: Record<string, string | null>
  readonly healthcheck?: { readonly test: string | readonly string[] }
  readonly volumes?: readonly (string | { readonly source: string; readonly target: string })[]
  readonly command?: string | readonly string[]
}

/** The environment docker-compose runs in: the console's required token set, overrides of the file's defaults left out. */
function composeEnvironment(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CONSOLE_TOKEN: 'compose-test-console-token-0123', ...overrides }
  for (const name of ['MAGENTO_BASE_URL', 'AMAZON_SP_API_ENDPOINT', 'AMAZON_LWA_ENDPOINT', 'B2B_API_URL', 'COMPOSE_PROFILES', 'COMPOSE_FILE']) delete env[name]
  return env
}

/** Runs docker-compose at the repository root; its exit code and output. */
async function dockerCompose(args: readonly string[], env = composeEnvironment()): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('docker-compose', [...args], { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { code?: number | string; stdout?: string; stderr?: string }
    if (failure.code === 'ENOENT') throw new Error('docker-compose not found: install the Debian package docker-compose (.ci/run does)')
    return { code: typeof failure.code === 'number' ? failure.code : 1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' }
  }
}

/** A volume's host path and container path, in either of the forms `config` prints. */
function mount(volume: string | { readonly source: string; readonly target: string }): { source: string; target: string } {
  if (typeof volume !== 'string') return { source: volume.source, target: volume.target }
  const [source = '', target = ''] = volume.split(':')
  return { source, target }
}

/** `host:port` of every target prometheus.yml scrapes. */
function scrapeTargets(): string[] {
  const config = parse(readFileSync(join(MONITORING, 'prometheus', 'prometheus.yml'), 'utf8')) as {
    scrape_configs: { static_configs: { targets: string[] }[] }[]
  }
  return config.scrape_configs.flatMap((job) => job.static_configs.flatMap((group) => group.targets))
}

describe('docker-compose.yml', () => {
  let services: Record<string, ComposeService>
  const stages = readStages(join(ROOT, 'Dockerfile'))

  beforeAll(async () => {
    const result = await dockerCompose(['--profile', 'demo', 'config'])
    expect(result.code, result.stderr).toBe(0)
    services = (parse(result.stdout) as { services: Record<string, ComposeService> }).services
  }, COMPOSE_TIMEOUT_MS)

  it('is valid with and without the demo profile', async () => {
    for (const args of [['config', '-q'], ['--profile', 'demo', 'config', '-q']]) {
      const result = await dockerCompose(args)
      expect(result.code, `docker-compose ${args.join(' ')}: ${result.stderr}`).toBe(0)
    }
  }, COMPOSE_TIMEOUT_MS)

  it('refuses to start without the console token', async () => {
    const env = composeEnvironment()
    delete env.CONSOLE_TOKEN
    const result = await dockerCompose(['config', '-q'], env)
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain('CONSOLE_TOKEN')
  }, COMPOSE_TIMEOUT_MS)

  it('runs the whole topology, and the simulators only in the demo profile', () => {
    expect(Object.keys(services).sort()).toEqual([...TOPOLOGY, ...SIMULATORS].sort())
    for (const name of TOPOLOGY) expect(services[name]?.profiles, name).toBeUndefined()
    for (const name of SIMULATORS) expect(services[name]?.profiles, name).toEqual(['demo'])
  })

  it('builds every image of this repository from a target of the Dockerfile', () => {
    for (const [name, service] of Object.entries(services)) {
      if (!service.build) continue
      expect(service.build.context, name).toBe(ROOT.replace(/\/$/, ''))
      expect(stages.map((stage) => stage.name), `target of ${name}`).toContain(service.build.target)
    }
  })

  it('health-checks every long-running service, in the file or in its image', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === 'provision') continue // one-shot: the services wait for it to complete instead
      const inImage = service.build?.target !== undefined && lastInstruction(stages, service.build.target, 'HEALTHCHECK') !== undefined
      expect(service.healthcheck !== undefined || inImage, `health check of ${name}`).toBe(true)
    }
  })

  it('mounts deploy/monitoring where Prometheus and Grafana read it', () => {
    const prometheus = services.prometheus!
    expect(prometheus.volumes?.map(mount)).toContainEqual({ source: join(MONITORING, 'prometheus'), target: '/etc/prometheus' })
    expect(prometheus.command).toContain('--config.file=/etc/prometheus/prometheus.yml')

    // The dashboard provider reads the folder the dashboards must be mounted at.
    const provider = parse(readFileSync(join(MONITORING, 'grafana', 'provisioning', 'dashboards', 'listing-sync.yml'), 'utf8')) as {
      providers: { options: { path: string } }[]
    }
    const grafanaMounts = services.grafana!.volumes?.map(mount)
    expect(grafanaMounts).toContainEqual({ source: join(MONITORING, 'grafana', 'provisioning'), target: '/etc/grafana/provisioning' })
    expect(grafanaMounts).toContainEqual({ source: join(MONITORING, 'grafana', 'dashboards'), target: provider.providers[0]!.options.path })
  })

  it('has a service, listening on that port, for every target Prometheus scrapes', () => {
    const targets = scrapeTargets()
    expect(targets.length).toBeGreaterThan(0)
    for (const target of targets) {
      const [host = '', port = ''] = target.split(':')
      const service = services[host]
      expect(service, `scrape target ${target}`).toBeDefined()
      // The port its environment gives it (a second dispatcher's DISPATCHER_PORT), else its image's.
      const ports = Object.entries(service!.environment ?? {}).filter(([name]) => /(^|_)PORT$/.test(name)).map(([, value]) => value)
      const exposed = service!.build?.target ? lastInstruction(stages, service!.build.target, 'EXPOSE')?.args : undefined
      expect(ports.length > 0 ? ports : [exposed], `port of ${target}`).toContain(port)
    }
  })

  it('points the services at Magento, the marketplaces and each other by service name', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [variable, value] of Object.entries(service.environment ?? {})) {
        for (const url of (value ?? '').split(',').filter((part) => /^https?:\/\//.test(part))) {
          expect(Object.keys(services), `${name} ${variable}=${url}`).toContain(new URL(url).hostname)
        }
      }
    }
  })
})
