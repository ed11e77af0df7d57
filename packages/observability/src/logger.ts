import { ecsFormat } from '@elastic/ecs-pino-format'
import { pino, type Logger, type LevelWithSilent, type DestinationStream } from 'pino'

/**
 * Paths whose values never reach a log line: credentials of Magento, Amazon (LWA and SP-API) and
 * Mirakl, wherever they appear in a logged request, response or config object.
 */
export const REDACTED_PATHS: readonly string[] = [
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.headers["x-amz-access-token"]',
  '*.headers["x-api-key"]',
  '*.headers["x-listing-sync-secret"]',
  '*.headers.cookie',
  'access_token',
  'refresh_token',
  'client_secret',
  'password',
  '*.access_token',
  '*.refresh_token',
  '*.client_secret',
  '*.password',
  '*.apiKey',
  '*.api_key',
  // Credentials objects as the code names them (LwaCredentials, config), should one be logged.
  'clientSecret',
  'refreshToken',
  'accessToken',
  'sharedSecret',
  '*.clientSecret',
  '*.refreshToken',
  '*.accessToken',
  '*.sharedSecret',
  // HttpClient's debug lines: request.body / response.body of token calls (LWA).
  '*.body.access_token',
  '*.body.refresh_token',
  '*.body.client_secret',
]

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  readonly service: string
  readonly level?: LevelWithSilent
  /** Where lines go; stdout by default. Tests pass a stream to read them. */
  readonly destination?: DestinationStream
}

/**
 * The project logger: pino JSON with Elastic Common Schema field names so lines go to ELK as they
 * are, with credentials redacted. Bind context once with `log.child({ marketplace, sku, ... })`.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      ...ecsFormat({ convertErr: true, convertReqRes: true }),
      level: options.level ?? 'info',
      base: { service: { name: options.service }, process: { pid: process.pid } },
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    },
    options.destination,
  )
}

export type { Logger }
