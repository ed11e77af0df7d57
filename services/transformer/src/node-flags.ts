/**
 * How every transformer process starts (the Dockerfile, the Helm chart, `npm start` and the
 * benchmarks use these; tests hold the first two to them).
 *
 * Its live heap is small (about 60 MB with the state of 50,000 products on two marketplaces), but it
 * allocates fast, and V8's defaults (a young generation of 2 × 16 MB, an old generation that may grow
 * to about four times what the last full collection left) took it to 365–430 MB under a backlog.
 * With 2 × 4 MB, growth by half, and glibc's malloc held to two arenas (V8's compiler threads
 * otherwise keep one each), it peaks at 193–205 MB, for about a fifth more CPU per record and a
 * tenth fewer records a second (BENCHMARKS.md, transformer).
 * Neither V8 flag is allowed in NODE_OPTIONS, hence the command line.
 */
export const TRANSFORMER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--heap-growing-percent=50']

/** Environment of every transformer process, with {@link TRANSFORMER_NODE_FLAGS}. */
export const TRANSFORMER_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' }
