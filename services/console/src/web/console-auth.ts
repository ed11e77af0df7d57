import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import fastifyCookie from '@fastify/cookie'
import fastifyCsrf from '@fastify/csrf-protection'
import fastifyFormbody from '@fastify/formbody'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Logger } from '@listing-sync/observability'
import { html } from './html.js'
import { page } from './layout.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The request authenticated with `Authorization: Bearer <token>` (a script), not a browser session. */
    viaBearer: boolean
  }
}

const SESSION_COOKIE = 'listing_sync_console'
/** Paths anyone may reach: the login page, probes and the static assets the login page uses. */
const PUBLIC = [/^\/login(\?|$)/, /^\/(healthz|readyz|metrics)$/, /^\/assets\//]

/** Options of {@link registerConsoleAuth}. */
export interface ConsoleAuthOptions {
  /** The operator token (CONSOLE_TOKEN). */
  readonly token: string
  readonly sessionHours: number
  readonly log: Logger
}

/**
 * Access to the console: a person signs in with the operator token once and gets a signed,
 * HttpOnly, SameSite=Strict session cookie; a script sends the token as a Bearer header. Every
 * POST from a session needs the CSRF token of the page it came from (double-submit, with the
 * secret in its own signed cookie); a Bearer request carries no ambient credential to abuse.
 */
export async function registerConsoleAuth(app: FastifyInstance, options: ConsoleAuthOptions): Promise<void> {
  // Cookies are signed with a key derived from the token: replacing the token ends every session.
  await app.register(fastifyCookie, { secret: createHmac('sha256', options.token).update('listing-sync console sessions').digest('hex') })
  await app.register(fastifyFormbody)
  await app.register(fastifyCsrf, { sessionPlugin: '@fastify/cookie', cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', path: '/' } })
  const tokenDigest = digest(options.token)
  const validToken = (candidate: string) => timingSafeEqual(digest(candidate), tokenDigest)

  app.decorateRequest('viaBearer', false)
  app.addHook('onRequest', async (request, reply) => {
    if (PUBLIC.some((pattern) => pattern.test(request.url))) return
    const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1]
    if (bearer !== undefined && validToken(bearer)) {
      request.viaBearer = true
      return
    }
    if (validSession(request)) return
    if (request.method === 'GET' && !request.url.startsWith('/api/')) return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`)
    return reply.code(401).send({ error: 'unauthorized', message: 'sign in at /login, or send Authorization: Bearer <CONSOLE_TOKEN>' })
  })
  // Every state-changing request from a browser session proves it came from a console page.
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method !== 'POST' || request.viaBearer || request.url.startsWith('/login')) return done()
    app.csrfProtection(request, reply, done)
  })

  app.get<{ Querystring: { next?: string } }>('/login', async (request, reply) => {
    return reply.type('text/html').send(loginPage(safeNext(request.query.next), null))
  })
  app.post<{ Body: { token?: string; next?: string } }>('/login', async (request, reply) => {
    const next = safeNext(request.body?.next)
    if (!validToken(String(request.body?.token ?? ''))) {
      options.log.warn({ event: { action: 'console-login', outcome: 'failure' }, client: { ip: request.ip } }, 'console sign-in refused')
      return reply.code(401).type('text/html').send(loginPage(next, 'That token is not the console token (CONSOLE_TOKEN).'))
    }
    options.log.info({ event: { action: 'console-login', outcome: 'success' }, client: { ip: request.ip } }, 'console sign-in')
    const expires = new Date(Date.now() + options.sessionHours * 3600_000)
    reply.setCookie(SESSION_COOKIE, `session.${expires.getTime()}`, { signed: true, httpOnly: true, sameSite: 'strict', path: '/', secure: 'auto', expires })
    return reply.redirect(next)
  })
  app.post('/logout', async (_request, reply) => {
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.redirect('/login')
  })

  function validSession(request: FastifyRequest): boolean {
    const cookie = request.cookies[SESSION_COOKIE]
    if (cookie === undefined) return false
    const { valid, value } = request.unsignCookie(cookie)
    const expires = Number(/^session\.(\d+)$/.exec(value ?? '')?.[1] ?? 0)
    return valid && expires > Date.now()
  }
}

/** The CSRF token a page puts in its forms and its `<meta name="csrf-token">`. */
export const csrfToken = (reply: FastifyReply): string => reply.generateCsrf()

const digest = (text: string) => createHash('sha256').update(text).digest()

/**
 * Whether a redirect target is a path of this site, never another host: browsers read `/\host`
 * as `//host` and drop tabs and line breaks from URLs, so `/<tab>/host` is `//host` too.
 */
export const isLocalPath = (path: unknown): path is string => typeof path === 'string' && path.startsWith('/') && !path.startsWith('//') && !/[\\\s]/.test(path)

const safeNext = (next: unknown): string => (isLocalPath(next) ? next : '/')

function loginPage(next: string, problem: string | null) {
  return page({
    title: 'Sign in',
    csrf: null,
    body: html`<section class="login">
      <h1>listing-sync console</h1>
      <form method="post" action="/login">
        <label>Console token <input type="password" name="token" autocomplete="current-password" autofocus required /></label>
        <input type="hidden" name="next" value="${next}" />
        <button type="submit">Sign in</button>
        ${problem === null ? null : html`<p class="error" role="alert">${problem}</p>`}
      </form>
    </section>`,
  })
}
