/** Exponential backoff settings for transient failures. */
export interface BackoffPolicy {
  readonly baseMs: number
  readonly capMs: number
  /** Attempts in all, the first included; the last failure goes to the dead-letter topic. */
  readonly maxAttempts: number
}

/**
 * Delay before retry number `attempt` (1 = the first retry): "full jitter", uniformly random between
 * 0 and min(cap, base * 2^attempt), so replicas that failed together do not retry together.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30))
  return Math.floor(random() * ceiling)
}
