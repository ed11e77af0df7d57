import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { createConsoleApp, loadConsoleConfig, type ConsoleApp } from '@listing-sync/console'
import { DeadLetters } from '@listing-sync/dispatcher'
import { BatchingProducer, createProducer, ensureTopics, marketplaceTopicNames, readLatestRecordForKey, topicCatalog } from '@listing-sync/kafka'
import { runId, testClients } from '../support/clients.js'
import { TopicCollector } from '../support/topic-collector.js'

// The operations console in-process against the real broker and registry: sign-in and CSRF, the
// inbox built from real dead letters (written by the dispatcher's own DeadLetters) and `.invalid`
// records, discard that survives a restart, replay of a dead letter, and the SKU trace. A
// marketplace id of its own keeps these topics apart from the running demo's.

/** An inbox entry as /api/inbox returns it. */
interface Entry {
  id: string
  kind: 'dlt' | 'invalid'
  sku: string
  errorClass: string
  reasons: string[]
  attempts: number
  replayedAt: number | null
}

const TOKEN = 'x'.repeat(32)
const BEARER = { authorization: `Bearer ${TOKEN}` }
const run = runId().replace(/[^a-z0-9]/g, '')
const marketplace = `con${run}`
const topics = marketplaceTopicNames(marketplace)
const { kafka, registry } = testClients('console')
const producer = createProducer(kafka)
const listings = new TopicCollector<{ sourceEventId: string }>(kafka, registry, topics.listings)
const apps: ConsoleApp[] = []

/** SKUs, one per scenario; XSS_SKU carries markup the pages must show as text. */
const REPLAY_SKU = `MB-REPLAY-${run}`
const FORM_SKU = `MB-FORM-${run}`
const DISCARD_SKU = `MB-DISCARD-${run}`
const XSS_SKU = `<script>alert(1)</script>-${run}`
const XSS_REASON = '<script>alert("reason")</script> is not a title'

let updateSchemaId: number
let rejectedSchemaId: number
let console1: ConsoleApp

async function startConsole(): Promise<ConsoleApp> {
  const config = loadConsoleConfig({
    KAFKA_BROKERS: inject('kafkaBrokers').join(','),
    SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl'),
    MARKETPLACES: marketplace,
    CONSOLE_TOKEN: TOKEN,
    LOG_LEVEL: 'silent',
  })
  const app = await createConsoleApp(config)
  apps.push(app)
  await app.start()
  return app
}

/** Publishes a listing update, then dead-letters that very record as the dispatcher does. */
async function deadLetter(sku: string, cause: { errorClass: string; message: string; attempts: number }): Promise<string> {
  const eventId = `${sku}@${Date.now()}`
  const value = await registry.encode(updateSchemaId, {
    marketplace,
    sku,
    action: 'UPSERT',
    productType: 'LUGGAGE',
    payloadJson: JSON.stringify({ productType: 'LUGGAGE', attributes: { item_name: [{ value: sku }] } }),
    payloadHash: eventId,
    sourceEventId: eventId,
    magentoUpdatedAt: new Date(),
    manifestVersion: '1.0.0',
    mappedAt: new Date(),
  })
  await producer.send({ topic: topics.listings, acks: -1, messages: [{ key: sku, value, headers: { 'event-id': eventId } }] })
  // The record as the dispatcher consumed it.
  const record = (await readLatestRecordForKey(kafka, topics.listings, sku))!
  const message = { key: Buffer.from(sku), value: record.value, headers: { ...record.headers }, offset: record.offset, timestamp: record.timestamp, attributes: 0 }
  await new DeadLetters(new BatchingProducer(producer), topics.deadLetters).send({ topic: topics.listings, partition: record.partition, message }, cause)
  return eventId
}

/** Writes a `.invalid` record as the transformer does. */
async function invalid(sku: string, message: string): Promise<void> {
  const value = await registry.encode(rejectedSchemaId, {
    marketplace,
    sku,
    productType: 'LUGGAGE',
    problems: [{ stage: 'VALIDATION', rule: 'item_name', path: 'attributes.item_name', message }],
    sourceEventId: `${sku}@${Date.now()}`,
    magentoUpdatedAt: new Date(),
    manifestVersion: '1.0.0',
    rejectedAt: new Date(),
  })
  await producer.send({ topic: topics.invalid, acks: -1, messages: [{ key: sku, value }] })
}

const request = (app: ConsoleApp, options: InjectOptions) => app.http.app.inject(options)

async function inbox(app: ConsoleApp): Promise<Entry[]> {
  const response = await request(app, { method: 'GET', url: '/api/inbox', headers: BEARER })
  expect(response.statusCode).toBe(200)
  return response.json<{ entries: Entry[] }>().entries
}

const entryOf = async (app: ConsoleApp, sku: string) => (await inbox(app)).find((entry) => entry.sku === sku)

