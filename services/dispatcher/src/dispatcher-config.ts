import { z } from 'zod'
import { endpointVariables, httpVariables, kafkaVariables, loadConfig, logVariables } from '@listing-sync/config'
import { spApiVariables } from '@listing-sync/sp-api'

const rateLimit = z.object({ rate: z.number().positive(), burst: z.number().min(1) }).strict()

/** Everything a dispatcher reads from the environment; credentials default to the simulators' demo ones. */
export const dispatcherVariables = {
  ...kafkaVariables,
  ...logVariables,
  ...httpVariables('DISPATCHER_PORT', 8083),
  ...spApiVariables,
  B2B_API_URL: endpointVariables.B2B_API_URL,
  DISPATCHER_MARKETPLACE: z.enum(['amazon', 'b2b']).describe('The marketplace this dispatcher delivers listing.<id>.v1 to'),
  DISPATCHER_TOPIC_MARKETPLACE: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'marketplace ids are lower-case letters, digits and -')
    .optional()
    .describe('The <id> of the listing.<id>.* topics and of the consumer group, when not DISPATCHER_MARKETPLACE (a second account on the same marketplace, or a test with topics of its own)'),
  DISPATCHER_RATE_LIMITS: z
    .string()
    .optional()
    .transform((text, context) => {
      if (text === undefined || text.trim() === '') return {}
      try {
        return JSON.parse(text) as unknown
      } catch {
        context.addIssue({ code: 'custom', message: 'must be JSON, e.g. {"putListingsItem":{"rate":2,"burst":4}}' })
        return z.NEVER
      }
    })
    .pipe(z.record(z.string(), rateLimit))
    .describe('Per-operation limits {"<operation>":{"rate":calls/s,"burst":n}} replacing the official defaults, for the whole group (replicas share it)'),
  DISPATCHER_CALLS_IN_FLIGHT: z.coerce.number().int().min(1).max(64).default(8).describe('Marketplace calls one partition may have in flight at once, each for a different SKU (per-SKU order is kept)'),
  RETRY_BASE_MS: z.coerce.number().int().min(1).default(500).describe('First retry waits up to this long (full jitter), doubling per attempt'),
  RETRY_CAP_MS: z.coerce.number().int().min(1).default(60_000).describe('Longest wait between two attempts'),
  RETRY_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8).describe('Attempts before a transiently failing update goes to the dead-letter topic'),
  AMAZON_SELLER_ID: z.string().min(1).default('A2LISTINGSYNCDEMO').describe('Selling partner id (merchant token)'),
  AMAZON_VALIDATION_PREVIEW: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true')
    .describe('Send a new listing (a SKU without an accepted PUT in this process) with mode=VALIDATION_PREVIEW first and PUT it only if Amazon finds it VALID; costs one more putListingsItem call per new listing'),
  B2B_API_KEY: z.string().min(1).default('sim-shop-api-key').describe('Mirakl shop API key, sent as Authorization (a secret)'),
  B2B_SHOP_ID: z.coerce.number().int().positive().optional().describe('Mirakl shop id, when the key covers several shops'),
  B2B_IMPORT_FIRST_POLL_MS: z.coerce.number().int().min(0).default(5000).describe('First look at an offer import (OF02) after OF24'),
  B2B_IMPORT_POLL_MS: z.coerce.number().int().min(1).default(60_000).describe('Later looks at an unfinished import; Mirakl allows OF02 once a minute per import'),
  B2B_PRODUCT_IMPORT_FIRST_POLL_MS: z.coerce.number().int().min(0).default(60_000).describe('First look at a product import (P42) after P41, which creates the products OF24 found missing'),
  B2B_PRODUCT_IMPORT_POLL_MS: z.coerce.number().int().min(1).default(60_000).describe('Later looks at an unfinished product import; Mirakl allows P42 once a minute per import'),
} as const

export type DispatcherConfig = ReturnType<typeof loadDispatcherConfig>

/** Loads and validates the dispatcher's configuration; throws listing every problem. */
export function loadDispatcherConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(dispatcherVariables, env)
}
