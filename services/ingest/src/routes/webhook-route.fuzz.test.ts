// Bounded fuzzing of POST /webhooks/magento through Fastify's inject (issue 8): arbitrary bytes,
// text, JSON and content types, then arbitrary signatures with a key configured. Every answer is
// 200 or the project's 4xx with the catalog code and, for a 400, problems naming path and rule;
// never a 5xx, never a hang; and only a 200 records a change, which must fit the Avro schema of
// ingest.magento.changes.v1. The recorder is the one stand-in: it keeps the change instead of
// sending it to a broker (test/integration/badinput.test.ts runs the real one).
// ~5 s per property in CI; FUZZ_SECONDS=<n> runs each for n seconds instead.
import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import avro from 'avsc'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOGICAL_TYPES } from '@listing-sync/kafka'
import { createHttpService, type HttpService } from '@listing-sync/service'
import { createIngestMetrics } from '../ingest-metrics.js'
import { readFixture } from '../magento/test-fixtures.js'
import type { ChangeRecorder, ReceivedChange } from '../pipeline/change-recorder.js'
import { WebhookAuthenticator } from './webhook-auth.js'
import { registerWebhookRoute } from './webhook-route.js'

const FUZZ_MS = Number(process.env.FUZZ_SECONDS ?? 5) * 1000
/** numRuns for CI, or as many as fit in FUZZ_SECONDS; either way stopped after FUZZ_MS, and one request may take at most 2 s. */
const budget = (numRuns: number) => ({ numRuns: process.env.FUZZ_SECONDS ? Number.MAX_SAFE_INTEGER : numRuns, interruptAfterTimeLimit: FUZZ_MS, timeout: 2000 })
const TEST_TIMEOUT = FUZZ_MS + 30_000
const BODY_LIMIT = 16 * 1024

const changeType = avro.Type.forSchema(JSON.parse(readFileSync(new URL('../../../../schemas/ingest/magento-change-received.avsc', import.meta.url), 'utf8')) as avro.Schema, {
  logicalTypes: LOGICAL_TYPES,
})

/** Keeps what the route records, checking each change against the topic's Avro schema first. */
class KeepingRecorder {
  readonly changes: ReceivedChange[] = []
  record(change: ReceivedChange): Promise<void> {
    const invalid: string[] = []
    if (!changeType.isValid(change, { errorHook: (path) => invalid.push(path.join('.')) })) throw new Error(`change does not fit the schema at ${invalid.join(', ')}`)
    this.changes.push(change)
    return Promise.resolve()
  }
}

/** The route on the shared HTTP service, as ingest builds it, with the given authentication. */
async function startRoute(authenticator: WebhookAuthenticator): Promise<{ http: HttpService; recorder: KeepingRecorder }> {
  const http = createHttpService({ name: 'ingest-fuzz', logLevel: 'silent', bodyLimit: BODY_LIMIT })
  const recorder = new KeepingRecorder()
  registerWebhookRoute(http.app, {
    authenticator,
    recorder: () => recorder as unknown as ChangeRecorder,
    metrics: createIngestMetrics(http.metrics),
    bodyLimit: BODY_LIMIT,
  })
  await http.app.ready()
  return { http, recorder }
}

const CATALOG_CODES: Readonly<Record<number, string>> = {
  400: 'LS_ERR_INGEST_INVALID_PAYLOAD',
  401: 'LS_ERR_INGEST_UNAUTHORIZED',
  413: 'LS_ERR_INGEST_BODY_TOO_LARGE',
  415: 'LS_ERR_INGEST_UNSUPPORTED_MEDIA_TYPE',
}

/** Posts and checks the answer is a success or one of the project's client errors. */
async function postAndCheck(http: HttpService, recorder: KeepingRecorder, body: string | Buffer, headers: Record<string, string>, allowed: readonly number[]): Promise<number> {
  const recordedBefore = recorder.changes.length
  const response = await http.app.inject({ method: 'POST', url: '/webhooks/magento', headers, payload: body })
  expect(allowed, `status ${response.statusCode}: ${response.body.slice(0, 300)}`).toContain(response.statusCode)
  const answer = response.json<{ op: string; code?: string; message?: string; problems?: { path: unknown; rule: unknown; message: unknown }[] }>()
  if (response.statusCode === 200) {
    expect(answer).toEqual({ op: 'success' })
    expect(recorder.changes.length).toBe(recordedBefore + 1)
    return 200
  }
  expect(recorder.changes.length).toBe(recordedBefore)
  expect(answer.op).toBe('exception')
  expect(answer.code).toBe(CATALOG_CODES[response.statusCode])
  expect(answer.message).toMatch(/\S/)
  if (response.statusCode === 400) {
    expect(answer.problems!.length).toBeGreaterThan(0)
    for (const problem of answer.problems!) {
      expect(problem.path).toMatch(/\S/)
      expect(problem.rule).toMatch(/\S/)
      expect(problem.message).toMatch(/\S/)
      // The message lists every validation problem as `path: rule`; a syntax error says the body is not JSON.
      expect(answer.message).toContain(problem.rule === 'json' ? 'body is not valid JSON' : `${String(problem.path)}: ${String(problem.rule)}`)
    }
  }
  return response.statusCode
}

