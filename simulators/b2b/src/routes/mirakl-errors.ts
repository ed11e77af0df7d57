// Error bodies as Mirakl sends them: `{"status": <http status>, "message": "<text>"}`, the shape
// Mirakl's own Java SDK parses (com.mirakl.client.core.error.MiraklErrorResponseBean). The seller
// spec declares no error responses, so the messages are the simulator's own.

/** Mirakl's error body. */
export interface MiraklError {
  readonly status: number
  readonly message: string
}

export function miraklError(status: number, message: string): MiraklError {
  return { status, message }
}

/** No API key, or not the shop's. */
export const UNAUTHORIZED = miraklError(401, 'Unauthorized: send the shop API key in the Authorization header')
