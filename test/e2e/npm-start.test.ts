import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, inject, it } from 'vitest'
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
  it('runs the simulators and services with every URL printed, carries a Magento save to the canonical topic, and stops on Ctrl-C', async () => {
    const child = spawn(process.execPath, ['packages/cli/bin/listing-sync.js', 'start'], {
      cwd: ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

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

    // Ctrl-C reaches the whole foreground process group: the CLI and the processes it started.
    process.kill(-child.pid!, 'SIGINT')
    expect(await exited).toBe(0)
    for (const port of [...Object.values(SERVICES), ...Object.values(SIMULATORS)]) {
      expect(await portInUse(port), `port ${port} still open`).toBe(false)
    }
    // The stack was already running (the test setup started it), so it keeps running.
    expect(await portInUse(9092)).toBe(true)
  }, 120_000)
})
