import { z } from 'zod'
import { OPERATIONS, type Operation } from './operations.js'
import { DEFAULT_RATE_LIMITS, NO_RATE_LIMITS, type RateLimits } from './rate-limit/rate-limiter.js'
import type { RatePolicy } from './rate-limit/token-bucket.js'

/** The demo shop API key. Mirakl keys are opaque strings sent as they are. */
export const DEFAULT_API_KEY = 'sim-shop-api-key'

/** The demo shop, as in Mirakl's examples. */
export const DEFAULT_SHOP_ID = 2000

/** Per-operation overrides of the default limits: a policy (burst defaults to `calls`) or "off". */
export type RateLimitOverrides = 'off' | Partial<Record<Operation, 'off' | { calls: number; perSeconds: number; burst?: number }>>

/** The limits in force: Mirakl's maxima with the overrides applied. */
export function resolveRateLimits(overrides: RateLimitOverrides | undefined): RateLimits {
  if (overrides === 'off') return NO_RATE_LIMITS
  const limits: Record<Operation, RatePolicy | null> = { ...DEFAULT_RATE_LIMITS }
  for (const [operation, policy] of Object.entries(overrides ?? {})) {
    if (policy === undefined) continue
    limits[operation as Operation] = policy === 'off' ? null : { calls: policy.calls, perSeconds: policy.perSeconds, burst: policy.burst ?? policy.calls }
  }
  return limits
}

const OVERRIDE = /^([A-Z0-9]+)=(?:(off)|(\d+)\/(\d+)(?:\/(\d+))?)$/

/**
 * `B2B_SIM_RATE_LIMITS`: `official` (Mirakl's maximum usage), `off`, or per-operation overrides
 * `OP=<calls>/<seconds>[/<burst>]` or `OP=off`, comma-separated: `OF24=6/60,P41=off`.
 */
const rateLimitsVariable = z.string().transform((text, ctx): RateLimitOverrides | undefined => {
  const value = text.trim()
  if (value === 'official') return undefined
  if (value === 'off') return 'off'
  const overrides: Partial<Record<Operation, 'off' | { calls: number; perSeconds: number; burst?: number }>> = {}
  for (const part of value.split(',').map((item) => item.trim()).filter(Boolean)) {
    const match = OVERRIDE.exec(part)
    const operation = match?.[1]
    if (!match || !operation || !(OPERATIONS as readonly string[]).includes(operation)) {
      ctx.addIssue({ code: 'custom', message: `'${part}' is not OP=<calls>/<seconds>[/<burst>] or OP=off with OP one of ${OPERATIONS.join(', ')}` })
      continue
    }
    const [calls, perSeconds, burst] = [match[3], match[4], match[5]].map((number) => (number === undefined ? undefined : Number(number)))
    if (match[2] === 'off') overrides[operation as Operation] = 'off'
    else if (!calls || !perSeconds || burst === 0) ctx.addIssue({ code: 'custom', message: `'${part}': calls, seconds and burst must be at least 1` })
    else overrides[operation as Operation] = { calls, perSeconds, ...(burst !== undefined ? { burst } : {}) }
  }
  return overrides
})

/** Environment variables of the B2B (Mirakl) simulator, beside `PORT`, `HOST` and `LOG_LEVEL`. */
export const b2bSimulatorVariables = {
  B2B_SIM_API_KEY: z.string().min(1).default(DEFAULT_API_KEY).describe('Shop API key every call must send as Authorization (the raw key, no Bearer)'),
  B2B_SIM_SHOP_IDS: z
    .string()
    .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^\d+$/, 'shop ids are integers').transform(Number)).min(1, 'must name at least one shop'))
    .default([DEFAULT_SHOP_ID])
    .describe('Shops the key covers, comma-separated; the first is used when a call has no shop_id'),
  B2B_SIM_IMPORT_STEP_MS: z.coerce.number().int().min(0).default(1000).describe('Duration of each import step (WAITING, RUNNING, SENT)'),
  B2B_SIM_RATE_LIMITS: rateLimitsVariable.optional().describe('official (Mirakl maximum usage), off, or overrides such as OF24=6/60,P41=off (calls/seconds[/burst])'),
  B2B_SIM_OFFERS_REQUIRE_PRODUCT: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('true')
    .transform((value) => value === 'true')
    .describe('Whether an OF24 offer needs its product (imported with P41) to exist'),
  B2B_SIM_ATTRIBUTES_FILE: z.string().min(1).optional().describe('Marketplace configuration (offer fields, attributes, value lists); mappings/product-types/b2b-attributes.json by default'),
  B2B_SIM_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code').default('USD').describe("The shops' currency, shown on offers"),
} as const
