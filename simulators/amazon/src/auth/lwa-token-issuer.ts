import { randomBytes } from 'node:crypto'

/** The application credentials and the seller's refresh token the LWA endpoint accepts. */
export interface LwaCredentials {
  readonly clientId: string
  readonly clientSecret: string
  readonly refreshToken: string
}

/** What {@link LwaTokenIssuer.check} says about an `x-amz-access-token`. */
export type TokenCheck = 'valid' | 'missing' | 'invalid' | 'expired'

/**
 * Issues Login with Amazon access tokens (`Atza|…`, opaque, valid `ttlSeconds`) and checks the ones
 * SP-API calls present. Tokens live in memory only; an expired one is remembered for a while so it
 * is reported as expired rather than unknown, as SP-API does.
 */
export class LwaTokenIssuer {
  private readonly tokens = new Map<string, number>()

  constructor(
    readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A fresh access token and its lifetime in seconds. */
  issue(): { accessToken: string; expiresIn: number } {
    this.forgetOld()
    const accessToken = `Atza|${randomBytes(48).toString('base64url')}`
    this.tokens.set(accessToken, this.now() + this.ttlSeconds * 1000)
    return { accessToken, expiresIn: this.ttlSeconds }
  }

  check(token: string | undefined): TokenCheck {
    if (token === undefined || token === '') return 'missing'
    const expiresAt = this.tokens.get(token)
    if (expiresAt === undefined) return 'invalid'
    return this.now() < expiresAt ? 'valid' : 'expired'
  }

  /** Access tokens not yet expired. */
  get active(): number {
    const now = this.now()
    return [...this.tokens.values()].filter((expiresAt) => now < expiresAt).length
  }

  // Tokens expired for more than a day are dropped, so a long-running simulator stays small.
  private forgetOld(): void {
    const horizon = this.now() - 86_400_000
    for (const [token, expiresAt] of this.tokens) if (expiresAt < horizon) this.tokens.delete(token)
  }
}
