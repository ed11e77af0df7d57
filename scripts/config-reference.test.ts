import { readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse, parseAllDocuments } from 'yaml'
import { configRows, OTHER_VARIABLES, REFERENCE_FILE, renderReference } from './config-reference.js'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const known = new Set([...configRows().map((row) => row.name), ...OTHER_VARIABLES.map((variable) => variable.name)])

/** Source files of the packages, services and simulators, tests left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !path.includes('test-support') ? [path] : []
  })
}

/** Names of every container `env` entry in a rendered manifest. */
function envNames(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(envNames)
  if (typeof node !== 'object' || node === null) return []
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'env' && Array.isArray(value) ? value.map((entry: { name: string }) => entry.name) : envNames(value),
  )
}

describe('configuration reference (docs/configuration.md)', () => {
  it('is what the configuration schemas say', () => {
    expect(readFileSync(REFERENCE_FILE, 'utf8'), 'docs/configuration.md is stale: run npx tsx scripts/config-reference.ts').toBe(renderReference())
  })

  it('lists every variable the code reads from process.env', () => {
    const unlisted = ['packages', 'services', 'simulators'].flatMap((dir) =>
      sources(join(ROOT, dir)).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/process\.env\.([A-Z][A-Z0-9_]+)|process\.env\[['"]([A-Z][A-Z0-9_]+)['"]\]/g)]
          .map((match) => match[1] ?? match[2]!)
          .filter((name) => !known.has(name))
          .map((name) => `${name} (${relative(ROOT, file)})`),
      ),
    )
    expect(unlisted).toEqual([])
  })

  it('knows every variable docker-compose.yml and the Helm chart set', () => {
    const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, { environment?: Record<string, unknown>; image?: string }> }
    const fromCompose = Object.entries(compose.services)
      // Kafka's, the registry's and Grafana's own images read their own variables.
      .filter(([, service]) => service.image?.startsWith('listing-sync/'))
      .flatMap(([name, service]) => Object.keys(service.environment ?? {}).map((variable) => `${variable} (docker-compose ${name})`))
    const fromHelm = ['default', 'production'].flatMap((values) =>
      parseAllDocuments(readFileSync(join(ROOT, 'deploy', 'helm', '__snapshots__', `${values}.yaml`), 'utf8')).flatMap((document) => envNames(document.toJS()).map((name) => `${name} (helm ${values})`)),
    )
    expect(fromHelm.length).toBeGreaterThan(20)
    expect([...fromCompose, ...fromHelm].filter((entry) => !known.has(entry.split(' ')[0]!))).toEqual([])
  })
})
