import { Agent, request } from 'node:http'

/** One request of a load run. */
export interface LoadRequest {
  readonly path: string
  readonly headers: Record<string, string>
  readonly body: Buffer
}

/** What a load run measured. */
export interface LoadResult {
  readonly sent: number
  readonly ok: number
  readonly statuses: Record<string, number>
  readonly durationMs: number
  readonly ratePerSecond: number
  readonly latencyMs: { p50: number; p90: number; p99: number; max: number }
}

/**
 * A small HTTP load generator over keep-alive connections. `closed` keeps `concurrency` requests in
 * flight (maximum throughput); `open` starts requests at a fixed rate whatever the answers take,
 * so slow answers show up as latency instead of lowering the rate (no coordinated omission).
 */
export async function runLoad(options: {
  readonly host: string
  readonly port: number
  readonly mode: { kind: 'closed'; concurrency: number } | { kind: 'open'; ratePerSecond: number }
  readonly durationMs: number
  readonly next: (index: number) => LoadRequest
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 })
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  let sent = 0
  const start = performance.now()
  const deadline = start + options.durationMs

  const fire = (index: number) =>
    new Promise<void>((resolve) => {
      const { path, headers, body } = options.next(index)
      const began = performance.now()
      const req = request({ host: options.host, port: options.port, method: 'POST', path, agent, headers: { ...headers, 'content-length': body.length } }, (res) => {
        res.resume()
        res.once('end', () => {
          latencies.push(performance.now() - began)
          statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1
          resolve()
        })
      })
      req.once('error', () => {
        statuses.error = (statuses.error ?? 0) + 1
        resolve()
      })
      req.end(body)
    })

  if (options.mode.kind === 'closed') {
    const workers = Array.from({ length: options.mode.concurrency }, async () => {
      while (performance.now() < deadline) await fire(sent++)
    })
    await Promise.all(workers)
  } else {
    const interval = 1000 / options.mode.ratePerSecond
    const inFlight: Promise<void>[] = []
    while (performance.now() < deadline) {
      const due = start + sent * interval
      const wait = due - performance.now()
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait))
      inFlight.push(fire(sent++))
    }
    await Promise.all(inFlight)
  }
  const durationMs = performance.now() - start
  agent.destroy()
  latencies.sort((a, b) => a - b)
  const at = (q: number) => Number((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(2))
  const ok = statuses['200'] ?? 0
  return { sent, ok, statuses, durationMs, ratePerSecond: Math.round((ok / durationMs) * 1000), latencyMs: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) } }
}
