import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Counter, Registry } from 'prom-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { marketplaceTopicNames } from '@listing-sync/kafka'
import { SyncIndex } from '../../services/console/src/state/sync-index.js'
import { MarketplaceStatusBoard } from '../../services/console/src/status/marketplace-status.js'
import { runId, testClients } from '../support/clients.js'

// The console's status board against the real broker: a listings topic of this run's own that no
// dispatcher group has read, and a real prom-client registry served over HTTP in the place of a
// dispatcher's /metrics. Samples are given their time, so the 30 s failing window needs no sleep.

const { kafka, log } = testClients('console-status')
const marketplace = `con${runId().replace(/[^a-z0-9]/g, '')}`
const topic = marketplaceTopicNames(marketplace).listings
const group = `test-console-status-${runId()}`
/** The transformer's stand-in: a group on the same topic that has mapped everything (committed at the end). */
const mapping = { group: `test-console-status-mapping-${runId()}`, topic }
const admin = kafka.admin()
const producer = kafka.producer()

const metrics = new Registry()
/** The dispatcher's call counter, as services/dispatcher/src/dispatcher-metrics.ts declares it. */
const calls = new Counter({ name: 'listing_sync_marketplace_calls_total', help: 'Marketplace calls by operation and result', labelNames: ['marketplace', 'operation', 'result'] as const, registers: [metrics] })
/** Whether /metrics answers; a dispatcher may miss a scrape (busy, restarting). */
let answering = true
let server: Server
let metricsUrl: string

beforeAll(async () => {
  await admin.connect()
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: -1 }] })
  await producer.connect()
  await producer.send({ topic, messages: ['24-MB01', '24-MB02', '24-MB03'].map((sku) => ({ key: sku, value: sku })) })
  await admin.setOffsets({ groupId: mapping.group, topic, partitions: [{ partition: 0, offset: (await admin.fetchTopicOffsets(topic))[0]!.high }] })
  server = createServer((_request, response) => {
    if (!answering) return void response.writeHead(503).end()
    metrics.metrics().then(
      (page) => response.writeHead(200, { 'content-type': metrics.contentType }).end(page),
      () => response.writeHead(500).end(),
    )
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  metricsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`
})
afterAll(async () => {
  server?.closeAllConnections()
  server?.close()
  await producer.disconnect()
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined)
  await admin.disconnect()
})

describe('the console status board', () => {
  it('reports queued updates as lagging, failing calls as failing, and stops failing 30 s after the last', async () => {
    const board = new MarketplaceStatusBoard({ admin, index: new SyncIndex([marketplace]), dispatcherGroup: () => group, mapping, metricsUrls: [metricsUrl], log })
    const start = Date.parse('2024-05-01T10:00:00Z')
    expect(board.statuses(start)).toEqual([expect.objectContaining({ marketplace, status: 'unknown', because: 'no sample yet', depth: null })])

    // Retries from before the console started are history: the first sample is the baseline.
    calls.inc({ marketplace, operation: 'putListingsItem', result: 'retry' }, 2)
    calls.inc({ marketplace, operation: 'putListingsItem', result: 'accepted' }, 5)
    await board.sample(start)
    expect(board.statuses(start)).toEqual([expect.objectContaining({ status: 'lagging', because: '3 update(s) queued for delivery, 0 change(s) awaiting mapping', depth: 3, openDeadLetters: 0, openInvalid: 0 })])

    calls.inc({ marketplace, operation: 'putListingsItem', result: 'retry' })
    await board.sample(start + 2000)
    const [failing] = board.statuses(start + 2000)
    expect(failing).toMatchObject({ status: 'failing', depth: 3 })
    expect(failing!.because).toMatch(/calls failing/)
    expect(failing!.history.map((point) => point.errorsPerSecond)).toEqual([0, 0.5])

    // Accepted calls and another marketplace's retries are no failures of this one.
    calls.inc({ marketplace, operation: 'putListingsItem', result: 'accepted' })
    calls.inc({ marketplace: `${marketplace}x`, operation: 'putListingsItem', result: 'retry' })
    await board.sample(start + 33_000)
    expect(board.statuses(start + 33_000)).toEqual([expect.objectContaining({ status: 'lagging', because: '3 update(s) queued for delivery, 0 change(s) awaiting mapping', depth: 3 })])
    expect(board.statuses(start + 33_000)[0]!.history).toHaveLength(3)
  })

  it('does not take the counters of a dispatcher that missed a scrape for new failures', async () => {
    calls.inc({ marketplace, operation: 'putListingsItem', result: 'retry' })
    const board = new MarketplaceStatusBoard({ admin, index: new SyncIndex([marketplace]), dispatcherGroup: () => group, mapping, metricsUrls: [metricsUrl], log })
    const start = Date.parse('2024-05-01T11:00:00Z')
    await board.sample(start)

    answering = false
    try {
      await board.sample(start + 2000)
    } finally {
      answering = true
    }
    await board.sample(start + 4000)

    expect(board.statuses(start + 4000)).toEqual([expect.objectContaining({ status: 'lagging', depth: 3 })])
  })

  it('counts changes the transformer has not mapped yet as lagging', async () => {
    const board = new MarketplaceStatusBoard({ admin, index: new SyncIndex([marketplace]), dispatcherGroup: () => group, mapping: { group: `${mapping.group}-behind`, topic }, metricsUrls: [], log })
    await board.sample()
    expect(board.statuses()).toEqual([expect.objectContaining({ status: 'lagging', because: '3 update(s) queued for delivery, 3 change(s) awaiting mapping' })])
  })

  it('reports a marketplace with nothing queued and no failing calls as in sync', async () => {
    // The group's dispatchers have committed everything the topic holds.
    const end = (await admin.fetchTopicOffsets(topic))[0]!.high
    await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: end }] })
    const board = new MarketplaceStatusBoard({ admin, index: new SyncIndex([marketplace]), dispatcherGroup: () => group, mapping, metricsUrls: [metricsUrl], log })

    await board.sample()

    expect(board.statuses()).toEqual([expect.objectContaining({ status: 'in sync', depth: 0 })])
  })
})