const product = readFixture('magento-rest/examples/POST_V1_products.simple-child.response.json') as Record<string, unknown>
const validBody = JSON.stringify({ eventName: 'observer.catalog_product_save_after', data: { product } })

/** A valid body with a stretch of bytes overwritten, inserted or cut: near-JSON. */
const mangledBody = fc
  .tuple(fc.nat({ max: validBody.length }), fc.uint8Array({ maxLength: 8 }), fc.constantFrom('overwrite', 'insert', 'cut'))
  .map(([at, bytes, how]) => {
    const original = Buffer.from(validBody)
    if (how === 'cut') return original.subarray(0, at)
    const tail = original.subarray(how === 'overwrite' ? Math.min(at + bytes.length, original.length) : at)
    return Buffer.concat([original.subarray(0, at), Buffer.from(bytes), tail])
  })

describe('POST /webhooks/magento fuzzing, no authentication configured', () => {
  let http: HttpService
  let recorder: KeepingRecorder
  beforeAll(async () => ({ http, recorder } = await startRoute(new WebhookAuthenticator({}))))
  afterAll(() => http.app.close())

  const json = { 'content-type': 'application/json' }

  it('answers arbitrary bytes with 200 or a 4xx naming the problem', async () => {
    let accepted = 0
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)), mangledBody), async (body) => {
        if ((await postAndCheck(http, recorder, body, json, [200, 400])) === 200) accepted++
      }),
      budget(500),
    )
    // Mangled bodies that stay valid JSON reach validation and, some of them, the recorder.
    expect(accepted).toBeGreaterThan(0)
  }, TEST_TIMEOUT)

  it('answers arbitrary JSON values with 200 or 400', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (value) => {
        await postAndCheck(http, recorder, JSON.stringify(value) ?? 'null', json, [200, 400])
      }),
      budget(500),
    )
  }, TEST_TIMEOUT)

  it('answers any content type with 200, 400 or 415', async () => {
    const contentType = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.constantFrom('application/json', 'application/cloudevents+json', 'application/json; charset=latin1', 'APPLICATION/JSON', 'text/json', 'application/jsonx', 'application/x-json', 'multipart/form-data; boundary=x'),
    )
    await fc.assert(
      fc.asyncProperty(contentType, async (type) => {
        // A content type no header may carry is refused by inject itself, not by the route.
        if (!/^[\t\x20-\x7e]*$/.test(type)) return
        await postAndCheck(http, recorder, validBody, type === '' ? {} : { 'content-type': type }, [200, 400, 415])
      }),
      budget(300),
    )
  }, TEST_TIMEOUT)

  it('answers an oversized body with 413, recording nothing', async () => {
    const status = await postAndCheck(http, recorder, JSON.stringify({ sku: 'S', name: 'x'.repeat(BODY_LIMIT) }), json, [413])
    expect(status).toBe(413)
  })
})

describe('POST /webhooks/magento fuzzing, Commerce signature required', () => {
  let http: HttpService
  let recorder: KeepingRecorder
  beforeAll(async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    ;({ http, recorder } = await startRoute(new WebhookAuthenticator({ commercePublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() })))
  })
  afterAll(() => http.app.close())

  it('refuses every request whose signature it cannot verify with 401', async () => {
    const signatureHeaders = fc.record(
      {
        'x-adobe-commerce-webhook-signature': fc.oneof(fc.string({ maxLength: 400 }), fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('base64'))),
        'x-adobe-digital-signature-1': fc.string({ maxLength: 60 }),
        'x-listing-sync-secret': fc.string({ maxLength: 60 }),
      },
      { requiredKeys: [] },
    )
    await fc.assert(
      fc.asyncProperty(signatureHeaders, fc.oneof(fc.constant(validBody), fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? 'null')), async (headers, body) => {
        const printable = Object.fromEntries(Object.entries(headers).filter(([, value]) => /^[\t\x20-\x7e]*$/.test(value)))
        await postAndCheck(http, recorder, body, { 'content-type': 'application/json', ...printable }, [401])
      }),
      budget(300),
    )
  }, TEST_TIMEOUT)
})
