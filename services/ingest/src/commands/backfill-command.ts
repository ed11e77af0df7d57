import { parseArgs } from 'node:util'
import { createLogger, createMetricsRegistry } from '@listing-sync/observability'
import { loadIngestConfig } from '../ingest-config.js'
import { createIngestCore } from '../ingest-core.js'
import { runBackfill, type BackfillProgress } from '../pipeline/backfill.js'

/**
 * `listing-sync backfill [--restart] [--page-size N]`: publishes the whole Magento catalog to
 * catalog.product.v1, resuming an interrupted run unless --restart. Progress goes to stderr.
 */
export async function runBackfillCommand(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { restart: { type: 'boolean', default: false }, 'page-size': { type: 'string', default: '300' } },
  })
  const pageSize = Number(values['page-size'])
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 10_000) {
    process.stderr.write('--page-size must be a whole number from 1 to 10000\n')
    return 2
  }
  const config = loadIngestConfig()
  // Progress is for the person at the terminal; the log keeps warnings and errors only.
  const log = createLogger({ service: 'backfill', level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL })
  const core = await createIngestCore(config, log, createMetricsRegistry('backfill'))
  try {
    const { publisher, cursors } = await core.parts
    await core.warmCaches()
    const result = await runBackfill({
      client: core.client,
      context: core.context,
      publisher,
      cursors,
      metrics: core.metrics,
      log,
      storeCode: config.MAGENTO_STORE_CODE,
      pageSize,
      restart: values.restart,
      onProgress: (progress) => process.stderr.write(`\r${progressLine(progress)}`),
    })
    process.stderr.write(`\r${progressLine(result)}\n`)
    process.stdout.write(`backfill done: ${result.published} products published, ${result.rejected} rejected, in ${(result.elapsedMs / 1000).toFixed(2)} s\n`)
    return result.rejected > 0 ? 1 : 0
  } finally {
    await core.close()
  }
}

function progressLine(p: BackfillProgress): string {
  const width = 30
  const done = Math.round((p.page / p.pages) * width)
  const rate = p.elapsedMs > 0 ? Math.round((p.published / p.elapsedMs) * 1000) : 0
  return `[${'#'.repeat(done)}${'.'.repeat(width - done)}] page ${p.page}/${p.pages}  ${p.published}/${p.totalCount} products  ${rate}/s`
}
