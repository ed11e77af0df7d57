import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { INGEST_NODE_FLAGS } from '@listing-sync/ingest/node-flags'
import { TRANSFORMER_ENV, TRANSFORMER_NODE_FLAGS } from '@listing-sync/transformer/node-flags'

// The processes of a local listing-sync: what `npm start` runs, and what the system benchmarks run
// one by one (so they can kill and restart each).

/** A process `start` runs, and where a person reaches it. */
export interface ProcessSpec {
  readonly name: string
  readonly entry: string
  readonly port: number
  readonly env: Readonly<Record<string, string>>
  /** Node.js flags before the entry. */
  readonly nodeArgs?: readonly string[]
}

/** The simulators first (services call them), then the services; one dispatcher per marketplace. */
export function localProcesses(marketplaces: readonly string[], keys: WebhookKeys, consoleToken: string): ProcessSpec[] {
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
      nodeArgs: INGEST_NODE_FLAGS,
    },
    { name: 'transformer', entry: 'services/transformer/src/main.ts', port: 8082, env: { TRANSFORMER_PORT: '8082', ...TRANSFORMER_ENV }, nodeArgs: TRANSFORMER_NODE_FLAGS },
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

/** Key files of the simulated Commerce webhook signing. */
export interface WebhookKeys {
  readonly privateKeyFile: string
  readonly publicKeyFile: string
}

/**
 * The demo's webhook signing keys: Commerce signs with its private key and the admin hands us the
 * public one; locally both are generated once and kept under the stack folder.
 */
export async function webhookKeys(dir: string): Promise<WebhookKeys> {
  const keys = { privateKeyFile: join(dir, 'magento-webhook.key.pem'), publicKeyFile: join(dir, 'magento-webhook.pub.pem') }
  if (existsSync(keys.privateKeyFile) && existsSync(keys.publicKeyFile)) return keys
  await mkdir(dir, { recursive: true })
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 })
  await writeFile(keys.privateKeyFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 })
  await writeFile(keys.publicKeyFile, pair.publicKey.export({ type: 'spki', format: 'pem' }))
  return keys
}

/** The local console's sign-in token: generated once, kept beside the webhook keys. */
export async function localConsoleToken(dir: string): Promise<string> {
  const file = join(dir, 'console-token')
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim()
  await mkdir(dir, { recursive: true })
  const token = randomBytes(24).toString('base64url')
  await writeFile(file, `${token}\n`, { mode: 0o600 })
  return token
}
