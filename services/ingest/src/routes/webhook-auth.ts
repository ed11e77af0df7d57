import { createPublicKey, createVerify, timingSafeEqual, type KeyObject } from 'node:crypto'
import { LRUCache } from 'lru-cache'

/** How a request proved where it came from. */
export type AuthMethod = 'commerce-signature' | 'io-events-signature' | 'shared-secret' | 'none-configured'

/** Outcome of {@link WebhookAuthenticator.verify}. */
export type AuthResult = { ok: true; method: AuthMethod } | { ok: false; reason: string }

/** Options of {@link WebhookAuthenticator}; each method is on when its setting is given. */
export interface WebhookAuthOptions {
  /** PEM public key from Commerce (Stores › Configuration › Adobe Services › Webhooks). */
  readonly commercePublicKeyPem?: string
  /** Adobe I/O Events: our client id and where the signing keys are published. */
  readonly ioEvents?: { readonly clientId: string; readonly keyBaseUrl: string }
  /** Shared secret a custom gateway sends in `x-listing-sync-secret`. */
  readonly sharedSecret?: string
  /** Fetches a PEM by URL; the default uses fetch. Tests serve their own keys. */
  readonly fetchPem?: (url: string) => Promise<string>
}

type Headers = Readonly<Record<string, string | string[] | undefined>>

const header = (headers: Headers, name: string) => {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

/**
 * Verifies that a webhook comes from Magento: the Commerce webhook signature, the I/O Events
 * signatures, or a shared secret. With none configured every request passes (local development),
 * which the service logs at start.
 */
export class WebhookAuthenticator {
  private readonly commerceKey: KeyObject | undefined
  private readonly secret: Buffer | undefined
  // I/O Events keys rotate; Adobe asks receivers to cache them for at most 24 hours.
  private readonly ioKeys = new LRUCache<string, KeyObject>({ max: 16, ttl: 24 * 60 * 60 * 1000 })

  constructor(private readonly options: WebhookAuthOptions) {
    this.commerceKey = options.commercePublicKeyPem ? createPublicKey(options.commercePublicKeyPem) : undefined
    this.secret = options.sharedSecret ? Buffer.from(options.sharedSecret) : undefined
  }

  /** True when at least one method is configured, so unauthenticated requests are refused. */
  get enabled(): boolean {
    return this.commerceKey !== undefined || this.options.ioEvents !== undefined || this.secret !== undefined
  }

  async verify(headers: Headers, rawBody: Buffer, body: unknown): Promise<AuthResult> {
    if (!this.enabled) return { ok: true, method: 'none-configured' }

    const commerceSignature = header(headers, 'x-adobe-commerce-webhook-signature')
    if (commerceSignature !== undefined) {
      if (!this.commerceKey) return { ok: false, reason: 'x-adobe-commerce-webhook-signature sent but no Commerce public key is configured' }
      return verifyCommerce(this.commerceKey, rawBody, commerceSignature)
        ? { ok: true, method: 'commerce-signature' }
        : { ok: false, reason: 'x-adobe-commerce-webhook-signature does not verify with the configured public key' }
    }

    const ioSignatures = [header(headers, 'x-adobe-digital-signature-1'), header(headers, 'x-adobe-digital-signature-2')]
    if (ioSignatures.some((s) => s !== undefined)) {
      if (!this.options.ioEvents) return { ok: false, reason: 'I/O Events signature sent but IO_EVENTS_CLIENT_ID is not configured' }
      return this.verifyIoEvents(headers, ioSignatures, rawBody, body)
    }

    const secret = header(headers, 'x-listing-sync-secret')
    if (secret !== undefined) {
      if (!this.secret) return { ok: false, reason: 'x-listing-sync-secret sent but no shared secret is configured' }
      const given = Buffer.from(secret)
      return given.length === this.secret.length && timingSafeEqual(given, this.secret)
        ? { ok: true, method: 'shared-secret' }
        : { ok: false, reason: 'x-listing-sync-secret is wrong' }
    }
    return { ok: false, reason: 'no x-adobe-commerce-webhook-signature, I/O Events signature or x-listing-sync-secret' }
  }

  private async verifyIoEvents(headers: Headers, signatures: (string | undefined)[], rawBody: Buffer, body: unknown): Promise<AuthResult> {
    const recipient = (body as { recipient_client_id?: unknown } | null)?.recipient_client_id
    if (recipient !== this.options.ioEvents!.clientId) return { ok: false, reason: 'recipient_client_id is not this client' }
    const paths = [header(headers, 'x-adobe-public-key1-path'), header(headers, 'x-adobe-public-key2-path')]
    for (const [index, signature] of signatures.entries()) {
      const path = paths[index]
      if (signature === undefined || path === undefined) continue
      // Only a path is taken from the request; the host is ours, so a sender cannot point us at its own key.
      if (!/^\/[A-Za-z0-9/_.-]+\.pem$/.test(path)) return { ok: false, reason: `x-adobe-public-key${index + 1}-path is not a key path` }
      const key = await this.ioKey(this.options.ioEvents!.keyBaseUrl.replace(/\/+$/, '') + path)
      if (verifyRsaSha256(key, rawBody, signature)) return { ok: true, method: 'io-events-signature' }
    }
    return { ok: false, reason: 'neither x-adobe-digital-signature verifies' }
  }

  private async ioKey(url: string): Promise<KeyObject> {
    const cached = this.ioKeys.get(url)
    if (cached) return cached
    const pem = await (this.options.fetchPem ?? defaultFetchPem)(url)
    const key = createPublicKey(pem)
    this.ioKeys.set(url, key)
    return key
  }
}

/**
 * Adobe's samples verify the Commerce signature over the raw request body, while API-NOTES records
 * a reading where the base64 of the body is what was signed; until confirmed on a live instance both
 * are accepted — each is a signature by the configured key, so neither weakens the check.
 */
function verifyCommerce(key: KeyObject, rawBody: Buffer, signature: string): boolean {
  return verifyRsaSha256(key, rawBody, signature) || verifyRsaSha256(key, Buffer.from(rawBody.toString('base64')), signature)
}

function verifyRsaSha256(key: KeyObject, data: Buffer, signatureBase64: string): boolean {
  try {
    return createVerify('SHA256').update(data).verify(key, signatureBase64, 'base64')
  } catch {
    return false
  }
}

async function defaultFetchPem(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) })
  if (!response.ok) throw new Error(`could not fetch I/O Events key ${url}: ${response.status}`)
  return response.text()
}
