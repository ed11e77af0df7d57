import { randomUUID } from 'node:crypto'
import type { Logger } from '@listing-sync/observability'
import type { WebhookSigner } from './webhook-signer.js'

/** Observer events the simulator fires, named as Adobe Commerce webhooks name them. */
export type WebhookEvent = 'observer.catalog_product_save_after' | 'observer.catalog_product_delete_after'

/** What became of one webhook call; reported to the caller of the admin endpoint. */
export interface WebhookOutcome {
  readonly eventName: WebhookEvent
  readonly requestId: string
  /** HTTP status of the receiver's answer; null when no answer came (refused, timed out). */
  readonly status: number | null
  /** The answer's body, parsed when it is JSON. */
  readonly body: unknown
  readonly durationMs: number
  readonly ok: boolean
  readonly error?: string
}

/** Options of {@link WebhookSender}. */
export interface WebhookSenderOptions {
  /** Receiver URL; undefined means webhooks are off. */
  readonly url: string | undefined
  readonly signer: WebhookSigner
  readonly timeoutMs: number
  readonly log: Logger
}

/**
 * The only part of the simulator that calls out: posts an observer webhook the way Adobe Commerce
 * does (JSON body `{eventName, data:{product}}`, a request id, an RSA signature over the raw bytes)
 * and waits for the answer, because Commerce webhooks are synchronous.
 */
export class WebhookSender {
  constructor(private readonly options: WebhookSenderOptions) {}

  /** True when a receiver URL is configured. */
  get enabled(): boolean {
    return this.options.url !== undefined
  }

  /** Sends one event; resolves with the outcome, never rejects. Undefined when webhooks are off. */
  async send(eventName: WebhookEvent, product: Record<string, unknown>): Promise<WebhookOutcome | undefined> {
    const url = this.options.url
    if (url === undefined) return undefined
    const requestId = randomUUID()
    // Serialise once: the signature covers exactly the bytes that go on the wire.
    const body = Buffer.from(JSON.stringify({ eventName, data: { product } }), 'utf8')
    const headers = {
      'content-type': 'application/json',
      'x-adobe-commerce-request-id': requestId,
      'x-adobe-commerce-webhook-signature': this.options.signer.sign(body),
    }
    const log = this.options.log.child({ eventName, requestId, sku: product.sku })
    log.debug({ url, body: body.toString('utf8') }, 'webhook request')
    const started = performance.now()
    try {
      const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.options.timeoutMs) })
      const text = await response.text()
      const durationMs = Math.round(performance.now() - started)
      const parsed = parseBody(text)
      const ok = response.ok
      log[ok ? 'info' : 'warn']({ method: 'POST', url, status: response.status, durationMs }, 'webhook sent')
      log.debug({ body: text }, 'webhook response')
      return { eventName, requestId, status: response.status, body: parsed, durationMs, ok }
    } catch (error) {
      const durationMs = Math.round(performance.now() - started)
      const message = describe(error)
      log.warn({ method: 'POST', url, durationMs, err: error }, 'webhook failed')
      return { eventName, requestId, status: null, body: null, durationMs, ok: false, error: message }
    }
  }
}

function parseBody(text: string): unknown {
  if (text === '') return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timed out'
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
    return `${error.message}${cause}`
  }
  return String(error)
}
