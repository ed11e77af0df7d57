import { spawn, type ChildProcess } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { provisionTopology } from '@listing-sync/kafka'
import { createAmazonSimulator, type AmazonSimulator } from '@listing-sync/simulator-amazon'
import { createB2bSimulator, type B2bSimulator } from '@listing-sync/simulator-b2b'
import { createMagentoSimulator, type MagentoSimulator } from '@listing-sync/simulator-magento'
import { runId, testClients } from '../support/clients.js'
import { freePort } from '../support/ingest-harness.js'

// Issue 6, logs: one product change runs through ingest, the transformer and both dispatchers, each
// started as production starts it (its main.ts, configured from the environment, logging to stdout)
// at LOG_LEVEL=debug, so request and response bodies are logged too. Every credential is a known
// value; no line of any service may contain one, and the change's event id must be the trace.id of
// its lines from the webhook to both marketplace calls.

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const id = runId().replace(/[^a-z0-9]/g, '')
const SECRETS = {
  magentoToken: `magento-admin-token-${id}`,
  sharedSecret: `gateway-shared-secret-${id}`,
  lwaClientSecret: `lwa-client-secret-${id}`,
  refreshToken: `Atzr|refresh-token-${id}`,
  miraklKey: `mirakl-api-key-${id}`,
}
const LWA_CLIENT_ID = 'amzn1.application-oa2-client.log-redaction'
const SKU = '24-MB01'
// Marketplace ids of this run: the transformer writes to listing.<id>.v1 topics no one else reads.
const amazon = `amzlog${id}`
const b2b = `b2blog${id}`

type LogLine = Record<string, unknown> & { message?: string; trace?: { id?: string | string[] } }

