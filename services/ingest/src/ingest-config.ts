import { z } from 'zod'
import { endpointVariables, httpVariables, kafkaVariables, loadConfig, logVariables } from '@listing-sync/config'

/** Everything ingest reads from the environment (see the README's table). */
export const ingestVariables = {
  ...kafkaVariables,
  ...logVariables,
  ...httpVariables('INGEST_PORT', 8080),
  MAGENTO_BASE_URL: endpointVariables.MAGENTO_BASE_URL,
  MAGENTO_TOKEN: z.string().min(1).default('sim-admin-token').describe('Magento admin or integration bearer token for REST'),
  MAGENTO_STORE_CODE: z.string().regex(/^[a-z0-9_]+$/, 'store codes are lower-case letters, digits and _').default('default').describe('Store view whose labels and prices are synced'),
  MAGENTO_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code').default('USD').describe("The store's base currency"),
  MAGENTO_WEIGHT_UNIT: z.enum(['KG', 'LB']).default('LB').describe("The store's weight unit (Stores › Configuration › General › Locale Options)"),
  MAGENTO_MEDIA_BASE_URL: z.url().optional().describe('Public media base URL; default <MAGENTO_BASE_URL>/media'),
  MAGENTO_WEBHOOK_PUBLIC_KEY_FILE: z.string().optional().describe('PEM public key of Adobe Commerce webhook signing; when set, hooks must be signed'),
  IO_EVENTS_CLIENT_ID: z.string().optional().describe('Adobe I/O Events recipient client id; when set, I/O Events deliveries must be signed and addressed to it'),
  IO_EVENTS_PUBLIC_KEY_BASE_URL: z.url().default('https://static.adobeioevents.com').describe('Where I/O Events public keys are fetched from'),
  INGEST_SHARED_SECRET: z.string().min(16, 'must be at least 16 characters').optional().describe('Secret a custom gateway sends in x-listing-sync-secret'),
  INGEST_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024).describe('Largest webhook body accepted'),
  INGEST_ACK_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000).describe('How long a webhook waits for the broker before answering 503'),
  INGEST_DEDUP_WINDOW_SECONDS: z.coerce.number().int().min(0).default(600).describe('Re-deliveries of an event id within this window are published once'),
  INGEST_ROLES: z
    .string()
    .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(z.enum(['webhooks', 'enricher'])).min(1, 'name at least one of webhooks, enricher'))
    .default(['webhooks', 'enricher'])
    .describe('What this process runs: webhooks (the HTTP receiver), enricher (recorded changes → canonical events), or both; split them to scale each on its own'),
  RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(0).describe('Poll Magento for updated_at > cursor every N seconds; 0 = off'),
} as const

export type IngestConfig = ReturnType<typeof loadIngestConfig>

/** Loads and validates ingest's configuration; throws listing every problem. */
export function loadIngestConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(ingestVariables, env)
}
