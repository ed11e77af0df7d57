import { z } from 'zod'

const durationMs = z.int({ error: 'must be an integer number of milliseconds' }).positive({ error: 'must be > 0' }).max(86_400_000, { error: 'must be at most one day' })
const operations = z
  .array(z.string().regex(/^[a-zA-Z]+$/, { error: 'must be an operationId such as putListingsItem' }), { error: 'must be an array of operationIds' })
  .min(1, { error: 'must name at least one operation' })
  .optional()

/**
 * `POST /_sim/faults` body. `status` answers SP-API calls with 429 (a throttling storm, the
 * QuotaExceeded body, no Retry-After), 500 or 503; `latency` delays them; `required-attribute`
 * makes a product type require one more of its attributes, as when Amazon publishes a new schema
 * version. The first two last `durationMs` (default one minute) and may be limited to some
 * `operations`; the last lasts `durationMs` when given, else until the faults are cleared.
 */
export const faultSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('status'),
      status: z.union([z.literal(429), z.literal(500), z.literal(503)], { error: 'must be 429, 500 or 503' }),
      durationMs: durationMs.default(60_000),
      operations,
    }),
    z.strictObject({
      type: z.literal('latency'),
      ms: z.int({ error: 'must be an integer number of milliseconds' }).min(0, { error: 'must be >= 0' }).max(120_000, { error: 'must be at most 120000' }),
      durationMs: durationMs.default(60_000),
      operations,
    }),
    z.strictObject({
      type: z.literal('required-attribute'),
      productType: z.string().regex(/^[A-Z0-9_]+$/, { error: 'must be a product type such as SHIRT' }),
      attribute: z.string().regex(/^[a-z0-9_]+$/, { error: 'must be an attribute name such as safety_warning' }),
      durationMs: durationMs.optional(),
    }),
  ],
  { error: 'type must be "status", "latency" or "required-attribute"' },
)

/** A validated fault request. */
export type FaultSpec = z.infer<typeof faultSchema>

/** A fault in force and when it ends (never, for a required attribute without a duration). */
export interface ActiveFault {
  readonly spec: FaultSpec
  readonly until: number
}

/** What the faults in force do to one call. */
export interface FaultEffect {
  readonly latencyMs: number
  readonly status?: 429 | 500 | 503
}

/**
 * Fault windows over the SP-API operations, so clients' retry, back-off and revalidation paths can
 * be exercised. Time comes from `now`, so tests move a clock instead of waiting.
 */
export class FaultInjector {
  private faults: ActiveFault[] = []

  constructor(private readonly now: () => number = Date.now) {}

  /** Opens a window for a fault; returns it with its end time. */
  add(spec: FaultSpec): ActiveFault {
    const fault = { spec, until: spec.durationMs === undefined ? Number.POSITIVE_INFINITY : this.now() + spec.durationMs }
    this.faults.push(fault)
    return fault
  }

  /** Closes every window. */
  clear(): void {
    this.faults = []
  }

  /** Faults still in force. */
  active(): ActiveFault[] {
    const now = this.now()
    this.faults = this.faults.filter((fault) => fault.until > now)
    return [...this.faults]
  }

  /** The combined effect on one call: latencies add up, the first status fault wins. */
  effectOn(operation: string): FaultEffect | undefined {
    let latencyMs = 0
    let status: FaultEffect['status']
    let matched = false
    for (const { spec } of this.active()) {
      if (spec.type === 'required-attribute' || (spec.operations && !spec.operations.includes(operation))) continue
      matched = true
      if (spec.type === 'latency') latencyMs += spec.ms
      else status ??= spec.status
    }
    if (!matched) return undefined
    return status === undefined ? { latencyMs } : { latencyMs, status }
  }

  /** Attributes a product type requires on top of its schema while a fault says so, sorted. */
  requiredAttributes(productType: string): string[] {
    const names = this.active().flatMap(({ spec }) => (spec.type === 'required-attribute' && spec.productType === productType ? [spec.attribute] : []))
    return [...new Set(names)].sort()
  }
}
