import { z } from 'zod'

const paths = z.union([z.string().startsWith('/', { error: 'must start with /' }), z.array(z.string().startsWith('/', { error: 'must start with /' })).min(1)]).default('/rest')
const durationMs = z.int({ error: 'must be an integer number of milliseconds' }).positive({ error: 'must be > 0' }).max(86_400_000, { error: 'must be at most one day' }).default(60_000)

/** `POST /_sim/faults` body: a status fault (answer with an error) or a latency fault (answer late). */
export const faultSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('status'),
      status: z.int({ error: 'must be an HTTP status' }).min(400, { error: 'must be between 400 and 599' }).max(599, { error: 'must be between 400 and 599' }),
      durationMs,
      paths,
    }),
    z.strictObject({
      type: z.literal('latency'),
      ms: z.int({ error: 'must be an integer number of milliseconds' }).min(0, { error: 'must be >= 0' }).max(120_000, { error: 'must be at most 120000' }),
      durationMs,
      paths,
    }),
  ],
  { error: 'type must be "status" or "latency"' },
)

/** A validated fault request. */
export type FaultSpec = z.infer<typeof faultSchema>

/** A fault in force: its spec, normalised path prefixes and when it ends. */
export interface ActiveFault {
  readonly spec: FaultSpec
  readonly paths: readonly string[]
  readonly until: number
}

/** What the faults in force do to one request. */
export interface FaultEffect {
  readonly latencyMs: number
  readonly status?: number
}

/**
 * Fault windows over URL prefixes: while a window is open, matching requests are delayed or
 * answered with an error status, so clients' retry and back-off paths can be exercised.
 */
export class FaultInjector {
  private faults: ActiveFault[] = []

  constructor(private readonly now: () => number = Date.now) {}

  /** Opens a window for a fault; returns it with its end time. */
  add(spec: FaultSpec): ActiveFault {
    const fault = { spec, paths: typeof spec.paths === 'string' ? [spec.paths] : spec.paths, until: this.now() + spec.durationMs }
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

  /** The combined effect on a request path: latencies add up, the first status fault wins. */
  effectOn(path: string): FaultEffect | undefined {
    const matching = this.active().filter((fault) => fault.paths.some((prefix) => path.startsWith(prefix)))
    if (matching.length === 0) return undefined
    let latencyMs = 0
    let status: number | undefined
    for (const fault of matching) {
      if (fault.spec.type === 'latency') latencyMs += fault.spec.ms
      else status ??= fault.spec.status
    }
    return status === undefined ? { latencyMs } : { latencyMs, status }
  }
}
