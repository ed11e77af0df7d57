import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  AppError,
  isAppError,
  LS_ERR_INGEST_BODY_TOO_LARGE,
  LS_ERR_INGEST_INVALID_PAYLOAD,
  LS_ERR_INGEST_UNAUTHORIZED,
  LS_ERR_INGEST_UNAVAILABLE,
  LS_ERR_INGEST_UNSUPPORTED_MEDIA_TYPE,
} from '@listing-sync/errors'
import { parseWebhookPayload, type ParsedChange } from '../magento/index.js'
import type { IngestMetrics } from '../ingest-metrics.js'
import type { ChangeRecorder, ReceivedChange } from '../pipeline/change-recorder.js'
import type { WebhookAuthenticator } from './webhook-auth.js'

/** What the webhook route needs. */
export interface WebhookRouteOptions {
  readonly authenticator: WebhookAuthenticator
  /** Undefined until the schema is registered: the route answers 503 meanwhile. */
  readonly recorder: () => ChangeRecorder | undefined
  readonly metrics: IngestMetrics
  readonly bodyLimit: number
}

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer
  }
}

/**
 * JSON between systems is UTF-8 (RFC 8259 §8.1). Decoding invalid bytes as U+FFFD would accept
 * a SKU or name Magento does not hold, so they are refused; a BOM is kept, which JSON refuses too.
 */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** How long Magento should wait before retrying after a 503. */
const RETRY_AFTER_SECONDS = 5

/**
 * `POST /webhooks/magento`: verifies, validates and records a Magento change, then answers
 * `{"op":"success"}`. Commerce webhooks are synchronous inside the admin's save, so nothing slow
 * happens here: one broker write, no Magento or marketplace calls. `GET ?challenge=` answers the
 * Adobe I/O Events registration check.
 */
export function registerWebhookRoute(app: FastifyInstance, options: WebhookRouteOptions): void {
  // Encapsulated so the raw-body JSON parser and the error format apply to this route only.
  void app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers()
    // JSON (including application/cloudevents+json) is parsed here to keep the raw bytes, which
    // signatures are computed over.
    scope.addContentTypeParser(/^application\/([a-z.+-]*\+)?json(;.*)?$/i, { parseAs: 'buffer', bodyLimit: options.bodyLimit }, (request, body: Buffer, done) => {
      request.rawBody = body
      try {
        done(null, body.length === 0 ? undefined : (JSON.parse(UTF8.decode(body)) as unknown))
      } catch (error) {
        done(LS_ERR_INGEST_INVALID_PAYLOAD.with({ cause: error, details: [{ path: '(body)', rule: 'json', message: (error as Error).message }] }, 'body is not valid JSON'))
      }
    })

    scope.setErrorHandler((error, request, reply) => {
      const appError = toAppError(error, request, options.bodyLimit)
      const outcome = { 400: 'invalid', 401: 'unauthorized', 413: 'too_large', 415: 'unsupported', 503: 'unavailable' }[appError.status] ?? 'error'
      options.metrics.webhooks.inc({ shape: 'unknown', outcome })
      return sendError(reply, request, appError)
    })

    scope.get('/webhooks/magento', (request, reply) => {
      const challenge = (request.query as { challenge?: unknown }).challenge
      if (typeof challenge !== 'string' || challenge === '') {
        return sendError(reply, request, LS_ERR_INGEST_INVALID_PAYLOAD.with({ details: [{ path: 'challenge', rule: 'required', message: 'query parameter challenge is required' }] }, 'challenge missing'))
      }
      return reply.send({ challenge })
    })

    scope.post('/webhooks/magento', async (request, reply) => {
      const started = performance.now()
      const raw = request.rawBody ?? Buffer.alloc(0)
      const auth = await options.authenticator.verify(request.headers, raw, request.body)
      if (!auth.ok) {
        options.metrics.webhooks.inc({ shape: 'unknown', outcome: 'unauthorized' })
        return sendError(reply, request, LS_ERR_INGEST_UNAUTHORIZED(auth.reason))
      }
      const parsed = parseWebhookPayload(request.body)
      if (!parsed.ok) {
        options.metrics.webhooks.inc({ shape: 'unknown', outcome: 'invalid' })
        const summary = parsed.problems.map((p) => `${p.path}: ${p.rule}`).join('; ')
        return sendError(reply, request, LS_ERR_INGEST_INVALID_PAYLOAD.with({ details: parsed.problems }, summary))
      }
      const change = parsed.change
      const recorder = options.recorder()
      if (!recorder) {
        options.metrics.webhooks.inc({ shape: change.shape, outcome: 'unavailable' })
        return sendError(reply, request, LS_ERR_INGEST_UNAVAILABLE('the schema registry has not answered yet'))
      }
      const eventId = eventIdOf(request, change, raw)
      // The event id is the change's trace.id from here to the marketplace call (Kafka header event-id).
      request.logContext = { trace: { id: eventId } }
      const received = toReceivedChange(change, eventId)
      // While the broker acknowledges, a request holds only the record, not the parsed body or its
      // bytes: under load hundreds wait at once and survive young-generation collections, so what
      // they hold is promoted; dropping the parsed product here keeps ingest's heap small.
      request.body = undefined
      request.rawBody = undefined
      const { shape, eventName, sku } = change
      try {
        await recorder.record(received)
      } catch (error) {
        options.metrics.webhooks.inc({ shape, outcome: 'unavailable' })
        return sendError(reply, request, isAppError(error) ? error : LS_ERR_INGEST_UNAVAILABLE.with({ cause: error }, String(error)))
      }
      options.metrics.recordSeconds.observe((performance.now() - started) / 1000)
      options.metrics.webhooks.inc({ shape, outcome: 'accepted' })
      request.logContext = { trace: { id: eventId }, event: { id: eventId, action: eventName, outcome: 'accepted' }, sku, auth: auth.method }
      return reply.send({ op: 'success' })
    })
    done()
  })
}

