import { execFile } from 'node:child_process'
import { access } from 'node:fs/promises'
import { constants } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

/** Where scripts/install-tools.sh puts helm and hadolint. */
const TOOLS_BIN = join(process.env.LISTING_SYNC_TOOLS_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'listing-sync', 'tools'), 'bin')

/**
 * The command to run a deployment tool: the one on PATH, else the one scripts/install-tools.sh
 * installed. Throws saying how to get it: the deployment checks never skip.
 */
export async function toolPath(name: 'helm' | 'hadolint'): Promise<string> {
  if (await promisify(execFile)(name, ['--version']).then(() => true, () => false)) return name
  const installed = join(TOOLS_BIN, name)
  if (await access(installed, constants.X_OK).then(() => true, () => false)) return installed
  throw new Error(`${name} not found on PATH or in ${TOOLS_BIN}: run scripts/install-tools.sh (.ci/run does)`)
}
