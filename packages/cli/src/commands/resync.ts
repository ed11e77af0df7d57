import { parseArgs } from 'node:util'
import { kafkaVariables, loadConfig, logVariables, mappingVariables } from '@listing-sync/config'
import { isAppError, LS_ERR_MAPPING_MARKETPLACE_UNKNOWN } from '@listing-sync/errors'
import { createLogger, progressBar } from '@listing-sync/observability'
import { DECISION_OUTCOMES, resyncMarketplace, type ResyncProgress, type ResyncSummary } from '@listing-sync/transformer'
import { stdout, type Output } from '../output.js'
import { loadMarketplaceMapping } from '../preview/marketplace-manifest.js'

const USAGE = 'usage: listing-sync resync --marketplace <id>\n'

/**
 * `listing-sync resync --marketplace <id>`: re-maps the whole catalog.product.v1 with the
 * marketplace's current manifest in MAPPINGS_DIR (e.g. after a manifest change) and publishes what
 * changed, deciding every record as the transformer does; no transformer needs to run. Progress
 * goes to stderr, the summary to stdout. Exits 2 for an unknown marketplace, 1 when a publish fails;
 * it returns only once every publish is acknowledged.
 */
export async function runResync(args: readonly string[], env: Record<string, string | undefined> = process.env, out: Output = stdout): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { marketplace: { type: 'string' } } })
  if (!values.marketplace) {
    process.stderr.write(USAGE)
    return 2
  }
  const config = loadConfig({ ...kafkaVariables, ...logVariables, ...mappingVariables }, env)
  let mapping
  try {
    mapping = await loadMarketplaceMapping(config.MAPPINGS_DIR, values.marketplace)
  } catch (error) {
    if (!isAppError(error, LS_ERR_MAPPING_MARKETPLACE_UNKNOWN)) throw error
    process.stderr.write(`listing-sync: ${error.message}\n`)
    return 2
  }
  // Progress is for the person at the terminal; the log keeps errors. A product that cannot be
  // listed is counted in the summary, and its problems are on listing.<id>.invalid.
  const log = createLogger({ service: 'resync', level: config.LOG_LEVEL === 'info' ? 'error' : config.LOG_LEVEL, destination: process.stderr })
  let last: ResyncProgress | undefined
  const summary = await resyncMarketplace(config, mapping, {
    log,
    onProgress: (progress) => {
      last = progress
      process.stderr.write(`\r${progressLine(mapping.marketplace, progress).padEnd(80)}`)
    },
  })
  if (last) process.stderr.write('\n')
  out(`${summaryLine(summary)}\n`)
  return 0
}

function progressLine(marketplace: string, p: ResyncProgress): string {
  if (p.phase === 'listings') return `loading the last published listings of ${marketplace}…`
  const rate = p.elapsedMs > 0 ? Math.round((p.read / p.elapsedMs) * 1000) : 0
  const state = p.phase === 'acknowledging' ? 'waiting for the broker' : `${rate}/s`
  return `${progressBar(p.total === 0 ? 1 : p.position / p.total)} ${p.read} records  published ${p.outcomes.published}  ${state}`
}

function summaryLine(s: ResyncSummary): string {
  const counts = [`${s.read} read`, ...DECISION_OUTCOMES.map((outcome) => `${s.outcomes[outcome]} ${outcome}`), ...(s.skipped > 0 ? [`${s.skipped} skipped`] : [])]
  return `resync ${s.marketplace} (manifest ${s.manifestVersion}): ${counts.join(', ')} in ${(s.elapsedMs / 1000).toFixed(1)} s`
}
