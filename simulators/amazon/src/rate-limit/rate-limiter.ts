import type { UsagePlan } from '../sp-api-models.js'
import { TokenBucket } from './token-bucket.js'

/** Usage plans per operation: the models' defaults, overridden or switched off per operation. */
export type UsagePlanOverrides = Readonly<Record<string, UsagePlan | 'off'>>

/**
 * One token bucket per operation, sized by the usage plan each operation's model declares. SP-API
 * applies its plans per selling partner and application; this simulator serves one application, so
 * one bucket per operation is the same thing for one seller and stricter for several.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>()

  constructor(plans: ReadonlyMap<string, UsagePlan | 'off'>, now: () => number) {
    for (const [operation, plan] of plans) {
      if (plan !== 'off') this.buckets.set(operation, new TokenBucket(plan, now))
    }
  }

  /** Admits one call of the operation, or not; operations without a plan are always admitted. */
  admit(operation: string): boolean {
    return this.buckets.get(operation)?.tryTake() ?? true
  }

  /** The plan applied to an operation, undefined when it is not limited. */
  plan(operation: string): UsagePlan | undefined {
    return this.buckets.get(operation)?.plan
  }

  /** Requests each operation could make right now, for `/_sim/state`. */
  available(): Record<string, number> {
    return Object.fromEntries([...this.buckets].map(([operation, bucket]) => [operation, Math.floor(bucket.available() * 1000) / 1000]))
  }

  /** Fills every bucket again. */
  reset(): void {
    for (const bucket of this.buckets.values()) bucket.reset()
  }
}

/**
 * Reads `AMAZON_SIM_RATE_LIMITS`: `official` (the models' plans), `off` (no throttling, for
 * benchmarks of the unthrottled path), or overrides such as `putListingsItem=10/20,getListingsItem=off`.
 */
export function parseRateLimits(text: string): UsagePlanOverrides | 'off' {
  const trimmed = text.trim()
  if (trimmed === '' || trimmed === 'official') return {}
  if (trimmed === 'off') return 'off'
  const overrides: Record<string, UsagePlan | 'off'> = {}
  for (const part of trimmed.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^([A-Za-z]+)=(?:off|(\d+(?:\.\d+)?)\/(\d+))$/.exec(part)
    if (!match?.[1]) throw new Error(`'${part}' is not <operation>=<rate>/<burst> or <operation>=off`)
    overrides[match[1]] = match[2] === undefined ? 'off' : { rate: Number(match[2]), burst: Number(match[3]) }
  }
  return overrides
}

/** How SP-API writes a rate in `x-amzn-RateLimit-Limit`: `5.0`, `0.0167`. */
export function formatRate(rate: number): string {
  return Number.isInteger(rate) ? rate.toFixed(1) : String(rate)
}
