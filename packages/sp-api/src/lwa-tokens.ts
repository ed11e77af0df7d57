import type { Logger } from '@listing-sync/observability'
import { HttpClient } from '@listing-sync/service'

/** Login with Amazon credentials of the selling partner application. */
export interface LwaCredentials {
  readonly clientId: string
  readonly clientSecret: string
  readonly refreshToken: string
}

/** Why no access token could be had; `retryable` for 429, 5xx and network failures. */
export class LwaError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
  ) {
    super(message)
  }
}

/** Renew this long before the token expires, so a call never goes out with a token about to lapse. */
const RENEW_BEFORE_MS = 60_000

/**
 * Access tokens from the LWA refresh-token grant, cached until a minute before they expire; one
 * request at a time however many calls wait for a token.
 */
export class LwaTokens {
  private readonly http: HttpClient
  private current: { token: string; expiresAt: number } | undefined
  private pending: Promise<string> | undefined

  constructor(
    tokenUrl: string,
    private readonly credentials: LwaCredentials,
    log: Logger,
    private readonly clock: () => number = Date.now,
  ) {
    this.http = new HttpClient({ baseUrl: tokenUrl, log: log.child({ component: 'lwa' }) })
  }

  async token(): Promise<string> {
    if (this.current && this.clock() < this.current.expiresAt - RENEW_BEFORE_MS) return this.current.token
    this.pending ??= this.fetch().finally(() => {
      this.pending = undefined
    })
    return this.pending
  }

  /** Forgets the token after Amazon refused it (403), so the next call gets a new one. */
  invalidate(): void {
    this.current = undefined
  }

  private async fetch(): Promise<string> {
    let response
    try {
      response = await this.http.request<{ access_token?: string; expires_in?: number; error?: string; error_description?: string }>('POST', '', {
        form: { grant_type: 'refresh_token', refresh_token: this.credentials.refreshToken, client_id: this.credentials.clientId, client_secret: this.credentials.clientSecret },
      })
    } catch (error) {
      throw new LwaError(`LWA token request failed: ${(error as Error).message}`, undefined, true)
    }
    const { status, body } = response
    if (status !== 200 || typeof body !== 'object' || !body.access_token) {
      const detail = typeof body === 'object' ? `${body.error ?? ''} ${body.error_description ?? ''}`.trim() : String(body).slice(0, 200)
      throw new LwaError(`LWA answered ${status}: ${detail}`, status, status === 429 || status >= 500)
    }
    this.current = { token: body.access_token, expiresAt: this.clock() + (body.expires_in ?? 3600) * 1000 }
    return body.access_token
  }
}
