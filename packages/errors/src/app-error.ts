/** Retry class of a failure: whether doing the same thing again can succeed. */
export type RetryClass = 'retryable' | 'permanent'

/** Areas of the error catalog; the code of every error is `LS_ERR_<AREA>_<WHAT>`. */
export type ErrorArea = 'CONFIG' | 'INGEST' | 'MAPPING' | 'KAFKA' | 'MARKETPLACE' | 'STACK'

/** What the catalog knows about one kind of error. */
export interface ErrorDefinition {
  readonly code: `LS_ERR_${ErrorArea}_${string}`
  /** Message with `%s` placeholders filled in order from the arguments. */
  readonly template: string
  /** HTTP status when the error reaches a client. */
  readonly status: number
  readonly retry: RetryClass
}

/** An error from the catalog: code, filled message, status, retry class and the original cause. */
export class AppError extends Error {
  readonly code: ErrorDefinition['code']
  readonly status: number
  readonly retry: RetryClass
  /** Structured details for the client or the log, e.g. every failing field. */
  readonly details: unknown

  constructor(definition: ErrorDefinition, args: readonly unknown[], options: { cause?: unknown; details?: unknown } = {}) {
    super(fillTemplate(definition.template, args), { cause: options.cause })
    this.name = 'AppError'
    this.code = definition.code
    this.status = definition.status
    this.retry = definition.retry
    this.details = options.details
  }
}

function fillTemplate(template: string, args: readonly unknown[]): string {
  let index = 0
  return template.replace(/%s/g, () => String(args[index++]))
}

/** A factory for one catalog entry: `ERR_X(arg1, arg2, { cause })`. */
export type ErrorFactory = ((...args: unknown[]) => AppError) & {
  readonly definition: ErrorDefinition
  /** Also builds the error, with a cause and details. */
  with(options: { cause?: unknown; details?: unknown }, ...args: unknown[]): AppError
}

/** Declares one catalog entry. */
export function defineError(definition: ErrorDefinition): ErrorFactory {
  const factory = (...args: unknown[]) => new AppError(definition, args)
  return Object.assign(factory, {
    definition,
    with: (options: { cause?: unknown; details?: unknown }, ...args: unknown[]) => new AppError(definition, args, options),
  })
}

/** True when `error` is an AppError of the given catalog entry. */
export function isAppError(error: unknown, factory?: ErrorFactory): error is AppError {
  return error instanceof AppError && (factory === undefined || error.code === factory.definition.code)
}

/**
 * True when `error` is an AppError that may succeed when tried again (a dependency down or slow):
 * callers read or call again, never set the work aside as bad data.
 */
export function isRetryable(error: unknown): error is AppError {
  return isAppError(error) && error.retry === 'retryable'
}
