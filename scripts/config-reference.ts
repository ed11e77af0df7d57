// `npx tsx scripts/config-reference.ts`: writes docs/configuration.md, the reference of every
// environment variable and file, from the configuration schemas the services load (their zod
// shapes: name, default, description). scripts/config-reference.test.ts fails when the file and
// the code disagree, so the table cannot drift.
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { z } from 'zod'
import { httpVariables, kafkaVariables, logVariables, mappingVariables, marketplaceVariables } from '@listing-sync/config'
import { consoleVariables } from '@listing-sync/console'
import { dispatcherVariables } from '@listing-sync/dispatcher'
import { ingestVariables } from '@listing-sync/ingest'
import { amazonSimulatorVariables } from '@listing-sync/simulator-amazon'
import { b2bSimulatorVariables } from '@listing-sync/simulator-b2b'
import { magentoSimulatorVariables } from '@listing-sync/simulator-magento'
import { transformerVariables } from '@listing-sync/transformer'

export const REFERENCE_FILE = fileURLToPath(new URL('../docs/configuration.md', import.meta.url))

/** What reads which variables: each process's configuration shape, as its main loads it. */
const READERS: Readonly<Record<string, Readonly<Record<string, z.ZodType>>>> = {
  ingest: ingestVariables,
  transformer: transformerVariables,
  dispatcher: dispatcherVariables,
  console: consoleVariables,
  'CLI (`npx listing-sync`)': { ...kafkaVariables, ...logVariables, ...marketplaceVariables, ...mappingVariables },
  'Magento simulator': { ...logVariables, ...httpVariables('PORT', 9001), ...magentoSimulatorVariables },
  'Amazon simulator': { ...logVariables, ...httpVariables('PORT', 9002), ...amazonSimulatorVariables },
  'B2B simulator': { ...logVariables, ...httpVariables('PORT', 9003), ...b2bSimulatorVariables },
}

/** Variables read outside the configuration schemas: where the code and the tools find things. */
export const OTHER_VARIABLES: readonly { name: string; default: string; readBy: string; description: string }[] = [
  { name: 'LISTING_SYNC_SCHEMAS_DIR', default: '`schemas/` of the checkout', readBy: 'every service', description: 'where bundled services (`dist/`, the images) find the Avro schemas' },
  { name: 'LISTING_SYNC_STACK_DIR', default: '`.stack/`', readBy: 'CLI (`stack`, `start`), tests', description: 'where the local stack keeps data, pid files, keys and logs' },
  { name: 'LISTING_SYNC_FIXTURES_DIR', default: '`../shared/fixtures`', readBy: 'simulators, tests', description: 'the official specs and sample data the simulators and tests read' },
  { name: 'LISTING_SYNC_TOOLS_DIR', default: '`~/.cache/listing-sync/tools`', readBy: '`scripts/install-tools.sh`, tests in `deploy/`', description: 'where helm and hadolint are installed' },
  { name: 'CHROMIUM_PATH', default: '`/usr/bin/chromium`', readBy: 'browser tests', description: 'the Chromium the console’s browser tests drive' },
]

/** Files the services read, and the variable that moves each. */
const FILES: readonly { file: string; variable: string; description: string }[] = [
  { file: '`mappings/<marketplace>.json`', variable: '`MAPPINGS_DIR`', description: 'a marketplace’s mapping manifest (JSON Schema `mappings/mapping.schema.json`); the transformer reloads it on change' },
  { file: '`mappings/product-types/*`', variable: '`MAPPINGS_DIR`', description: 'Amazon product type schemas and B2B attribute lists the manifests name (with `AMAZON_PRODUCT_TYPE_SCHEMAS=files`)' },
  { file: '`schemas/**/*.avsc`', variable: '`LISTING_SYNC_SCHEMAS_DIR`', description: 'Avro schemas, registered BACKWARD compatible at start' },
  { file: 'webhook public key (PEM)', variable: '`MAGENTO_WEBHOOK_PUBLIC_KEY_FILE`', description: 'verifies Commerce webhook signatures' },
  { file: 'Kafka CA (PEM)', variable: '`KAFKA_SSL_CA_FILE`', description: 'the CA of the brokers’ certificates, with `KAFKA_SSL=true`' },
  { file: 'product type schema cache', variable: '`AMAZON_PRODUCT_TYPE_CACHE_DIR`', description: 'schemas last fetched from Amazon (with `AMAZON_PRODUCT_TYPE_SCHEMAS=api`)' },
]

