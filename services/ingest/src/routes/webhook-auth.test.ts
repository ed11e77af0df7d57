import { createSign, generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { WebhookAuthenticator } from './webhook-auth.js'

const commerce = generateKeyPairSync('rsa', { modulusLength: 2048 })
const ioKey1 = generateKeyPairSync('rsa', { modulusLength: 2048 })
const ioKey2 = generateKeyPairSync('rsa', { modulusLength: 2048 })
const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
const pem = (key: typeof commerce.publicKey) => key.export({ type: 'spki', format: 'pem' }).toString()
const sign = (key: typeof commerce.privateKey, data: Buffer) => createSign('SHA256').update(data).sign(key, 'base64')

const body = { recipient_client_id: 'client-1', specversion: '1.0', id: 'evt-1' }
const raw = Buffer.from(JSON.stringify(body))

describe('WebhookAuthenticator', () => {
  it('accepts everything when nothing is configured', async () => {
    const auth = new WebhookAuthenticator({})
    expect(auth.enabled).toBe(false)
    expect(await auth.verify({}, raw, body)).toEqual({ ok: true, method: 'none-configured' })
  })

  describe('Commerce webhook signature', () => {
    const auth = new WebhookAuthenticator({ commercePublicKeyPem: pem(commerce.publicKey) })

    it('accepts a signature over the raw bytes', async () => {
      const result = await auth.verify({ 'x-adobe-commerce-webhook-signature': sign(commerce.privateKey, raw) }, raw, body)
      expect(result).toEqual({ ok: true, method: 'commerce-signature' })
    })

    it('accepts a signature over the base64 of the body (the other reading of the docs)', async () => {
      const signature = sign(commerce.privateKey, Buffer.from(raw.toString('base64')))
      expect(await auth.verify({ 'x-adobe-commerce-webhook-signature': signature }, raw, body)).toMatchObject({ ok: true })
    })

    it('refuses a body changed after signing', async () => {
      const signature = sign(commerce.privateKey, raw)
      const tampered = Buffer.from(raw.toString().replace('evt-1', 'evt-2'))
      expect(await auth.verify({ 'x-adobe-commerce-webhook-signature': signature }, tampered, body)).toEqual({
        ok: false,
        reason: 'x-adobe-commerce-webhook-signature does not verify with the configured public key',
      })
    })

    it('refuses a signature by another key and an unsigned request', async () => {
      expect(await auth.verify({ 'x-adobe-commerce-webhook-signature': sign(other.privateKey, raw) }, raw, body)).toMatchObject({ ok: false })
      expect(await auth.verify({}, raw, body)).toEqual({
        ok: false,
        reason: 'no x-adobe-commerce-webhook-signature, I/O Events signature or x-listing-sync-secret',
      })
    })

    it('refuses garbage in the signature header without throwing', async () => {
      expect(await auth.verify({ 'x-adobe-commerce-webhook-signature': '%%%not base64' }, raw, body)).toMatchObject({ ok: false })
    })
  })

  describe('I/O Events signatures', () => {
    const fetched: string[] = []
    const keys: Record<string, string> = { '/prod/keys/pub-key-1.pem': pem(ioKey1.publicKey), '/prod/keys/pub-key-2.pem': pem(ioKey2.publicKey) }
    const auth = new WebhookAuthenticator({
      ioEvents: { clientId: 'client-1', keyBaseUrl: 'https://keys.example' },
      fetchPem: (url) => {
        fetched.push(url)
        const key = keys[new URL(url).pathname]
        return key ? Promise.resolve(key) : Promise.reject(new Error('404'))
      },
    })
    const headers = (signature1: string, signature2: string) => ({
      'x-adobe-digital-signature-1': signature1,
      'x-adobe-digital-signature-2': signature2,
      'x-adobe-public-key1-path': '/prod/keys/pub-key-1.pem',
      'x-adobe-public-key2-path': '/prod/keys/pub-key-2.pem',
    })

    it('accepts when either signature verifies, fetching each key once from the configured host', async () => {
      expect(await auth.verify(headers(sign(ioKey1.privateKey, raw), 'bad'), raw, body)).toEqual({ ok: true, method: 'io-events-signature' })
      expect(await auth.verify(headers('bad', sign(ioKey2.privateKey, raw)), raw, body)).toEqual({ ok: true, method: 'io-events-signature' })
      expect(await auth.verify(headers(sign(ioKey1.privateKey, raw), 'bad'), raw, body)).toMatchObject({ ok: true })
      expect(fetched.filter((url) => url.endsWith('pub-key-1.pem'))).toEqual(['https://keys.example/prod/keys/pub-key-1.pem'])
    })

    it('refuses when neither verifies', async () => {
      expect(await auth.verify(headers(sign(other.privateKey, raw), 'bad'), raw, body)).toEqual({ ok: false, reason: 'neither x-adobe-digital-signature verifies' })
    })

    it('refuses an event addressed to another client', async () => {
      const foreign = { ...body, recipient_client_id: 'someone-else' }
      const foreignRaw = Buffer.from(JSON.stringify(foreign))
      expect(await auth.verify(headers(sign(ioKey1.privateKey, foreignRaw), 'x'), foreignRaw, foreign)).toEqual({ ok: false, reason: 'recipient_client_id is not this client' })
    })

    it('never fetches a key from a URL the sender chose', async () => {
      const result = await auth.verify({ ...headers(sign(ioKey1.privateKey, raw), 'x'), 'x-adobe-public-key1-path': '@evil.example/key.pem' }, raw, body)
      expect(result).toEqual({ ok: false, reason: 'x-adobe-public-key1-path is not a key path' })
    })
  })

  describe('shared secret', () => {
    const auth = new WebhookAuthenticator({ sharedSecret: 'a-long-shared-secret-value' })
    it('accepts the right secret and refuses a wrong one', async () => {
      expect(await auth.verify({ 'x-listing-sync-secret': 'a-long-shared-secret-value' }, raw, body)).toEqual({ ok: true, method: 'shared-secret' })
      expect(await auth.verify({ 'x-listing-sync-secret': 'a-long-shared-secret-valuX' }, raw, body)).toEqual({ ok: false, reason: 'x-listing-sync-secret is wrong' })
      expect(await auth.verify({ 'x-listing-sync-secret': 'short' }, raw, body)).toMatchObject({ ok: false })
    })
  })
})
