import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, inject, it, onTestFailed } from 'vitest'
import { CATALOG_PRODUCT_TOPIC } from '@listing-sync/kafka'
import { portInUse } from '@listing-sync/stack'
import { testClients } from '../support/clients.js'
import { TopicCollector } from '../support/topic-collector.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const { kafka, registry } = testClients('npm-start')
const SERVICES = { ingest: 8080, transformer: 8082, 'dispatcher-amazon': 8083, 'dispatcher-b2b': 8084 }
const SIMULATORS = { magento: 9001, amazon: 9002, b2b: 9003 }

// `npm start` runs `listing-sync start`; the CLI is started directly so its own exit code is observed
// (npm reports a signal instead when Ctrl-C reaches it).
describe.runIf(inject('stackMode') === 'native')('listing-sync start (npm start)', () => {
  it('runs the simulators and services with every URL printed, carries a Magento save to the canonical topic and both marketplaces, and stops on Ctrl-C', async () => {
    const child = spawn(process.execPath, ['packages/cli/bin/listing-sync.js', 'start'], {
      cwd: ROOT,
      // Earlier tests left thousands of listings on listing.amazon.v1 that this fresh dispatcher
      // group delivers first: Amazon's limits lifted on both sides, so the save below is not
      // minutes behind them. (The B2B dispatcher sends all partitions' backlog in few OF24 calls.)
      env: {
        ...process.env,
        AMAZON_SIM_RATE_LIMITS: 'off',
        DISPATCHER_RATE_LIMITS: JSON.stringify({ putListingsItem: { rate: 1000, burst: 1000 }, patchListingsItem: { rate: 1000, burst: 1000 }, deleteListingsItem: { rate: 1000, burst: 1000 } }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    // A failing expectation must not leave the started processes running: they hold the ports.
    onTestFailed(() => {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGINT')
    })

    await expect.poll(() => output, { timeout: 90_000, interval: 250 }).toContain('Ctrl-C stops everything')
    for (const [name, port] of Object.entries({ ...SERVICES, ...SIMULATORS })) {
      expect(output).toContain(`http://localhost:${port}`)
      expect((await fetch(`http://localhost:${port}/healthz`)).status, name).toBe(200)
      expect((await fetch(`http://localhost:${port}/metrics`)).status, name).toBe(200)
    }
    for (const [name, port] of Object.entries(SERVICES)) {
      // Services are ready only when they reach Kafka and the registry.
      const ready = await fetch(`http://localhost:${port}/readyz`)
      expect(await ready.json(), name).toEqual({ status: 'ok', checks: { kafka: { status: 'ok' }, registry: { status: 'ok' } } })
    }
    expect(output).toContain('localhost:9092')
    expect(output).toContain('http://localhost:8081/apis/ccompat/v7/subjects')

    // A save in the Magento simulator reaches the canonical topic, signed webhook and all.
    const catalog = new TopicCollector<{ product: { sku: string; price: { amount: string } | null } }>(kafka, registry, CATALOG_PRODUCT_TOPIC)
    await catalog.start()
    try {
      const saved = await fetch('http://localhost:9001/_sim/products/24-MB02', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ price: 61.25 }),
      })
      const { webhook } = (await saved.json()) as { webhook: { status: number; requestId: string } }
      expect(webhook.status).toBe(200)
      const event = await catalog.waitFor((r) => r.headers['event-id'] === webhook.requestId)
      expect(event.value?.product).toMatchObject({ sku: '24-MB02', price: { amount: '61.25' } })
    } finally {
      await catalog.stop()
    }

    // …and, mapped by the transformer and delivered by the dispatchers, both marketplaces.
    const amazonPrice = async () => {
      const state = (await (await fetch('http://localhost:9002/_sim/state?sku=24-MB02')).json()) as { listings?: { attributes: { purchasable_offer?: { our_price: { schedule: { value_with_tax: number }[] }[] }[] } }[] }
      return state.listings?.[0]?.attributes.purchasable_offer?.[0]?.our_price[0]?.schedule[0]?.value_with_tax
    }
    await expect.poll(amazonPrice, { timeout: 60_000, interval: 500 }).toBe(61.25)
    const b2bPrice = async () => ((await (await fetch('http://localhost:9003/_sim/state?sku=24-MB02')).json()) as { offer?: { price: number } | null }).offer?.price
    await expect.poll(b2bPrice, { timeout: 60_000, interval: 500 }).toBe(61.25)

    // Ctrl-C reaches the whole foreground process group: the CLI and the processes it started.
    process.kill(-child.pid!, 'SIGINT')
    expect(await exited).toBe(0)
    for (const port of [...Object.values(SERVICES), ...Object.values(SIMULATORS)]) {
      expect(await portInUse(port), `port ${port} still open`).toBe(false)
    }
    // The stack was already running (the test setup started it), so it keeps running.
    expect(await portInUse(9092)).toBe(true)
  }, 240_000)
})
