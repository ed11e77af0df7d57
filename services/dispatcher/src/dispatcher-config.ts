import { z } from 'zod'
import { endpointVariables, httpVariables, kafkaVariables, loadConfig, logVariables } from '@listing-sync/config'

const rateLimit = z.object({ rate: z.number().positive(), burst: z.number().min(1) }).strict()

/** Everything a dispatcher reads from the environment; credentials default to the simulators' demo ones. */
export const dispatcherVariables = {
  ...kafkaVariables,
  ...logVariables,
  ...httpVariables('DISPATCHER_PORT', 8083),
  AMAZON_SP_API_ENDPOINT: endpointVariables.AMAZON_SP_API_ENDPOINT,
  AMAZON_LWA_ENDPOINT: endpointVariables.AMAZON_LWA_ENDPOINT,
  B2B_API_URL: endpointVariables.B2B_API_URL,
  DISPATCHER_MARKETPLACE: z.enum(['amazon', 'b2b']).describe('The marketplace this dispatcher delivers listing.<id>.v1 to'),
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
  RETRY_BASE_MS: z.coerce.number().int().min(1).default(500).describe('First retry waits up to this long (full jitter), doubling per attempt'),
  RETRY_CAP_MS: z.coerce.number().int().min(1).default(60_000).describe('Longest wait between two attempts'),
  RETRY_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8).describe('Attempts before a transiently failing update goes to the dead-letter topic'),
  AMAZON_LWA_CLIENT_ID: z.string().min(1).default('amzn1.application-oa2-client.listing-sync-demo').describe('LWA client id of the SP-API application'),
  AMAZON_LWA_CLIENT_SECRET: z.string().min(1).default('listing-sync-demo-secret').describe('LWA client secret (a secret: set it from a Secret in production)'),
  AMAZON_LWA_REFRESH_TOKEN: z.string().min(1).default('Atzr|listing-sync-demo-refresh-token').describe("The seller's LWA refresh token (a secret)"),
  AMAZON_SELLER_ID: z.string().min(1).default('A2LISTINGSYNCDEMO').describe('Selling partner id (merchant token)'),
  AMAZON_MARKETPLACE_ID: z.string().min(1).default('ATVPDKIKX0DER').describe('Amazon marketplace listings go to (ATVPDKIKX0DER: amazon.com)'),
  B2B_API_KEY: z.string().min(1).default('sim-shop-api-key').describe('Mirakl shop API key, sent as Authorization (a secret)'),
  B2B_SHOP_ID: z.coerce.number().int().positive().optional().describe('Mirakl shop id, when the key covers several shops'),
  B2B_IMPORT_FIRST_POLL_MS: z.coerce.number().int().min(0).default(5000).describe('First look at an offer import (OF02) after OF24'),
  B2B_IMPORT_POLL_MS: z.coerce.number().int().min(1).default(60_000).describe('Later looks at an unfinished import; Mirakl allows OF02 once a minute per import'),
} as const

export type DispatcherConfig = ReturnType<typeof loadDispatcherConfig>

/** Loads and validates the dispatcher's configuration; throws listing every problem. */
export function loadDispatcherConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(dispatcherVariables, env)
}