/** The parts of a zod 4 schema's definition the defaults are read from. */
interface ZodDef {
  readonly type: string
  readonly defaultValue?: unknown
  readonly in?: z.ZodType
}

/** One variable as the table shows it. */
interface Row {
  readonly name: string
  readonly defaultText: string
  readonly readBy: string[]
  readonly description: string
}

/** Every variable of every configuration shape, merged by name, sorted. */
export function configRows(): Row[] {
  const rows = new Map<string, Row>()
  for (const [reader, shape] of Object.entries(READERS)) {
    for (const [name, schema] of Object.entries(shape)) {
      const row = rows.get(name) ?? { name, defaultText: defaultText(schema), readBy: [], description: schema.description ?? '' }
      row.readBy.push(reader)
      rows.set(name, row)
    }
  }
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name))
}

/** A variable's default as text: the value (lists comma-separated, paths of the checkout named so), "required" or "unset". */
function defaultText(schema: z.ZodType): string {
  const def = (schema as unknown as { _zod: { def: ZodDef } })._zod.def
  // A transform or pipe applied after `.default()` wraps it: the default is on the input side.
  if (def.type === 'pipe' && def.in !== undefined) return defaultText(def.in)
  if (def.type === 'optional') return 'unset'
  if (def.type !== 'default') return '**required**'
  const value = def.defaultValue
  const text = Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : JSON.stringify(value)
  const root = fileURLToPath(new URL('../', import.meta.url))
  // Paths of this checkout and of this machine's temp folder are shown as what they stand for.
  return `\`${text.replace(root, '<checkout>/').replace(/^\/tmp\//, '<tmpdir>/')}\``
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
/** Text outside code spans: `listing.<id>.v1` must not read as an HTML tag. */
const prose = (text: string) => cell(text).replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** The whole reference, as docs/configuration.md holds it. */
export function renderReference(): string {
  const lines = [
    '# Configuration reference',
    '',
    '<!-- Generated by `npx tsx scripts/config-reference.ts` from the configuration schemas; do not edit by hand. -->',
    '',
    'Every service reads its configuration from environment variables, checked at start against one',
    'schema per process: an invalid value stops it with every problem listed (`LS_ERR_CONFIG_INVALID`).',
    'An empty value counts as unset. Secrets (tokens, keys, passwords) come from a secret store: the Helm',
    'chart references Kubernetes Secrets, docker-compose passes them through from the environment.',
    '',
    '## Environment variables',
    '',
    '| variable | default | read by | meaning |',
    '|---|---|---|---|',
    ...configRows().map((row) => `| \`${row.name}\` | ${cell(row.defaultText)} | ${row.readBy.join(', ')} | ${prose(row.description)} |`),
    '',
    '## Read outside the configuration schemas',
    '',
    '| variable | default | read by | meaning |',
    '|---|---|---|---|',
    ...OTHER_VARIABLES.map((v) => `| \`${v.name}\` | ${v.default} | ${v.readBy} | ${v.description} |`),
    '',
    '## Files',
    '',
    '| file | moved by | what |',
    '|---|---|---|',
    ...FILES.map((f) => `| ${f.file} | ${f.variable} | ${f.description} |`),
    '',
  ]
  return lines.join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(REFERENCE_FILE, renderReference())
  console.log(`wrote ${REFERENCE_FILE}`)
}
