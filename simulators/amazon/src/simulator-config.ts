import { z } from 'zod'
import { productTypeSchemasDir } from '@listing-sync/mapping'
import { parseRateLimits } from './rate-limit/rate-limiter.js'

/**
 * The LWA application and seller authorisation the simulator accepts unless configured otherwise:
 * the dispatcher's defaults, so `npm start` works without configuration.
 */
export const DEMO_CREDENTIALS = {
  clientId: 'amzn1.application-oa2-client.listing-sync-demo',
  clientSecret: 'listing-sync-demo-secret',
  refreshToken: 'Atzr|listing-sync-demo-refresh-token',
} as const

/** Amazon.com, the demo's marketplace. */
export const US_MARKETPLACE_ID = 'ATVPDKIKX0DER'

const csv = z
  .string()
  .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[A-Z0-9]+$/, 'must be upper-case letters and digits')).min(1, 'must name at least one'))

/**
 * Environment variables of the Amazon simulator, beside `PORT`, `HOST` and `LOG_LEVEL`. The LWA
 * credentials have the names the dispatcher reads, so one setting configures both sides.
 */
export const amazonSimulatorVariables = {
  AMAZON_LWA_CLIENT_ID: z.string().min(1).default(DEMO_CREDENTIALS.clientId).describe('LWA client id the token endpoint accepts'),
  AMAZON_LWA_CLIENT_SECRET: z.string().min(1).default(DEMO_CREDENTIALS.clientSecret).describe('LWA client secret the token endpoint accepts'),
  AMAZON_LWA_REFRESH_TOKEN: z.string().min(1).default(DEMO_CREDENTIALS.refreshToken).describe('The seller refresh token the token endpoint accepts'),
  AMAZON_SIM_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().max(86_400).default(3600).describe('Lifetime of issued access tokens (LWA: 3600)'),
  AMAZON_SIM_MARKETPLACE_IDS: csv.default([US_MARKETPLACE_ID]).describe('Marketplaces the seller sells in, comma-separated'),
  AMAZON_SIM_SELLER_IDS: csv.optional().describe('Seller ids the refresh token is authorised for (403 for others); any when unset'),
  AMAZON_SIM_RATE_LIMITS: z
    .string()
    .default('official')
    .transform((value, context) => {
      try {
        return parseRateLimits(value)
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message })
        return z.NEVER
      }
    })
    .describe('official (the models\' usage plans), off, or overrides such as putListingsItem=10/20,getListingsItem=off'),
  AMAZON_SIM_PRODUCT_TYPES_DIR: z.string().min(1).default(productTypeSchemasDir()).describe('Folder of the demo product type schemas (mappings/product-types)'),
  AMAZON_SIM_PUBLIC_URL: z.url().optional().describe('Base URL of the schema links in product type definitions; the request host when unset'),
  LISTING_SYNC_FIXTURES_DIR: z.string().min(1).optional().describe('The shared fixtures folder; ../shared/fixtures beside the repository by default'),
} as const
