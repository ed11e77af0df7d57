import type { Logger } from '@listing-sync/observability'

/** Response headers that tell how close a caller is to a rate limit; logged on every call. */
const RATE_LIMIT_HEADERS = ['retry-after', 'x-amzn-ratelimit-limit', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']

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
  readonly headers?: Readonly<Record<string, string>>
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
    const requestBody = options.form !== undefined ? new URLSearchParams(options.form).toString() : options.body === undefined ? null : JSON.stringify(options.body)
    const start = performance.now()
    const log = this.options.log
    let response: Response
    try {
      response = await fetch(url, {
        method,
        headers,
        body: requestBody,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      })
    } catch (error) {
      log.warn({ http: { request: { method }, durationMs: Math.round(performance.now() - start) }, url: { full: url.href }, err: error }, 'outbound call failed')
      throw error
    }
    const text = await response.text()
    const durationMs = Math.round(performance.now() - start)
    const isJson = (response.headers.get('content-type') ?? '').includes('json')
    const body = (isJson && text !== '' ? JSON.parse(text) : text) as T
    const rateLimit = Object.fromEntries(RATE_LIMIT_HEADERS.flatMap((name) => (response.headers.has(name) ? [[name, response.headers.get(name)]] : [])))
    log.info(
      { http: { request: { method }, response: { status_code: response.status } }, url: { full: url.href }, durationMs, rateLimit },
      'outbound call',
    )
    if (log.isLevelEnabled('debug')) {
      log.debug(
        {
          request: { method, url: url.href, headers, body: options.form ?? options.body },
          response: { status: response.status, headers: Object.fromEntries(response.headers), body },
        },
        'outbound call bodies',
      )
    }
    return { status: response.status, headers: response.headers, body, durationMs }
  }
}
