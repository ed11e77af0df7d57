import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'

/**
 * Signs webhook bodies as Adobe Commerce does when digital signatures are enabled: RSA-SHA256
 * (PKCS#1 v1.5) over the raw body bytes, base64, in `x-adobe-commerce-webhook-signature`.
 */
export class WebhookSigner {
  /** The public key in PEM (SPKI), what a receiver configures to verify. */
  readonly publicKeyPem: string
  private readonly privateKey: KeyObject

  private constructor(privateKey: KeyObject) {
    this.privateKey = privateKey
    this.publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString()
  }

  /** Uses the PEM private key in `file`; fails at start if it is unreadable or not RSA. */
  static fromFile(file: string): WebhookSigner {
    return WebhookSigner.fromPem(readFileSync(file, 'utf8'))
  }

  /** Uses a PEM private key. */
  static fromPem(pem: string): WebhookSigner {
    const key = createPrivateKey(pem)
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`the webhook signing key must be RSA, got ${key.asymmetricKeyType}`)
    return new WebhookSigner(key)
  }

  /** A fresh RSA-2048 key pair, for runs without a configured key. */
  static generate(): WebhookSigner {
    return new WebhookSigner(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey)
  }

  /** Base64 signature of exactly these bytes. */
  sign(body: Uint8Array): string {
    // crypto.sign with an RSA key and no padding option uses PKCS#1 v1.5, as Commerce does.
    return sign('sha256', body, this.privateKey).toString('base64')
  }
}
