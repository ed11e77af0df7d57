import { parseArgs } from 'node:util'
import { loadConfig, mappingVariables } from '@listing-sync/config'
import { manifestFiles } from '@listing-sync/mapping'
import { checkManifests, formatManifestChecks } from '../mappings/manifest-check.js'
import { stdout, type Output } from '../output.js'

const USAGE = 'usage: listing-sync mappings check [file...]\n'

/**
 * `listing-sync mappings check [file...]`: validates the named manifests, or every manifest in
 * MAPPINGS_DIR, as the transformer would load them; prints what each maps or every problem with
 * its JSON path and offending value. Exits 1 when any file has a problem, so CI can gate on it.
 */
export async function runMappings(args: readonly string[], env: Record<string, string | undefined> = process.env, out: Output = stdout): Promise<number> {
  const { positionals } = parseArgs({ args: [...args], allowPositionals: true, options: {} })
  const [subcommand, ...files] = positionals
  if (subcommand !== 'check') {
    process.stderr.write(USAGE)
    return 2
  }
  let targets = files
  if (targets.length === 0) {
    const { MAPPINGS_DIR } = loadConfig(mappingVariables, env)
    targets = manifestFiles(MAPPINGS_DIR)
    if (targets.length === 0) {
      out(`no manifest (<marketplace>.json) in ${MAPPINGS_DIR}\n`)
      return 1
    }
  }
  const checks = await checkManifests(targets)
  out(`${formatManifestChecks(checks).join('\n')}\n`)
  return checks.every((check) => check.ok) ? 0 : 1
}