/** The Cookie header carrying these response cookies. */
const cookieHeader = (...responses: LightMyRequestResponse[]) =>
  responses
    .flatMap((response) => response.cookies as { name: string; value: string }[])
    .map((cookie) => `${cookie.name}=${cookie.value}`)
    .join('; ')

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

beforeAll(async () => {
  const admin = kafka.admin()
  await admin.connect()
  const specs = topicCatalog([marketplace]).filter((spec) => spec.name.startsWith(`listing.${marketplace}.`))
  await ensureTopics(admin, specs).finally(() => admin.disconnect())
  const ids = await registry.registerTopicSchemas(specs)
  updateSchemaId = ids.get(topics.listings)!
  rejectedSchemaId = ids.get(topics.invalid)!
  await producer.connect()
  await deadLetter(REPLAY_SKU, { errorClass: 'http-400', message: "'item_name' is required but not supplied.", attempts: 1 })
  await deadLetter(FORM_SKU, { errorClass: 'retries-exhausted', message: 'Service Unavailable', attempts: 20 })
  await deadLetter(DISCARD_SKU, { errorClass: 'http-400', message: 'Bad Request', attempts: 1 })
  await invalid(XSS_SKU, XSS_REASON)
  await listings.start()
  console1 = await startConsole()
}, 60_000)

afterAll(async () => {
  for (const app of apps) await app.http.app.close()
  await listings.stop()
  await producer.disconnect()
})

describe('console access', () => {
  it('sends a visitor without a session to the sign-in page', async () => {
    const response = await request(console1, { method: 'GET', url: '/' })
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('/login?next=%2F')
  })

  it('refuses a wrong token and says so', async () => {
    const response = await request(console1, { method: 'POST', url: '/login', headers: FORM, payload: form({ token: 'y'.repeat(32), next: '/' }) })
    expect(response.statusCode).toBe(401)
    expect(response.body).toContain('That token is not the console token')
    expect(response.cookies).toEqual([])
  })

  it('signs in with the token: an HttpOnly, SameSite=Strict session cookie opens the pages', async () => {
    const login = await request(console1, { method: 'POST', url: '/login', headers: FORM, payload: form({ token: TOKEN, next: '/' }) })
    expect(login.statusCode).toBe(302)
    expect(login.headers.location).toBe('/')
    const [session] = login.cookies as { name: string; httpOnly?: boolean; sameSite?: string }[]
    expect(session).toMatchObject({ name: 'listing_sync_console', httpOnly: true, sameSite: 'Strict' })

    const overview = await request(console1, { method: 'GET', url: '/', headers: { cookie: cookieHeader(login) } })
    expect(overview.statusCode).toBe(200)
    expect(overview.headers['content-type']).toMatch(/^text\/html/)
    expect(overview.body).toMatch(/<meta name="csrf-token" content="[^"]+" \/>/)
  })

  it('sends a signed-in person only to a path of the console, never to another host', async () => {
    for (const next of ['//evil.example/', '/\\evil.example/', '/\t/evil.example/', 'https://evil.example/']) {
      const login = await request(console1, { method: 'POST', url: '/login', headers: FORM, payload: form({ token: TOKEN, next }) })
      expect(login.statusCode).toBe(302)
      expect(login.headers.location).toBe('/')
    }
  })

  it('answers scripts with a Bearer token and refuses them without', async () => {
    const withToken = await request(console1, { method: 'GET', url: '/api/overview', headers: BEARER })
    expect(withToken.statusCode).toBe(200)
    expect(withToken.json()).toMatchObject({ marketplaces: [{ marketplace }] })

    const without = await request(console1, { method: 'GET', url: '/api/overview' })
    expect(without.statusCode).toBe(401)
    expect(without.json()).toMatchObject({ error: 'unauthorized' })
  })

  it('refuses a form post from a session without the CSRF token, and accepts it with the page token', async () => {
    const login = await request(console1, { method: 'POST', url: '/login', headers: FORM, payload: form({ token: TOKEN, next: '/inbox' }) })
    const entry = (await entryOf(console1, FORM_SKU))!
    expect(entry).toBeDefined()

    const forged = await request(console1, { method: 'POST', url: '/inbox/actions', headers: { ...FORM, cookie: cookieHeader(login) }, payload: form({ action: 'discard', id: entry.id }) })
    expect(forged.statusCode).toBe(403)
    expect(await entryOf(console1, FORM_SKU)).toBeDefined()

    // A cross-site form would also carry the CSRF secret cookie, but never the page's token.
    const page = await request(console1, { method: 'GET', url: '/inbox', headers: { cookie: cookieHeader(login) } })
    expect(page.statusCode).toBe(200)
    const withSecretOnly = await request(console1, { method: 'POST', url: '/inbox/actions', headers: { ...FORM, cookie: cookieHeader(login, page) }, payload: form({ action: 'discard', id: entry.id }) })
    expect(withSecretOnly.statusCode).toBe(403)
    expect(await entryOf(console1, FORM_SKU)).toBeDefined()

    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!
    const posted = await request(console1, {
      method: 'POST',
      url: '/inbox/actions',
      headers: { ...FORM, cookie: cookieHeader(login, page) },
      // `back` names where the page continues; one that leads off the console is ignored.
      payload: form({ _csrf: csrf, action: 'discard', id: entry.id, back: '/\\evil.example/' }),
    })
    expect(posted.statusCode).toBe(302)
    expect(posted.headers.location).toMatch(/^\/inbox\?/)
    expect(decodeURIComponent(posted.headers.location as string)).toContain('notice=1 entry discarded')
    expect(await entryOf(console1, FORM_SKU)).toBeUndefined()
  })
})

