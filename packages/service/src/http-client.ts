import type { Logger } from '@listing-sync/observability'

/** Response headers that tell how close a caller is to a rate limit; logged on every call. */
const RATE_LIMIT_HEADERS = ['retry-after', 'x-amzn-ratelimit-limit', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']

/**
 * Query parameters that authorise a request on their own, as in the AWS pre-signed URLs Amazon
 * hands out for product type schemas: their values are never logged.
 */
const SECRET_QUERY_PARAMETERS = new Set(['x-amz-signature', 'x-amz-credential', 'x-amz-security-token'])

/** Options of {@link HttpClient}. */
export interface HttpClientOptions {
  readonly baseUrl: string
  readonly log: Logger
  /** Sent with every request, e.g. the Authorization header (redacted in logs). */
  readonly headers?: Readonly<Record<string, string>>
  readonly timeoutMs?: number
}

/** One answer of {@link HttpClient.request}. */
export interface HttpResponse<T = unknown> {
  readonly status: number
  readonly headers: Headers
  /** Parsed JSON when the response is JSON, else the text. */
  readonly body: T
  readonly durationMs: number
}

/** Options of one request. */
export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | number>>
  readonly body?: unknown
  /** Sent as application/x-www-form-urlencoded instead of a JSON body (OAuth token endpoints). */
  readonly form?: Readonly<Record<string, string>>
  /** Sent as multipart/form-data (file uploads such as Mirakl's P41); fetch writes the boundary. */
  readonly multipart?: FormData
  readonly headers?: Readonly<Record<string, string>>
  /** Keep the body as the text received, even when it is JSON: to check a checksum over it. */
  readonly text?: boolean
  /**
   * The event id of the change this call carries, logged as ECS `trace.id` on the call's lines so
   * a change can be followed from webhook to marketplace; several for a batch call (Mirakl OF24).
   */
  readonly traceId?: string | readonly string[]
}

/**
 * The one way services call external HTTP APIs: JSON in and out, a timeout, and one log line per
 * call with method, URL, status, duration and rate-limit headers; request and response bodies and
 * headers at debug, credentials redacted by the logger. Network failures reject; HTTP errors are
 * returned, because only the caller knows which statuses are retryable.
 */
export class HttpClient {
  private readonly baseUrl: string

  constructor(private readonly options: HttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
  }

  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    const url = new URL(this.baseUrl + path)
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, String(value))
    const headers: Record<string, string> = { accept: 'application/json', ...this.options.headers, ...options.headers }
    if (options.body !== undefined) headers['content-type'] ??= 'application/json'
    if (options.form !== undefined) headers['content-type'] ??= 'application/x-www-form-urlencoded'
    const requestBody = options.multipart ?? (options.form !== undefined ? new URLSearchParams(options.form).toString() : options.body === undefined ? null : JSON.stringify(options.body))
    const start = performance.now()
    const log = this.options.log
    const loggedUrl = redactedUrl(url)
    const trace = options.traceId === undefined ? undefined : { id: options.traceId }
    let response: Response
    try {
      response = await fetch(url, {
        method,
        headers,
        body: requestBody,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      })
    } catch (error) {
      log.warn({ http: { request: { method }, durationMs: Math.round(performance.now() - start) }, url: { full: loggedUrl }, trace, err: error }, 'outbound call failed')
      throw error
    }
    const text = await response.text()
    const durationMs = Math.round(performance.now() - start)
    const isJson = (response.headers.get('content-type') ?? '').includes('json')
    const body = (isJson && text !== '' && !options.text ? JSON.parse(text) : text) as T
    const rateLimit = Object.fromEntries(RATE_LIMIT_HEADERS.flatMap((name) => (response.headers.has(name) ? [[name, response.headers.get(name)]] : [])))
    log.info(
      { http: { request: { method }, response: { status_code: response.status } }, url: { full: loggedUrl }, durationMs, rateLimit, trace },
      'outbound call',
    )
    if (log.isLevelEnabled('debug')) {
      log.debug(
        {
          request: { method, url: loggedUrl, headers, body: options.multipart ? describeParts(options.multipart) : (options.form ?? options.body) },
          response: { status: response.status, headers: Object.fromEntries(response.headers), body },
          trace,
        },
        'outbound call bodies',
      )
    }
    return { status: response.status, headers: response.headers, body, durationMs }
  }
}

/** A multipart body for the debug line: its fields, and its files by name and size. */
function describeParts(form: FormData): Record<string, unknown>[] {
  return [...form.entries()].map(([name, value]) => (typeof value === 'string' ? { name, value } : { name, filename: value.name, bytes: value.size }))
}

/** The URL as logged: the values of {@link SECRET_QUERY_PARAMETERS} replaced. */
function redactedUrl(url: URL): string {
  const names = [...url.searchParams.keys()].filter((name) => SECRET_QUERY_PARAMETERS.has(name.toLowerCase()))
  if (names.length === 0) return url.href
  const logged = new URL(url)
  for (const name of names) logged.searchParams.set(name, '[redacted]')
  return logged.href
}
