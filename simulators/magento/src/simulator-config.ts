import { z } from 'zod'

/** The default receiver: ingest's Magento webhook route. */
export const DEFAULT_WEBHOOK_URL = 'http://localhost:8080/webhooks/magento'

/** Environment variables of the Magento simulator, beside `PORT`, `HOST` and `LOG_LEVEL`. */
export const magentoSimulatorVariables = {
  MAGENTO_SIM_TOKEN: z.string().min(1).default('sim-admin-token').describe('Bearer token the REST API requires and the admin token endpoint returns'),
  MAGENTO_SIM_ADMIN_USERNAME: z.string().min(1).default('admin').describe('Username POST /rest/V1/integration/admin/token accepts'),
  MAGENTO_SIM_ADMIN_PASSWORD: z.string().min(1).default('admin123').describe('Password POST /rest/V1/integration/admin/token accepts'),
  MAGENTO_WEBHOOK_URL: z
    .union([z.url(), z.literal('off')])
    .default(DEFAULT_WEBHOOK_URL)
    .describe('Where product save/delete webhooks go; "off" (or set but empty) sends none'),
  MAGENTO_WEBHOOK_PRIVATE_KEY_FILE: z.string().min(1).optional().describe('PEM RSA private key that signs webhooks; a fresh 2048-bit key when unset'),
  MAGENTO_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(5000).describe('How long a save waits for the webhook receiver'),
  MAGENTO_SIM_CATALOG_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(500_000)
    .optional()
    .describe("Grow the Luma catalog to this many products with copies of its standalone simple products that have an image (benchmarks at a merchant's scale); the sample's 2,038 when unset"),
  LISTING_SYNC_FIXTURES_DIR: z.string().min(1).optional().describe('The shared fixtures folder; ../shared/fixtures beside the repository by default'),
} as const

/**
 * The webhook URL the environment asks for. loadConfig treats an empty variable as unset (and so
 * as the default), but for this one "set and empty" means "no webhooks", so the raw value is read.
 */
export function webhookUrlFrom(configured: string, env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.MAGENTO_WEBHOOK_URL === '' || configured === 'off') return undefined
  return configured
}