describe('console inbox', () => {
  it('lists dead letters and .invalid products with readable reasons', async () => {
    const entries = await inbox(console1)
    expect(entries.find((entry) => entry.sku === REPLAY_SKU)).toMatchObject({
      kind: 'dlt',
      errorClass: 'http-400',
      reasons: ["'item_name' is required but not supplied."],
      attempts: 1,
      replayedAt: null,
    })
    expect(entries.find((entry) => entry.sku === XSS_SKU)).toMatchObject({
      kind: 'invalid',
      errorClass: 'item_name',
      reasons: [`attributes.item_name: ${XSS_REASON} [item_name]`],
    })
  })

  it('shows markup in SKUs and reasons as text', async () => {
    const page = await request(console1, { method: 'GET', url: '/inbox', headers: BEARER })
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('<script>alert')
    expect(page.body).toContain(`&lt;script&gt;alert(1)&lt;/script&gt;-${run}`)
    expect(page.body).toContain('&lt;script&gt;alert(&quot;reason&quot;)&lt;/script&gt; is not a title')
  })

  it('discards an entry for good: a console started afterwards does not show it either', async () => {
    const entry = (await entryOf(console1, DISCARD_SKU))!
    const response = await request(console1, { method: 'POST', url: '/inbox/actions', headers: BEARER, payload: { action: 'discard', id: [entry.id] } })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ done: 1, skipped: 0 })
    expect(await entryOf(console1, DISCARD_SKU)).toBeUndefined()

    const restarted = await startConsole()
    const entries = await inbox(restarted)
    expect(entries.map((candidate) => candidate.sku)).toEqual(expect.arrayContaining([REPLAY_SKU, XSS_SKU]))
    expect(entries.map((candidate) => candidate.sku)).not.toContain(DISCARD_SKU)
    expect(entries.map((candidate) => candidate.sku)).not.toContain(FORM_SKU)
    expect(restarted.index.trace(DISCARD_SKU).map((step) => step.stage)).toContain('discarded')
  })

  it('replays a dead letter: the original record goes back to the listing topic and the entry shows it', async () => {
    const entry = (await entryOf(console1, REPLAY_SKU))!
    const response = await request(console1, { method: 'POST', url: '/inbox/actions', headers: BEARER, payload: { action: 'replay', id: entry.id } })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ done: 1, skipped: 0 })

    const replayed = await listings.waitFor((record) => record.key === REPLAY_SKU && record.headers['replay-of'] !== undefined)
    expect(replayed.headers['replay-of']).toBe(entry.id)
    expect(replayed.value!.sourceEventId).toBe(replayed.headers['event-id'])
    await expect.poll(async () => (await entryOf(console1, REPLAY_SKU))?.replayedAt ?? null).not.toBeNull()
  })
})

describe('console SKU trace', () => {
  it('lists every step of a SKU and renders its page', async () => {
    await expect
      .poll(async () => {
        const response = await request(console1, { method: 'GET', url: `/api/skus/${encodeURIComponent(REPLAY_SKU)}`, headers: BEARER })
        return response.json<{ steps: { stage: string }[] }>().steps.map((step) => step.stage)
      })
      .toEqual(['listed', 'dead-lettered', 'replayed'])
    const invalidTrace = await request(console1, { method: 'GET', url: `/api/skus/${encodeURIComponent(XSS_SKU)}`, headers: BEARER })
    expect(invalidTrace.json()).toMatchObject({ sku: XSS_SKU, steps: [{ stage: 'invalid', marketplace }] })

    const page = await request(console1, { method: 'GET', url: `/skus/${encodeURIComponent(REPLAY_SKU)}`, headers: BEARER })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('data-stage="dead-lettered"')
    expect(page.body).toContain('data-stage="replayed"')

    const markupPage = await request(console1, { method: 'GET', url: `/skus/${encodeURIComponent(XSS_SKU)}`, headers: BEARER })
    expect(markupPage.statusCode).toBe(200)
    expect(markupPage.body).toContain('data-stage="invalid"')
    expect(markupPage.body).not.toContain('<script>alert')
  })
})
