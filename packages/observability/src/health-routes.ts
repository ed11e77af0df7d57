import type { FastifyInstance } from 'fastify'
import type { Registry } from 'prom-client'

/** A readiness check: resolves when the dependency is usable, rejects with the reason otherwise. */
export type ReadinessCheck = () => Promise<void>

/** Options of {@link registerHealthRoutes}. */
export interface HealthRoutesOptions {
  /** Named readiness checks, e.g. kafka and registry; read on every request, so checks added later count. */
  readonly checks: ReadonlyMap<string, ReadinessCheck>
  readonly metrics: Registry
  /** A check slower than this counts as failed, so a hung dependency cannot hang the probe. */
  readonly checkTimeoutMs?: number
}

/**
 * `/healthz` (the process answers), `/readyz` (every dependency answers; 503 with the failing
 * ones otherwise) and `/metrics` (Prometheus text format).
 */
export function registerHealthRoutes(app: FastifyInstance, options: HealthRoutesOptions): void {
  const timeoutMs = options.checkTimeoutMs ?? 2000

  app.get('/healthz', { logLevel: 'warn' }, () => ({ status: 'ok' }))

  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    const entries = await Promise.all(
      [...options.checks].map(async ([name, check]) => [name, await runCheck(check, timeoutMs)] as const),
    )
    const checks = Object.fromEntries(entries)
    const ready = entries.every(([, result]) => result.status === 'ok')
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks })
  })

  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    return reply.type(options.metrics.contentType).send(await options.metrics.metrics())
  })
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<{ status: 'ok' } | { status: 'failed'; reason: string }> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    await Promise.race([check(), timeout])
    return { status: 'ok' }
  } catch (error) {
    return { status: 'failed', reason: error instanceof Error ? error.message : String(error) }
  } finally {
    clearTimeout(timer)
  }
}
