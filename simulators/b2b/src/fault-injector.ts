import { z } from 'zod'
import { ATTRIBUTE_TYPES, type AttributeDefinition } from './marketplace/marketplace-config.js'
import { OPERATIONS, type Operation } from './operations.js'

const durationMs = z.int({ error: 'must be an integer number of milliseconds' }).positive({ error: 'must be > 0' }).max(86_400_000, { error: 'must be at most one day' }).default(60_000)
const operations = z.array(z.enum(OPERATIONS, { error: `must name operations among ${OPERATIONS.join(', ')}` })).min(1, { error: 'must name at least one operation' }).optional()
const retryAfterSeconds = z.int({ error: 'must be an integer number of seconds' }).min(1, { error: 'must be >= 1' }).max(86_400, { error: 'must be at most one day' }).optional()

/**
 * `POST /_sim/faults` body. `operations` limits a fault to some operations (all by default).
 * - `status`: answer with an error status (503 by default), optionally with Retry-After;
 * - `latency`: answer `ms` later;
 * - `rateLimitStorm`: answer 429 with Retry-After (the seconds left in the window unless given);
 * - `requiredAttribute`: imports processed during the window require the attribute `code` on every
 *   product line (`target: "product"`) or as an offer additional field (`target: "offer"`).
 */
export const faultSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('status'),
      status: z.int({ error: 'must be an HTTP status' }).min(400, { error: 'must be between 400 and 599' }).max(599, { error: 'must be between 400 and 599' }).default(503),
      retryAfterSeconds,
      durationMs,
      operations,
    }),
    z.strictObject({
      type: z.literal('latency'),
      ms: z.int({ error: 'must be an integer number of milliseconds' }).min(0, { error: 'must be >= 0' }).max(120_000, { error: 'must be at most 120000' }),
      durationMs,
      operations,
    }),
    z.strictObject({ type: z.literal('rateLimitStorm'), retryAfterSeconds, durationMs, operations }),
    z.strictObject({
      type: z.literal('requiredAttribute'),
      code: z.string({ error: 'must name the attribute' }).min(1, { error: 'must name the attribute' }),
      target: z.enum(['product', 'offer'], { error: 'must be "product" or "offer"' }).default('product'),
      // The type of an attribute the configuration does not define yet (a LIST needs a value list, so not LIST).
      attributeType: z.enum(ATTRIBUTE_TYPES.filter((type) => type !== 'LIST') as ['TEXT', 'INTEGER', 'DECIMAL', 'MEDIA', 'DATE']).default('TEXT'),
      durationMs,
    }),
  ],
  { error: 'type must be "status", "latency", "rateLimitStorm" or "requiredAttribute"' },
)

/** A validated fault request. */
export type FaultSpec = z.infer<typeof faultSchema>

/** A fault window: its spec and when it opened and closes (ms). */
export interface ActiveFault {
  readonly spec: FaultSpec
  readonly from: number
  readonly until: number
}

/** What the faults open at one moment do to a call of one operation. */
export interface FaultEffect {
  readonly latencyMs: number
  /** An answer that replaces the real one. */
  readonly answer?: { readonly status: number; readonly retryAfterSeconds?: number }
}

/**
 * Fault windows: while one is open, matching calls are delayed, answered with an error status or
 * throttled, or imports require an attribute. Windows are kept after they close (until cleared),
 * because an import is processed at its own time, which may lie before the moment it is observed.
 */
export class FaultInjector {
  private faults: ActiveFault[] = []

  constructor(private readonly now: () => number) {}

  /** Opens a window for a fault, starting now. */
  add(spec: FaultSpec): ActiveFault {
    const from = this.now()
    const fault = { spec, from, until: from + spec.durationMs }
    this.faults.push(fault)
    return fault
  }

  clear(): void {
    this.faults = []
  }

  /** Windows open at `at` (now by default). */
  active(at = this.now()): ActiveFault[] {
    return this.faults.filter((fault) => fault.from <= at && at < fault.until)
  }

  /** The combined effect on a call: latencies add up; the first status or storm window wins. */
  effectOn(operation: Operation): FaultEffect | undefined {
    const now = this.now()
    const matching = this.active(now).filter((fault) => fault.spec.type !== 'requiredAttribute' && (fault.spec.operations === undefined || fault.spec.operations.includes(operation)))
    if (matching.length === 0) return undefined
    let latencyMs = 0
    let answer: FaultEffect['answer']
    for (const { spec, until } of matching) {
      if (spec.type === 'latency') latencyMs += spec.ms
      else if (spec.type === 'status') answer ??= spec.retryAfterSeconds === undefined ? { status: spec.status } : { status: spec.status, retryAfterSeconds: spec.retryAfterSeconds }
      else if (spec.type === 'rateLimitStorm') answer ??= { status: 429, retryAfterSeconds: spec.retryAfterSeconds ?? Math.max(1, Math.ceil((until - now) / 1000)) }
    }
    return answer ? { latencyMs, answer } : { latencyMs }
  }

  /** Attributes newly required of product lines or offer lines by the windows open at `at`. */
  requiredAttributesAt(at: number, target: 'product' | 'offer'): AttributeDefinition[] {
    const required = new Map<string, AttributeDefinition>()
    for (const { spec } of this.active(at)) {
      if (spec.type === 'requiredAttribute' && spec.target === target) required.set(spec.code, { code: spec.code, required: true, type: spec.attributeType })
    }
    return [...required.values()]
  }
}
