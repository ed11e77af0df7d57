/**
 * Node.js flags every ingest process starts with (the Dockerfile, the Helm chart, `npm start` and
 * the benchmarks use these; tests hold the first two to them).
 *
 * Under load hundreds of webhooks wait for the broker's acknowledgement at once, and V8's defaults
 * (a young generation of 2 × 16 MB, an old generation that may grow to about four times what the
 * last full collection left) took a receiver from 100 MB idle to 160–210 MB at 3,000 webhooks/s.
 * With 2 × 8 MB and growth by half the receiver stays at 130–140 MB and spends less CPU per
 * webhook, not more (BENCHMARKS.md, ingest). Neither flag is allowed in NODE_OPTIONS, hence the
 * command line.
 */
export const INGEST_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8', '--heap-growing-percent=50']
