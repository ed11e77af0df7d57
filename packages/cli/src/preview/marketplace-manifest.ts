import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { LS_ERR_MAPPING_DUPLICATE_MARKETPLACE, LS_ERR_MAPPING_MANIFEST_INVALID, LS_ERR_MAPPING_MARKETPLACE_UNKNOWN } from '@listing-sync/errors'
import { loadValidatedMapping, manifestFiles, type MarketplaceMapping } from '@listing-sync/mapping'

/**
 * The current validated mapping of one marketplace from a mappings folder, loaded as the
 * transformer loads it. Only that marketplace's manifest is compiled: the others are read just for
 * the marketplace they name (a file that is not JSON counts as `<name>.json`, the convention).
 * Throws naming the known marketplaces when none maps it, or every problem when its manifest is invalid.
 */
export async function loadMarketplaceMapping(dir: string, marketplace: string): Promise<MarketplaceMapping> {
  const named = manifestFiles(dir).map((file) => ({ file, marketplace: declaredMarketplace(file) }))
  const matching = named.filter((entry) => entry.marketplace === marketplace)
  if (matching.length === 0) {
    const known = [...new Set(named.map((entry) => entry.marketplace))].sort()
    throw LS_ERR_MAPPING_MARKETPLACE_UNKNOWN(marketplace, dir, known.join(', ') || 'none')
  }
  if (matching.length > 1) throw LS_ERR_MAPPING_DUPLICATE_MARKETPLACE(marketplace, basename(matching[0]!.file), basename(matching[1]!.file))
  const { file } = matching[0]!
  const loaded = await loadValidatedMapping(file)
  if (!loaded.ok) {
    throw LS_ERR_MAPPING_MANIFEST_INVALID.with({ details: loaded.problems }, file, loaded.problems.map((problem) => `  ${problem.path}: ${problem.message}`).join('\n'))
  }
  return loaded.mapping
}

function declaredMarketplace(file: string): string {
  try {
    const { marketplace } = JSON.parse(readFileSync(file, 'utf8')) as { marketplace?: unknown }
    if (typeof marketplace === 'string') return marketplace
  } catch {
    // Unreadable or not JSON: loading it reports why; the file name says which marketplace it is for.
  }
  return basename(file, '.json')
}
