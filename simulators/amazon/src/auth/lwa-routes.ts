import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { SimStats } from '../sim-stats.js'
import type { LwaCredentials, LwaTokenIssuer } from './lwa-token-issuer.js'

/** What the LWA token route needs. */
export interface LwaRoutesOptions {
  readonly credentials: LwaCredentials
  readonly issuer: LwaTokenIssuer
  readonly stats: SimStats
}

/** LWA's error body (OAuth 2.0, RFC 6749 §5.2), e.g. `{"error":"invalid_grant","error_description":"…"}`. */
export interface LwaError {
  error: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type'
  error_description: string
}

/** The operation name of the token endpoint in `/_sim/stats`. */
export const LWA_OPERATION = 'lwaToken'

/**
 * `POST /auth/o2/token`, Login with Amazon's token endpoint, for the refresh-token grant SP-API
 * applications use: `grant_type=refresh_token&refresh_token&client_id&client_secret`, form-encoded
 * (what the docs show) or JSON (what Amazon's own SDK sample clients send). Registered in its own
 * scope so the form parser does not leak into the SP-API routes, which take JSON only.
 * Wrong client credentials answer 401 `invalid_client`, a wrong refresh token 400 `invalid_grant`,
 * with LWA's wording (selling-partner-api-models issues #783 and #921 quote both).
 */
export function registerLwaRoutes(app: FastifyInstance, options: LwaRoutesOptions): void {
  const { credentials, issuer, stats } = options
  void app.register((scope, _options, done) => {
    // Any content type is read as text and parsed as a form: LWA does not insist on the header.
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, formFields(body as string)))
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      try {
        const parsed = JSON.parse(body as string) as unknown
        done(null, typeof parsed === 'object' && parsed !== null ? parsed : {})
      } catch {
        done(null, formFields(body as string))
      }
    })

    scope.post(
      '/auth/o2/token',
      {
        onResponse: (_request, reply, done) => {
          stats.call(LWA_OPERATION, reply.statusCode)
          done()
        },
      },
      async (request, reply) => {
        const fields = (request.body ?? {}) as Record<string, unknown>
        const field = (name: string) => (typeof fields[name] === 'string' ? fields[name] : undefined)
        // RFC 6749 §5.1: token answers must not be cached. LWA, like SP-API, names each answer.
        void reply.header('cache-control', 'no-store').header('pragma', 'no-cache').header('x-amzn-RequestId', randomUUID())
        const fail = (status: number, error: LwaError['error'], description: string) => reply.code(status).send({ error_description: description, error } satisfies LwaError)

        const grantType = field('grant_type')
        if (grantType === undefined) return fail(400, 'invalid_request', 'The request is missing a required parameter : grant_type')
        if (grantType !== 'refresh_token') return fail(400, 'unsupported_grant_type', `The authorization grant type is not supported by the authorization server : ${grantType}`)
        for (const name of ['client_id', 'client_secret', 'refresh_token']) {
          if (field(name) === undefined) return fail(400, 'invalid_request', `The request is missing a required parameter : ${name}`)
        }
        if (field('client_id') !== credentials.clientId || field('client_secret') !== credentials.clientSecret) return fail(401, 'invalid_client', 'Client authentication failed')
        if (field('refresh_token') !== credentials.refreshToken) return fail(400, 'invalid_grant', 'The request has an invalid grant parameter : refresh_token')

        const { accessToken, expiresIn } = issuer.issue()
        return { access_token: accessToken, refresh_token: credentials.refreshToken, token_type: 'bearer', expires_in: expiresIn }
      },
    )
    done()
  })
}

function formFields(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body))
}