/** A service run as deployed: its own Node process, every stdout and stderr line kept. */
class ServiceProcess {
  readonly lines: string[] = []
  private readonly waiters: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void; reject: (error: Error) => void }[] = []
  private readonly exited: Promise<void>

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on('line', (line) => this.read(line))
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()))
    // A service that dies fails what waits for it, with its last lines.
    void this.exited.then(() => {
      for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(`${name} exited:\n${this.lines.slice(-10).join('\n')}`))
    })
  }

  static start(name: string, main: string, env: Record<string, string>): ServiceProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        KAFKA_BROKERS: inject('kafkaBrokers').join(','),
        SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl'),
        LOG_LEVEL: 'debug',
        HOST: '127.0.0.1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    return new ServiceProcess(name, child)
  }

  /** Every line that is JSON, parsed. */
  get entries(): LogLine[] {
    return this.lines.flatMap((line) => (line.startsWith('{') ? [JSON.parse(line) as LogLine] : []))
  }

  /** The first line, logged already or to come, that matches. */
  waitFor(match: (line: LogLine) => boolean): Promise<LogLine> {
    const found = this.entries.find(match)
    if (found) return Promise.resolve(found)
    return new Promise((resolve, reject) => this.waiters.push({ match, resolve, reject }))
  }

  /** Stops the process by its id and waits for it to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) process.kill(this.child.pid!, 'SIGTERM')
    await this.exited
  }

  private read(line: string): void {
    this.lines.push(line)
    if (!line.startsWith('{')) return
    const entry = JSON.parse(line) as LogLine
    for (const waiter of [...this.waiters]) {
      if (!waiter.match(entry)) continue
      this.waiters.splice(this.waiters.indexOf(waiter), 1)
      waiter.resolve(entry)
    }
  }
}

const { kafka, registry } = testClients('log-redaction')
const services: ServiceProcess[] = []
const accessTokens = new Set<string>()
let signingKeyPem: string
let magento: MagentoSimulator
let amazonSim: AmazonSimulator
let b2bSim: B2bSimulator
let ingestUrl: string
let magentoUrl: string

const service = (name: string) => services.find((s) => s.name === name)!
const traceIds = (line: LogLine) => [line.trace?.id ?? []].flat()
const traced = (eventId: string) => (line: LogLine) => traceIds(line).includes(eventId)

beforeAll(async () => {
  const admin = kafka.admin()
  await admin.connect()
  await provisionTopology(admin, registry, [amazon, b2b]).finally(() => admin.disconnect())

  // A copy of the shipped manifests naming this run's marketplaces.
  const mappings = await mkdtemp(join(tmpdir(), 'log-redaction-mappings-'))
  await cp(join(ROOT, 'mappings'), mappings, { recursive: true })
  for (const [file, marketplace] of [['amazon.json', amazon], ['b2b.json', b2b]] as const) {
    const manifest = JSON.parse(await readFile(join(mappings, file), 'utf8')) as { marketplace: string }
    await writeFile(join(mappings, file), JSON.stringify({ ...manifest, marketplace }))
  }
  // The B2B manifest's attribute list is found by marketplace id.
  await cp(join(mappings, 'product-types', 'b2b-attributes.json'), join(mappings, 'product-types', `${b2b}-attributes.json`))

  amazonSim = createAmazonSimulator({ logLevel: 'warn', credentials: { clientId: LWA_CLIENT_ID, clientSecret: SECRETS.lwaClientSecret, refreshToken: SECRETS.refreshToken } })
  // The access tokens the simulator issued, as the dispatcher sends them: none may be logged either.
  amazonSim.app.addHook('onRequest', (request, _reply, done) => {
    const token = request.headers['x-amz-access-token']
    if (typeof token === 'string') accessTokens.add(token)
    done()
  })
  const amazonUrl = await amazonSim.listen('127.0.0.1', 0)
  b2bSim = createB2bSimulator({
    logLevel: 'warn',
    apiKey: SECRETS.miraklKey,
    importStepMs: 200,
    offersRequireProduct: false,
    // Limits off, so the test does not wait Mirakl's minute between OF24 calls and import looks.
    rateLimits: { OF24: 'off', OF02: 'off', OF03: 'off' },
  })
  const b2bUrl = await b2bSim.listen('127.0.0.1', 0)

  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 })
  signingKeyPem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const publicKeyFile = join(mappings, 'webhook.pub.pem')
  await writeFile(publicKeyFile, keys.publicKey.export({ type: 'spki', format: 'pem' }))
  const [ingestPort, magentoPort] = [await freePort(), await freePort()]
  ingestUrl = `http://127.0.0.1:${ingestPort}`
  magentoUrl = `http://127.0.0.1:${magentoPort}`
  magento = createMagentoSimulator({ logLevel: 'warn', token: SECRETS.magentoToken, webhookUrl: `${ingestUrl}/webhooks/magento`, webhookPrivateKeyPem: signingKeyPem })
  await magento.listen('127.0.0.1', magentoPort)

  services.push(
    ServiceProcess.start('ingest', 'services/ingest/src/main.ts', {
      INGEST_PORT: String(ingestPort),
      MAGENTO_BASE_URL: magentoUrl,
      MAGENTO_TOKEN: SECRETS.magentoToken,
      MAGENTO_WEBHOOK_PUBLIC_KEY_FILE: publicKeyFile,
      INGEST_SHARED_SECRET: SECRETS.sharedSecret,
    }),
    ServiceProcess.start('transformer', 'services/transformer/src/main.ts', { TRANSFORMER_PORT: String(await freePort()), MAPPINGS_DIR: mappings }),
    ServiceProcess.start('dispatcher-amazon', 'services/dispatcher/src/main.ts', {
      DISPATCHER_PORT: String(await freePort()),
      DISPATCHER_MARKETPLACE: 'amazon',
      DISPATCHER_TOPIC_MARKETPLACE: amazon,
      AMAZON_SP_API_ENDPOINT: amazonUrl,
      AMAZON_LWA_ENDPOINT: `${amazonUrl}/auth/o2/token`,
      AMAZON_LWA_CLIENT_ID: LWA_CLIENT_ID,
      AMAZON_LWA_CLIENT_SECRET: SECRETS.lwaClientSecret,
      AMAZON_LWA_REFRESH_TOKEN: SECRETS.refreshToken,
    }),
    ServiceProcess.start('dispatcher-b2b', 'services/dispatcher/src/main.ts', {
      DISPATCHER_PORT: String(await freePort()),
      DISPATCHER_MARKETPLACE: 'b2b',
      DISPATCHER_TOPIC_MARKETPLACE: b2b,
      B2B_API_URL: b2bUrl,
      B2B_API_KEY: SECRETS.miraklKey,
      DISPATCHER_RATE_LIMITS: JSON.stringify({ OF24: { rate: 10, burst: 10 } }),
      B2B_IMPORT_FIRST_POLL_MS: '200',
      B2B_IMPORT_POLL_MS: '200',
    }),
  )
  // Ingest has read Magento's attribute options (REST, with the bearer token) once it logs this.
  await service('ingest').waitFor((line) => line.message === 'attribute options loaded')
}, 120_000)

afterAll(async () => {
  await Promise.all(services.map((s) => s.stop()))
  // Every service's lines, to read when an assertion fails.
  const dir = await mkdtemp(join(tmpdir(), 'log-redaction-'))
  await Promise.all(services.map((s) => writeFile(join(dir, `${s.name}.log`), s.lines.join('\n'))))
  console.info(`service logs in ${dir}`)
  await Promise.all([magento?.app.close(), amazonSim?.app.close(), b2bSim?.app.close()])
})

describe('service logs', () => {
  it('follow a change from webhook to both marketplaces by its trace.id, and hold no secret', async () => {
    // The change: a price saved in Magento, sent to ingest as a signed Commerce webhook. Until the
    // broker and registry answered ingest, it says 503 and the admin saves again, as Magento would.
    let webhook: { status: number; requestId: string } | undefined
    for (let attempt = 0; attempt < 40 && webhook?.status !== 200; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 250))
      const saved = await fetch(`${magentoUrl}/_sim/products/${encodeURIComponent(SKU)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ price: 41.5 + attempt }),
      })
      webhook = ((await saved.json()) as { webhook?: { status: number; requestId: string } }).webhook
    }
    expect(webhook?.status).toBe(200)
    const eventId = webhook!.requestId

    const webhookLine = await service('ingest').waitFor((line) => line.message === 'request completed' && traced(eventId)(line))
    expect(webhookLine).toMatchObject({ 'log.level': 'info', http: { response: { status_code: 200 } }, event: { id: eventId, outcome: 'accepted' }, service: { name: 'ingest' } })
    await service('ingest').waitFor((line) => line.message === 'product published' && traced(eventId)(line))
    for (const marketplace of [amazon, b2b]) {
      await service('transformer').waitFor((line) => line.message === 'listing decided' && line.marketplace === marketplace && line.outcome === 'published' && traced(eventId)(line))
    }
    for (const name of ['dispatcher-amazon', 'dispatcher-b2b']) {
      const outcome = await service(name).waitFor((line) => line.message === 'delivery outcome' && traced(eventId)(line))
      expect(outcome.event).toMatchObject({ outcome: 'success' })
      // The marketplace call that carried the change, at info, and its bodies at debug.
      const call = service(name).entries.find((line) => line.message === 'outbound call' && traced(eventId)(line))
      expect(call, `${name}: no outbound call line with trace.id ${eventId}`).toMatchObject({ 'log.level': 'info', http: { response: { status_code: expect.any(Number) as unknown } } })
      expect(service(name).entries.some((line) => line.message === 'outbound call bodies' && traced(eventId)(line))).toBe(true)
    }

    // A custom gateway's webhook with the shared secret, and one with a wrong secret: neither value is logged.
    const product = await (await fetch(`${magentoUrl}/rest/default/V1/products/${SKU}`, { headers: { authorization: `Bearer ${SECRETS.magentoToken}` } })).json()
    const gatewayId = `gateway-${id}`
    for (const secret of [SECRETS.sharedSecret, `${SECRETS.sharedSecret}-wrong`]) {
      const response = await fetch(`${ingestUrl}/webhooks/magento`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-listing-sync-secret': secret, 'x-adobe-commerce-request-id': gatewayId },
        body: JSON.stringify(product),
      })
      expect(response.status).toBe(secret === SECRETS.sharedSecret ? 200 : 401)
    }
    await service('ingest').waitFor((line) => line.message === 'request completed' && (line.http as { response: { status_code: number } }).response.status_code === 401)
    await service('ingest').waitFor((line) => line.message === 'product published' && traced(gatewayId)(line))

    expect(accessTokens.size).toBeGreaterThan(0)
    const signingKeyBody = signingKeyPem.split('\n').slice(1, -2).join('')
    const secrets = [...Object.values(SECRETS), `${SECRETS.sharedSecret}-wrong`, ...accessTokens, ...signingKeyBody.match(/.{32}/g)!.slice(0, 4)]
    for (const s of services) {
      expect(s.lines.length, `${s.name} logged nothing`).toBeGreaterThan(0)
      for (const line of s.lines) {
        // Every line is JSON with ECS fields, so ELK takes it as it is.
        expect(JSON.parse(line), `${s.name}: ${line}`).toMatchObject({ '@timestamp': expect.any(String) as unknown, 'log.level': expect.any(String) as unknown, 'ecs.version': expect.any(String) as unknown })
        for (const secret of secrets) expect(line.includes(secret), `${s.name} logged a secret: ${line}`).toBe(false)
      }
    }
  }, 120_000)
})
