import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INGEST_NODE_FLAGS } from '@listing-sync/ingest/node-flags'
import { TRANSFORMER_NODE_FLAGS } from '@listing-sync/transformer/node-flags'
import { parse, parseAllDocuments } from 'yaml'
import { toolPath } from '../tool-path.js'

// Checks the Helm chart with helm itself (scripts/install-tools.sh installs it; .ci/run runs that
// script): lint, a deterministic render covered by snapshots, and what the rendered
// objects must do. A missing helm fails these tests: they never skip.

const HERE = fileURLToPath(new URL('.', import.meta.url))
const ROOT = join(HERE, '..', '..')
const CHART = join(HERE, 'listing-sync')
const VALUES_FILES = { default: [], production: [join(CHART, 'ci', 'production-values.yaml')] } as const
const ALERTS_FILE = join(ROOT, 'deploy', 'monitoring', 'prometheus', 'alerts.yml')
const RELEASE = 'listing-sync'
const HELM_TIMEOUT_MS = 60_000

const execFileAsync = promisify(execFile)

let helmBin = ''

/** Runs helm; rejects with its output. Its notice that files/ holds symbolic links is left out. */
async function helm(...args: string[]): Promise<string> {
  const result = await execFileAsync(helmBin, args, { cwd: HERE, timeout: HELM_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: NodeJS.ErrnoException & { stdout?: string; stderr?: string }) => {
      throw new Error(`helm ${args.join(' ')} failed:\n${error.stdout ?? ''}${withoutSymlinkNotices(error.stderr ?? '')}`)
    },
  )
  return result.stdout
}

function withoutSymlinkNotices(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !line.includes('found symbolic link in path'))
    .join('\n')
}

function template(valuesFiles: readonly string[]): Promise<string> {
  return helm('template', RELEASE, CHART, '--namespace', 'listing-sync', ...valuesFiles.flatMap((file) => ['--values', file]))
}

interface EnvVar {
  readonly name: string
  readonly value?: string
  readonly valueFrom?: { readonly secretKeyRef?: { readonly name: string; readonly key: string } }
}

interface Container {
  readonly name: string
  readonly command: readonly string[]
  readonly env: readonly EnvVar[]
  readonly securityContext: Record<string, unknown>
  readonly livenessProbe: { readonly httpGet: { readonly path: string } }
  readonly readinessProbe: { readonly httpGet: { readonly path: string } }
  readonly resources: { readonly requests?: Record<string, string>; readonly limits?: Record<string, string> }
  readonly volumeMounts: readonly { readonly name: string; readonly mountPath: string; readonly subPath?: string }[]
}

interface K8sObject {
  readonly apiVersion: string
  readonly kind: string
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string> }
  readonly spec: Record<string, unknown> & {
    readonly template?: { readonly spec: { readonly securityContext: Record<string, unknown>; readonly containers: readonly Container[] } }
  }
  readonly data?: Record<string, string>
}

function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((document) => document.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null)
}

function ofKind(objects: readonly K8sObject[], kind: string): K8sObject[] {
  return objects.filter((object) => object.kind === kind)
}

function containers(objects: readonly K8sObject[]): { deployment: string; container: Container }[] {
  return ofKind(objects, 'Deployment').flatMap((deployment) =>
    (deployment.spec.template?.spec.containers ?? []).map((container) => ({ deployment: deployment.metadata.name, container })),
  )
}

function envOf(container: Container): Map<string, EnvVar> {
  return new Map(container.env.map((variable) => [variable.name, variable]))
}

/** Variables that hold credentials: they may only come from a Secret. */
const SECRET_VARIABLES = [
  'KAFKA_SASL_PASSWORD',
  'AMAZON_LWA_CLIENT_ID',
  'AMAZON_LWA_CLIENT_SECRET',
  'AMAZON_LWA_REFRESH_TOKEN',
  'B2B_API_KEY',
  'MAGENTO_TOKEN',
  'INGEST_SHARED_SECRET',
  'CONSOLE_TOKEN',
]

const rendered: Record<keyof typeof VALUES_FILES, string> = { default: '', production: '' }

beforeAll(async () => {
  helmBin = await toolPath('helm')
  rendered.default = await template(VALUES_FILES.default)
  rendered.production = await template(VALUES_FILES.production)
}, 2 * HELM_TIMEOUT_MS)

