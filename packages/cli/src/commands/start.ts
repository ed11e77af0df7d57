import { spawn, type ChildProcess } from 'node:child_process'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { closeSync, existsSync, openSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { loadConfig, marketplaceVariables } from '@listing-sync/config'
import { defaultStackDir, LocalStack } from '@listing-sync/stack'

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const say = (line: string) => process.stdout.write(`${line}\n`)

/** A process `start` runs, and where a person reaches it. */
interface ProcessSpec {
  readonly name: string
  readonly entry: string
  readonly port: number
  readonly env: Readonly<Record<string, string>>
}

/** The simulators first (services call them), then the services; one dispatcher per marketplace. */
function processes(marketplaces: readonly string[], keys: WebhookKeys, consoleToken: string): ProcessSpec[] {
  const dispatcherPort = (index: number) => 8083 + index
  return [
    { name: 'magento-simulator', entry: 'simulators/magento/src/main.ts', port: 9001, env: { PORT: '9001', MAGENTO_WEBHOOK_PRIVATE_KEY_FILE: keys.privateKeyFile } },
    { name: 'amazon-simulator', entry: 'simulators/amazon/src/main.ts', port: 9002, env: { PORT: '9002' } },
    // The demo B2B marketplace's catalog has the products already (offers match them by UPC), and
    // runs one OF24 call every 5 s instead of Mirakl's one a minute, so a save shows within seconds;
    // its dispatcher below is paced the same way.
    { name: 'b2b-simulator', entry: 'simulators/b2b/src/main.ts', port: 9003, env: { PORT: '9003', B2B_SIM_OFFERS_REQUIRE_PRODUCT: 'false', B2B_SIM_RATE_LIMITS: 'OF24=1/5' } },
    {
      name: 'ingest',
      entry: 'services/ingest/src/main.ts',
      port: 8080,
      // Signed webhooks as Commerce sends them, and a reconcile poll every minute for saves Magento fires no event for.
      env: { INGEST_PORT: '8080', MAGENTO_WEBHOOK_PUBLIC_KEY_FILE: keys.publicKeyFile, RECONCILE_INTERVAL_SECONDS: '60' },
    },
    { name: 'transformer', entry: 'services/transformer/src/main.ts', port: 8082, env: { TRANSFORMER_PORT: '8082' } },
    ...marketplaces.map((marketplace, index) => ({
      name: `dispatcher-${marketplace}`,
      entry: 'services/dispatcher/src/main.ts',
      port: dispatcherPort(index),
      env: {
        DISPATCHER_PORT: String(dispatcherPort(index)),
        DISPATCHER_MARKETPLACE: marketplace,
        ...(marketplace === 'b2b' ? { DISPATCHER_RATE_LIMITS: JSON.stringify({ OF24: { rate: 0.2, burst: 1 } }), B2B_IMPORT_FIRST_POLL_MS: '3000' } : {}),
      },
    })),
    // The console reads the dispatchers' call counters, so failing calls show within seconds.
    {
      name: 'console',
      entry: 'services/console/src/main.ts',
      port: 8085,
      env: { CONSOLE_PORT: '8085', CONSOLE_TOKEN: consoleToken, CONSOLE_METRICS_URLS: marketplaces.map((_, index) => `http://localhost:${dispatcherPort(index)}/metrics`).join(',') },
    },
  ]
}

/**
 * `npm start`: the local stack, the simulators and the services, with every URL printed; Ctrl-C
 * stops the processes it started (and the stack, if this command started it).
 */
export async function runStart(): Promise<number> {
  const { MARKETPLACES } = loadConfig(marketplaceVariables)
  const stack = new LocalStack({ report: say })
  const up = await stack.up(MARKETPLACES)
  const logDir = join(defaultStackDir(), 'logs')
  await mkdir(logDir, { recursive: true })

  const env = {
    ...process.env,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? stack.endpoints.brokers.join(','),
    SCHEMA_REGISTRY_URL: process.env.SCHEMA_REGISTRY_URL ?? stack.endpoints.registryUrl,
  }
  const keysDir = join(defaultStackDir(), 'keys')
  const consoleToken = process.env.CONSOLE_TOKEN ?? (await localConsoleToken(keysDir))
  const specs = processes(MARKETPLACES, await webhookKeys(keysDir), consoleToken)
  const children = new Map<string, ChildProcess>()
  let stopping = false

  const stopAll = async () => {
    stopping = true
    say('stopping…')
    await Promise.all([...children.values()].map((child) => stopChild(child)))
    if (up.started.length > 0) say(`stopped stack: ${(await stack.down()).join(', ') || 'nothing'}`)
  }

  for (const spec of specs) {
    const logFile = join(logDir, `${spec.name}.log`)
    const out = openSync(logFile, 'a')
    const child = spawn(process.execPath, ['--import', 'tsx', spec.entry], {
      cwd: ROOT,
      env: { ...env, ...spec.env },
      stdio: ['ignore', out, out],
    })
    closeSync(out)
    children.set(spec.name, child)
    child.once('exit', (code, signal) => {
      children.delete(spec.name)
      if (!stopping) say(`${spec.name} exited (${signal ?? `code ${code}`}); see ${logFile}`)
    })
  }

  const failures = (await Promise.all(specs.map((spec) => waitHealthy(spec, children, logDir)))).filter(Boolean)
  if (failures.length > 0) {
    for (const failure of failures) say(failure as string)
    await stopAll()
    return 1
  }

  say('\nlisting-sync is running:')
  for (const spec of specs) say(`  ${spec.name.padEnd(20)} http://localhost:${spec.port}  (/healthz /readyz /metrics)`)
  say(`  ${'kafka'.padEnd(20)} ${stack.endpoints.brokers.join(',')}`)
  say(`  ${'schema registry'.padEnd(20)} ${stack.endpoints.registryUrl}/subjects`)
  say(`console: open http://localhost:8085 and sign in with the token ${consoleToken}`)
  say(`logs in ${logDir}; Ctrl-C stops everything`)

  await new Promise<void>((resolve) => {
    const onSignal = () => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      stopAll().then(resolve, resolve)
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
  return 0
}

/** Polls `/healthz` until it answers 200; returns a message if the process died or timed out. */
async function waitHealthy(spec: ProcessSpec, children: ReadonlyMap<string, ChildProcess>, logDir: string): Promise<string | undefined> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (!children.has(spec.name)) {
      const log = await readFile(join(logDir, `${spec.name}.log`), 'utf8').catch(() => '')
      return `${spec.name} exited during start; last log lines:\n${log.split('\n').slice(-15).join('\n')}`
    }
    const ok = await fetch(`http://localhost:${spec.port}/healthz`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false)
    if (ok) return undefined
    await sleep(200)
  }
  return `${spec.name} did not answer /healthz on port ${spec.port} within 60 s`
}

/** Key files of the simulated Commerce webhook signing. */
interface WebhookKeys {
  readonly privateKeyFile: string
  readonly publicKeyFile: string
}

/**
 * The demo's webhook signing keys: Commerce signs with its private key and the admin hands us the
 * public one; locally both are generated once and kept under the stack folder.
 */
async function webhookKeys(dir: string): Promise<WebhookKeys> {
  const keys = { privateKeyFile: join(dir, 'magento-webhook.key.pem'), publicKeyFile: join(dir, 'magento-webhook.pub.pem') }
  if (existsSync(keys.privateKeyFile) && existsSync(keys.publicKeyFile)) return keys
  await mkdir(dir, { recursive: true })
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 })
  await writeFile(keys.privateKeyFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 })
  await writeFile(keys.publicKeyFile, pair.publicKey.export({ type: 'spki', format: 'pem' }))
  return keys
}

/** The local console's sign-in token: generated once, kept beside the webhook keys. */
async function localConsoleToken(dir: string): Promise<string> {
  const file = join(dir, 'console-token')
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim()
  await mkdir(dir, { recursive: true })
  const token = randomBytes(24).toString('base64url')
  await writeFile(file, `${token}\n`, { mode: 0o600 })
  return token
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}
