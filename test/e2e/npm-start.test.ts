import { describe, expect, inject, it, onTestFailed } from 'vitest'
import { CATALOG_PRODUCT_TOPIC } from '@listing-sync/kafka'
import { portInUse } from '@listing-sync/stack'
import { testClients } from '../support/clients.js'
import { AMAZON_LIMITS_LIFTED, startListingSync } from '../support/listing-sync-start.js'
import { TopicCollector } from '../support/topic-collector.js'

const { kafka, registry } = testClients('npm-start')
const SERVICES = { ingest: 8080, transformer: 8082, 'dispatcher-amazon': 8083, 'dispatcher-b2b': 8084, console: 8085 }
const SIMULATORS = { magento: 9001, amazon: 9002, b2b: 9003 }
const CONSOLE_TOKEN = 'npm-start-test-console-token-0123456789'
/** A price no earlier run sent (the transformer does not publish an unchanged listing again), in odd cents: no trailing zero. */
const PRICE = Math.round(5000 + (Date.now() % 450) * 2 + 1) / 100

describe.runIf(inject('stackMode') === 'native')('listing-sync start (npm start)', () => {
  it('runs the simulators and services with every URL printed, carries a Magento save to the canonical topic and both marketplaces, and stops on Ctrl-C', async () => {
    const started = await startListingSync({ ...AMAZON_LIMITS_LIFTED, CONSOLE_TOKEN })
    onTestFailed(() => void started.stop())
    const output = started.output()
    for (const [name, port] of Object.entries({ ...SERVICES, ...SIMULATORS })) {
      expect(output).toContain(`http://localhost:${port}`)
      expect((await fetch(`http://localhost:${port}/healthz`)).status, name).toBe(200)
      expect((await fetch(`http://localhost:${port}/metrics`)).status, name).toBe(200)
    }
    for (const [name, port] of Object.entries(SERVICES)) {
      // Services are ready only when they reach Kafka and the registry (the console also once it read the topics).
      const readiness = async () => (await fetch(`http://localhost:${port}/readyz`)).json()
      await expect.poll(readiness, { timeout: 30_000, message: name }).toMatchObject({ status: 'ok', checks: { kafka: { status: 'ok' }, registry: { status: 'ok' } } })
    }
    // Ingest is ready once it can record a webhook (producers connected, schemas registered).
    expect(await (await fetch(`http://localhost:${SERVICES.ingest}/readyz`)).json()).toMatchObject({ checks: { recorder: { status: 'ok' } } })
    expect(output).toContain('localhost:9092')
    expect(output).toContain('http://localhost:8081/apis/ccompat/v7/subjects')

    // What earlier tests left on the topics is worked off first; the console says when.
    const statuses = async () => {
      const overview = (await (await fetch('http://localhost:8085/api/overview', { headers: { authorization: `Bearer ${CONSOLE_TOKEN}` } })).json()) as { marketplaces: { status: string }[] }
      return overview.marketplaces.map((marketplace) => marketplace.status)
    }
    await expect.poll(statuses, { timeout: 120_000, interval: 1000 }).toEqual(['in sync', 'in sync'])

    // A save in the Magento simulator reaches the canonical topic, signed webhook and all.
    const catalog = new TopicCollector<{ product: { sku: string; price: { amount: string } | null } }>(kafka, registry, CATALOG_PRODUCT_TOPIC)
    await catalog.start()
    try {
      const saved = await fetch('http://localhost:9001/_sim/products/24-MB02', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ price: PRICE }),
      })
      const { webhook } = (await saved.json()) as { webhook: { status: number; requestId: string } }
      expect(webhook.status).toBe(200)
      const event = await catalog.waitFor((r) => r.headers['event-id'] === webhook.requestId)
      expect(event.value?.product).toMatchObject({ sku: '24-MB02', price: { amount: String(PRICE) } })
    } finally {
      await catalog.stop()
    }

    // …and, mapped by the transformer and delivered by the dispatchers, both marketplaces.
    const amazonPrice = async () => {
      const state = (await (await fetch('http://localhost:9002/_sim/state?sku=24-MB02')).json()) as { listings?: { attributes: { purchasable_offer?: { our_price: { schedule: { value_with_tax: number }[] }[] }[] } }[] }
      return state.listings?.[0]?.attributes.purchasable_offer?.[0]?.our_price[0]?.schedule[0]?.value_with_tax
    }
    await expect.poll(amazonPrice, { timeout: 60_000, interval: 500 }).toBe(PRICE)
    const b2bPrice = async () => ((await (await fetch('http://localhost:9003/_sim/state?sku=24-MB02')).json()) as { offer?: { price: number } | null }).offer?.price
    await expect.poll(b2bPrice, { timeout: 60_000, interval: 500 }).toBe(PRICE)

    expect(await started.stop()).toBe(0)
    for (const port of [...Object.values(SERVICES), ...Object.values(SIMULATORS)]) {
      expect(await portInUse(port), `port ${port} still open`).toBe(false)
    }
    // The stack was already running (the test setup started it), so it keeps running.
    expect(await portInUse(9092)).toBe(true)
  }, 360_000)
})