describe('helm chart listing-sync', () => {
  for (const [name, files] of Object.entries(VALUES_FILES)) {
    describe(`with the ${name} values`, () => {
      it('passes helm lint --strict', async () => {
        const output = await helm('lint', '--strict', CHART, ...files.flatMap((file) => ['--values', file]))
        expect(output).toContain('0 chart(s) failed')
      }, HELM_TIMEOUT_MS)

      it('renders the same manifests every time, as in the snapshot', async () => {
        const again = await template(files)
        expect(again).toBe(rendered[name as keyof typeof VALUES_FILES])
        await expect(again).toMatchFileSnapshot(`__snapshots__/${name}.yaml`)
      }, HELM_TIMEOUT_MS)

      it('runs every container as non-root on a read-only root with probes on /healthz and /readyz', () => {
        const objects = parseManifests(rendered[name as keyof typeof VALUES_FILES])
        const all = containers(objects)
        expect(all.length).toBeGreaterThan(0)
        for (const deployment of ofKind(objects, 'Deployment')) {
          expect(deployment.spec.template?.spec.securityContext, deployment.metadata.name).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 })
        }
        for (const { deployment, container } of all) {
          expect(container.securityContext, deployment).toMatchObject({
            runAsNonRoot: true,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
          })
          expect(container.livenessProbe.httpGet.path, deployment).toBe('/healthz')
          expect(container.readinessProbe.httpGet.path, deployment).toBe('/readyz')
          expect(container.volumeMounts, deployment).toContainEqual({ name: 'tmp', mountPath: '/tmp' })
          expect(container.resources.requests, deployment).toHaveProperty('memory')
          expect(container.resources.limits, deployment).toHaveProperty('memory')
          expect(envOf(container).get('HOST')?.value, deployment).toBe('0.0.0.0')
        }
      })

      it('renders no Secret and takes every credential from a secretKeyRef', () => {
        const objects = parseManifests(rendered[name as keyof typeof VALUES_FILES])
        expect(ofKind(objects, 'Secret')).toEqual([])
        for (const { deployment, container } of containers(objects)) {
          for (const variable of container.env.filter((v) => SECRET_VARIABLES.includes(v.name))) {
            expect(variable.value, `${deployment} ${variable.name}`).toBeUndefined()
            const ref = variable.valueFrom?.secretKeyRef
            expect(ref?.name, `${deployment} ${variable.name}`).toMatch(/^[a-z0-9.-]+$/)
            expect(ref?.key, `${deployment} ${variable.name}`).toMatch(/^[-._a-zA-Z0-9]+$/)
          }
        }
      })

      it('renders one dispatcher Deployment per configured marketplace', () => {
        const dispatchers = containers(parseManifests(rendered[name as keyof typeof VALUES_FILES])).filter(({ container }) => container.name === 'dispatcher')
        const byMarketplace = dispatchers.map(({ deployment, container }) => [deployment, envOf(container).get('DISPATCHER_MARKETPLACE')?.value])
        expect(byMarketplace).toEqual([
          [`${RELEASE}-dispatcher-amazon`, 'amazon'],
          [`${RELEASE}-dispatcher-b2b`, 'b2b'],
        ])
      })

      it('points the console at every dispatcher Service', () => {
        const objects = parseManifests(rendered[name as keyof typeof VALUES_FILES])
        const consoleContainer = containers(objects).find(({ container }) => container.name === 'console')?.container
        const urls = consoleContainer && envOf(consoleContainer).get('CONSOLE_METRICS_URLS')?.value?.split(',')
        const services = ofKind(objects, 'Service').map((service) => service.metadata.name)
        expect(urls).toEqual([`http://${RELEASE}-dispatcher-amazon:8083/metrics`, `http://${RELEASE}-dispatcher-b2b:8083/metrics`])
        for (const url of urls ?? []) expect(services).toContain(new URL(url).hostname)
      })
    })
  }

  describe('with the production values', () => {
    it('splits ingest into webhooks and enricher and sets replicas', () => {
      const objects = parseManifests(rendered.production)
      const roles = Object.fromEntries(
        containers(objects)
          .filter(({ container }) => container.name === 'ingest')
          .map(({ deployment, container }) => [deployment, envOf(container).get('INGEST_ROLES')?.value]),
      )
      expect(roles).toEqual({ [`${RELEASE}-ingest`]: 'webhooks', [`${RELEASE}-ingest-enricher`]: 'enricher' })
      // Both run with the V8 flags ingest is measured with, as the Dockerfile starts it; the transformer too.
      for (const { container } of containers(objects).filter(({ container }) => container.name === 'ingest')) {
        expect(container.command).toEqual(['node', ...INGEST_NODE_FLAGS, 'dist/ingest.mjs'])
      }
      for (const { container } of containers(objects).filter(({ container }) => container.name === 'transformer')) {
        expect(container.command).toEqual(['node', ...TRANSFORMER_NODE_FLAGS, 'dist/transformer.mjs'])
      }
      const replicas = Object.fromEntries(ofKind(objects, 'Deployment').map((d) => [d.metadata.name, d.spec.replicas]))
      // Workloads scaled by an HPA or KEDA leave replicas to them.
      expect(replicas).toMatchObject({ [`${RELEASE}-ingest-enricher`]: 1, [`${RELEASE}-dispatcher-b2b`]: 1, [`${RELEASE}-console`]: 1 })
      expect(replicas[`${RELEASE}-transformer`]).toBeUndefined()
    })

    it('renders an HPA, KEDA ScaledObjects on the consumer groups, and disruption budgets', () => {
      const objects = parseManifests(rendered.production)
      expect(ofKind(objects, 'HorizontalPodAutoscaler').map((o) => o.metadata.name)).toEqual([`${RELEASE}-ingest`])
      const triggers = ofKind(objects, 'ScaledObject').map((o) => (o.spec.triggers as { type: string; metadata: Record<string, string> }[])[0])
      expect(triggers.map((t) => [t?.type, t?.metadata.consumerGroup, t?.metadata.topic])).toEqual([
        ['kafka', 'listing-sync-dispatcher-amazon', 'listing.amazon.v1'],
        ['kafka', 'listing-sync-transformer', 'catalog.product.v1'],
      ])
      expect(ofKind(objects, 'TriggerAuthentication')).toHaveLength(2)
      expect(ofKind(objects, 'PodDisruptionBudget').map((o) => o.metadata.name).sort()).toEqual(
        [`${RELEASE}-dispatcher-amazon`, `${RELEASE}-ingest`, `${RELEASE}-transformer`],
      )
    })

    it('connects to Kafka over SASL_SSL with the password from a Secret', () => {
      for (const { deployment, container } of containers(parseManifests(rendered.production))) {
        const env = envOf(container)
        expect(env.get('KAFKA_SSL')?.value, deployment).toBe('true')
        expect(env.get('KAFKA_SASL_MECHANISM')?.value, deployment).toBe('scram-sha-512')
        expect(env.get('KAFKA_SASL_PASSWORD')?.valueFrom?.secretKeyRef, deployment).toEqual({ name: 'listing-sync-kafka', key: 'password' })
      }
    })

    it('mounts the mappings ConfigMap whole at /app/mappings, so updates reach the transformer', () => {
      const transformer = containers(parseManifests(rendered.production)).find(({ container }) => container.name === 'transformer')?.container
      expect(transformer && envOf(transformer).get('MAPPINGS_DIR')?.value).toBe('/app/mappings')
      expect(transformer?.volumeMounts).toContainEqual({ name: 'mappings', mountPath: '/app/mappings', readOnly: true })
      expect(transformer?.volumeMounts.every((mount) => mount.subPath === undefined)).toBe(true)
    })

    it('renders a ServiceMonitor, the PrometheusRule with every alert of deploy/monitoring, and the dashboards', async () => {
      const objects = parseManifests(rendered.production)
      expect(ofKind(objects, 'ServiceMonitor')).toHaveLength(1)
      const source = parse(await readFile(ALERTS_FILE, 'utf8')) as { groups: { rules: { alert?: string }[] }[] }
      const alertNames = (groups: { rules: { alert?: string }[] }[]) => groups.flatMap((g) => g.rules.flatMap((r) => (r.alert ? [r.alert] : [])))
      const [rule] = ofKind(objects, 'PrometheusRule')
      expect(alertNames((rule?.spec.groups ?? []) as { rules: { alert?: string }[] }[])).toEqual(alertNames(source.groups))
      expect(alertNames(source.groups).length).toBeGreaterThan(0)
      const dashboards = ofKind(objects, 'ConfigMap').find((o) => o.metadata.labels?.grafana_dashboard === '1')
      const overview = await readFile(join(ROOT, 'deploy', 'monitoring', 'grafana', 'dashboards', 'listing-sync-overview.json'), 'utf8')
      expect(JSON.parse(dashboards?.data?.['listing-sync-overview.json'] ?? '{}')).toEqual(JSON.parse(overview))
    })
  })

  describe('values schema', () => {
    let dir = ''
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'helm-values-'))
    })
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true })
    })

    async function templateWith(name: string, values: string): Promise<string> {
      const file = join(dir, name)
      await writeFile(file, values)
      return template([file])
    }

    it('refuses a negative replica count, naming the field', async () => {
      await expect(templateWith('negative.yaml', 'transformer:\n  replicas: -1\n')).rejects.toThrow(/\/transformer\/replicas/)
    })

    it('refuses an unknown key, naming it', async () => {
      await expect(templateWith('unknown.yaml', 'ingest:\n  replica: 2\n')).rejects.toThrow(/'replica' not allowed/)
    })

    it('refuses a dispatcher for an unknown marketplace', async () => {
      await expect(templateWith('marketplace.yaml', 'dispatchers:\n  ebay:\n    marketplace: ebay\n')).rejects.toThrow(/\/dispatchers\/ebay\/marketplace/)
    })
  })
})
