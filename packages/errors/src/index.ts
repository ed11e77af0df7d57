export { AppError, defineError, isAppError, isRetryable } from './app-error.js'
export type { ErrorArea, ErrorDefinition, ErrorFactory, RetryClass } from './app-error.js'
export * from './catalog.js'
