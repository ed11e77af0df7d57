// Error bodies in the models' `ErrorList` shape, `{"errors":[{code, message, details?}]}`. Codes and
// texts are Amazon's where they are known from its answers (Unauthorized, QuotaExceeded, InvalidInput);
// the others follow the same style.

/** One SP-API error. */
export interface SpApiError {
  code: string
  message: string
  details?: string
}

/** The body of every SP-API error answer. */
export interface ErrorList {
  errors: SpApiError[]
}

/** Builds an `ErrorList` with one error. */
export function errorList(code: string, message: string, details?: string): ErrorList {
  return { errors: [details === undefined ? { code, message } : { code, message, details }] }
}

/**
 * 403 for a missing, unknown or expired `x-amz-access-token`, as SP-API words it
 * (selling-partner-api-models issues #826 and #2333 quote these bodies).
 */
export function unauthorized(details: string): ErrorList {
  return errorList('Unauthorized', 'Access to requested resource is denied.', details)
}

/** Why a request was refused with 403, in the `details` SP-API gives. */
export const UNAUTHORIZED_DETAILS = {
  missing: '',
  invalid: 'The access token you provided is revoked, malformed or invalid.',
  expired: 'The access token you provided has expired.',
} as const

/** 429: the operation's usage plan is exhausted. SP-API sends no Retry-After with it. */
export const QUOTA_EXCEEDED: ErrorList = errorList('QuotaExceeded', 'You exceeded your quota for the requested resource.')

/** 400: a parameter or the body breaks the model; every problem is listed in `details`. */
export function invalidInput(problems: readonly string[]): ErrorList {
  return errorList('InvalidInput', 'Request has missing or invalid parameters and cannot be parsed.', problems.join('; '))
}

/** 404 for a resource that does not exist. */
export function notFound(message: string): ErrorList {
  return errorList('NOT_FOUND', message)
}

/** 503 while an injected outage lasts. */
export const SERVICE_UNAVAILABLE: ErrorList = errorList('ServiceUnavailable', 'Service temporarily unavailable. Please retry later.')

/** 500, injected or unexpected. */
export const INTERNAL_FAILURE: ErrorList = errorList('InternalFailure', 'We encountered an internal error. Please try again.')

/** 415 for a body that is not JSON. */
export function unsupportedMediaType(contentType: string | undefined): ErrorList {
  return errorList('UnsupportedMediaType', `Content type '${contentType ?? '(none)'}' is not supported; send application/json.`)
}

/** 413 for a body over the size limit. */
export const REQUEST_TOO_LARGE: ErrorList = errorList('RequestEntityTooLarge', 'The request size exceeded the maximum accepted size.')