/**
 * The event id: Commerce's per-call request id, else the CloudEvent id, else a digest of the body,
 * so that a gateway re-sending the same body is still recognised as a re-delivery.
 */
function eventIdOf(request: FastifyRequest, change: ParsedChange, raw: Buffer): string {
  const header = request.headers['x-adobe-commerce-request-id']
  if (typeof header === 'string' && header !== '') return header
  if (change.eventId) return change.eventId
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`
}

function toReceivedChange(change: ParsedChange, eventId: string): ReceivedChange {
  return {
    eventId,
    receivedAt: new Date(),
    source: 'webhook',
    shape: change.shape,
    eventName: change.eventName,
    action: change.action,
    sku: change.sku ?? null,
    productId: change.productId ?? null,
    magentoUpdatedAt: change.updatedAt ?? null,
    productJson: change.product ? JSON.stringify(change.product) : null,
    stockJson: change.stock ? JSON.stringify(change.stock) : null,
  }
}

/** Fastify's own errors (size, media type) in the project's catalog. */
function toAppError(error: unknown, request: FastifyRequest, bodyLimit: number): AppError {
  if (error instanceof AppError) return error
  const code = (error as { code?: string }).code
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return LS_ERR_INGEST_BODY_TOO_LARGE(bodyLimit)
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
    return LS_ERR_INGEST_UNSUPPORTED_MEDIA_TYPE(request.headers['content-type'] ?? '(none)')
  }
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return LS_ERR_INGEST_INVALID_PAYLOAD.with({ details: [{ path: '(body)', rule: 'required', message: 'body is empty' }] }, 'body is empty')
  }
  // Anything else is unexpected; 503 makes Magento retry instead of dropping the change.
  return LS_ERR_INGEST_UNAVAILABLE.with({ cause: error }, (error as Error).message)
}

/**
 * Error answers carry the catalog code, the message and every detail; `op: exception` makes a
 * required Commerce hook show the message to the admin instead of a generic failure.
 */
function sendError(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  request.logContext = { ...request.logContext, error: { code: error.code, message: error.message }, details: error.details }
  if (error.status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS))
  return reply.code(error.status).send({ op: 'exception', code: error.code, message: error.message, problems: error.details ?? [] })
}
