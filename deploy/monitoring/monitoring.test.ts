import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

// Checks deploy/monitoring with promtool (Debian package `prometheus`; .ci/run installs it). A
// missing promtool fails these tests: they never skip.

const HERE = fileURLToPath(new URL('.', import.meta.url))
const ROOT = join(HERE, '..', '..')
const PROMETHEUS_DIR = join(HERE, 'prometheus')
const DASHBOARDS_DIR = join(HERE, 'grafana', 'dashboards')
const SOURCE_DIRS = ['packages', 'services', 'simulators']
const PROMTOOL_TIMEOUT_MS = 30_000

const execFileAsync = promisify(execFile)

/** Runs promtool in the Prometheus folder (rule files are relative to it); its output on failure. */
async function promtool(...args: string[]): Promise<string> {
  const result = await execFileAsync('promtool', args, { cwd: PROMETHEUS_DIR }).catch((error: NodeJS.ErrnoException & { stdout?: string; stderr?: string }) => {
    if (error.code === 'ENOENT') throw new Error('promtool not found: install the Debian package prometheus (.ci/run does)')
    throw new Error(`promtool ${args.join(' ')} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`)
  })
  return result.stdout + result.stderr
}

interface Rule {
  readonly record?: string
  readonly alert?: string
  readonly expr: string
  readonly labels?: Record<string, string>
  readonly annotations?: Record<string, string>
}

interface Panel {
  readonly id: number
  readonly title: string
  readonly targets?: readonly { readonly refId: string; readonly expr: string }[]
}

interface Dashboard {
  readonly uid: string
  readonly title: string
  readonly panels: readonly Panel[]
}

async function readRules(): Promise<Rule[]> {
  const file = parse(await readFile(join(PROMETHEUS_DIR, 'alerts.yml'), 'utf8')) as { groups: { rules: Rule[] }[] }
  return file.groups.flatMap((group) => group.rules)
}

async function readDashboards(): Promise<{ file: string; dashboard: Dashboard }[]> {
  const files = (await readdir(DASHBOARDS_DIR)).filter((name) => name.endsWith('.json')).sort()
  return Promise.all(files.map(async (file) => ({ file, dashboard: JSON.parse(await readFile(join(DASHBOARDS_DIR, file), 'utf8')) as Dashboard })))
}

/** Names given to prom-client metrics in the sources (`name: 'listing_sync_…'`), tests excluded. */
async function definedMetricNames(): Promise<Set<string>> {
  const names = new Set<string>()
  for (const dir of SOURCE_DIRS) {
    const files = (await readdir(join(ROOT, dir), { recursive: true })).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.includes('node_modules') && file.includes('src'),
    )
    for (const file of files) {
      for (const match of (await readFile(join(ROOT, dir, file), 'utf8')).matchAll(/name: '(listing_sync_[a-z0-9_]+)'/g)) names.add(match[1]!)
    }
  }
  return names
}

describe('Prometheus configuration and alerts', () => {
  it('has a valid scrape configuration, with its rule files', async () => {
    expect(await promtool('check', 'config', 'prometheus.yml')).toContain('SUCCESS')
  }, PROMTOOL_TIMEOUT_MS)

  it('has valid rules', async () => {
    expect(await promtool('check', 'rules', 'alerts.yml')).toContain('SUCCESS')
  }, PROMTOOL_TIMEOUT_MS)

  it('fires every alert on the series that should raise it and stays silent on healthy ones', async () => {
    expect(await promtool('test', 'rules', 'alerts.test.yml')).toContain('SUCCESS')
  }, PROMTOOL_TIMEOUT_MS)

  it('gives every alert a severity, a summary, a description and a unit test', async () => {
    const tests = await readFile(join(PROMETHEUS_DIR, 'alerts.test.yml'), 'utf8')
    const alerts = (await readRules()).filter((rule) => rule.alert !== undefined)
    expect(alerts.length).toBeGreaterThan(0)
    for (const alert of alerts) {
      expect(alert.labels?.severity, alert.alert).toMatch(/^(critical|warning)$/)
      expect(alert.annotations?.summary, alert.alert).toBeTruthy()
      expect(alert.annotations?.description, alert.alert).toBeTruthy()
      expect(tests, alert.alert).toContain(`alertname: ${alert.alert}\n`)
    }
  })
})

describe('Grafana dashboards', () => {
  it('have a fixed uid and unique panel ids', async () => {
    const dashboards = await readDashboards()
    expect(dashboards.map(({ dashboard }) => dashboard.title)).toContain('listing-sync overview')
    for (const { file, dashboard } of dashboards) {
      expect(dashboard.uid, file).toMatch(/^[a-z0-9-]+$/)
      const ids = dashboard.panels.map((panel) => panel.id)
      expect(new Set(ids).size, file).toBe(ids.length)
    }
    const uids = dashboards.map(({ dashboard }) => dashboard.uid)
    expect(new Set(uids).size).toBe(uids.length)
  })

  it('query with valid PromQL (promtool check rules on every expression)', async () => {
    // Each query becomes a recording rule of a throwaway rules file (JSON is YAML too).
    const rules = (await readDashboards()).flatMap(({ dashboard }) =>
      dashboard.panels.flatMap((panel) =>
        (panel.targets ?? []).map((target) => ({ record: `dashboard:${dashboard.uid.replaceAll('-', '_')}:panel_${panel.id}_${target.refId}`, expr: target.expr })),
      ),
    )
    expect(rules.length).toBeGreaterThan(0)
    const dir = await mkdtemp(join(tmpdir(), 'listing-sync-dashboards-'))
    try {
      const file = join(dir, 'dashboard-queries.json')
      await writeFile(file, JSON.stringify({ groups: [{ name: 'dashboard-queries', rules }] }))
      expect(await promtool('check', 'rules', file)).toContain(`SUCCESS: ${rules.length} rules found`)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, PROMTOOL_TIMEOUT_MS)
})

describe('metric names', () => {
  it('uses only listing_sync_* metrics the code defines, and recorded series alerts.yml records', async () => {
    const defined = await definedMetricNames()
    const recorded = new Set((await readRules()).flatMap((rule) => (rule.record === undefined ? [] : [rule.record])))
    const files = [join(PROMETHEUS_DIR, 'alerts.yml'), join(PROMETHEUS_DIR, 'alerts.test.yml'), ...(await readdir(DASHBOARDS_DIR)).map((name) => join(DASHBOARDS_DIR, name))]
    const text = (await Promise.all(files.map((file) => readFile(file, 'utf8')))).join('\n')

    // A histogram is used through its _bucket, _sum and _count series.
    const used = new Set([...text.matchAll(/(?<![\w:])listing_sync_[a-z0-9_]+/g)].map(([name]) => name))
    const undefinedNames = [...used].filter((name) => !defined.has(name) && !defined.has(name.replace(/_(bucket|sum|count)$/, '')))
    expect(used.size).toBeGreaterThan(0)
    expect(undefinedNames).toEqual([])

    const usedRecorded = new Set([...text.matchAll(/\b[a-z_]+:listing_sync_[a-z0-9_:]+/g)].map(([name]) => name))
    expect([...usedRecorded].filter((name) => !recorded.has(name))).toEqual([])
  })
})
