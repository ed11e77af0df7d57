import { createSign, generateKeyPairSync } from 'node:crypto'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import { createIngestApp, loadIngestConfig, type IngestApp } from '@listing-sync/ingest'
import { createMagentoSimulator, type MagentoSimulator } from '@listing-sync/simulator-magento'

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Shared secret the tests' "gateway" uses. */
export const GATEWAY_SECRET = 'test-gateway-secret-0123456789'

/** Ingest and a Magento simulator wired together, as in production: signed webhooks both ways. */
export interface IngestHarness {
  readonly ingest: IngestApp
  readonly ingestUrl: string
  readonly magento: MagentoSimulator
  readonly magentoUrl: string
  /** Signs a body as Commerce does (RSA-SHA256 over the raw bytes, base64). */
  sign(body: Buffer): string
  stop(): Promise<void>
}

/** Starts the simulator and ingest (in-process) against the test stack, with extra ingest env. */
export async function startIngestHarness(env: Record<string, string> = {}): Promise<IngestHarness> {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const dir = await mkdtemp(join(tmpdir(), 'ingest-test-'))
  const publicKeyFile = join(dir, 'webhook.pub.pem')
  await writeFile(publicKeyFile, keys.publicKey.export({ type: 'spki', format: 'pem' }))
  const magentoPort = await freePort()
  const magentoUrl = `http://127.0.0.1:${magentoPort}`
  const config = loadIngestConfig({
    KAFKA_BROKERS: inject('kafkaBrokers').join(','),
    SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl'),
    MAGENTO_BASE_URL: magentoUrl,
    MAGENTO_WEBHOOK_PUBLIC_KEY_FILE: publicKeyFile,
    INGEST_SHARED_SECRET: GATEWAY_SECRET,
    LOG_LEVEL: 'warn',
    ...env,
  })
  const ingest = await createIngestApp(config)
  const ingestUrl = await ingest.http.listen('127.0.0.1', 0)
  const magento = createMagentoSimulator({
    webhookUrl: `${ingestUrl}/webhooks/magento`,
    webhookPrivateKeyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    logLevel: 'warn',
  })
  await magento.listen('127.0.0.1', magentoPort)
  return {
    ingest,
    ingestUrl,
    magento,
    magentoUrl,
    sign: (body) => createSign('SHA256').update(body).sign(keys.privateKey, 'base64'),
    async stop() {
      await magento.app.close()
      await ingest.http.app.close()
    },
  }
}
