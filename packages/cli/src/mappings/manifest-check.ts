import { dirname, isAbsolute, relative, resolve } from 'node:path'
import { loadValidatedMapping, type ManifestProblem } from '@listing-sync/mapping'

/** What checking one manifest file found: what it maps, or every problem. */
export type ManifestCheck =
  | { readonly file: string; readonly ok: true; readonly marketplace: string; readonly version: string; readonly ruleCount: number; readonly productTypes: readonly string[] }
  | { readonly file: string; readonly ok: false; readonly problems: readonly ManifestProblem[] }

/**
 * Checks manifest files as the transformer loads them: the manifest against mapping.schema.json
 * and the semantic rules, then the validation it names (product type schemas, B2B attributes
 * file). Two manifests of one folder that map the same marketplace are a problem too, since the
 * transformer would serve only one of them.
 */
export async function checkManifests(files: readonly string[]): Promise<ManifestCheck[]> {
  const checks: ManifestCheck[] = []
  // Marketplace per folder, and the file that maps it there.
  const mapped = new Map<string, string>()
  for (const file of [...new Set(files.map((name) => resolve(name)))]) {
    const loaded = await loadValidatedMapping(file)
    if (!loaded.ok) {
      checks.push({ file, ok: false, problems: loaded.problems })
      continue
    }
    const { marketplace, version, ruleCount, productTypes } = loaded.mapping
    const key = `${dirname(file)}\u0000${marketplace}`
    const other = mapped.get(key)
    if (other !== undefined) {
      checks.push({ file, ok: false, problems: [{ path: '/marketplace', message: `${relative(dirname(file), other)} in the same folder maps this marketplace too`, value: marketplace }] })
      continue
    }
    mapped.set(key, file)
    checks.push({ file, ok: true, marketplace, version, ruleCount, productTypes })
  }
  return checks
}

/** The report of a check, one line per file and one per problem, for a person to read. */
export function formatManifestChecks(checks: readonly ManifestCheck[], cwd = process.cwd()): string[] {
  const lines: string[] = []
  for (const check of checks) {
    const name = displayPath(check.file, cwd)
    if (check.ok) {
      lines.push(`OK    ${name}: ${check.marketplace} ${check.version}, ${check.ruleCount} rules, product types: ${check.productTypes.join(', ')}`)
      continue
    }
    lines.push(`FAIL  ${name}: ${check.problems.length} problem${check.problems.length === 1 ? '' : 's'}`)
    // In manifest order, so the problems of one rule stand together (numeric: /rules/2 before /rules/10).
    const ordered = [...check.problems].sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }))
    for (const problem of ordered) {
      lines.push(`  ${problem.path}: ${problem.message}${problem.value === undefined ? '' : ` (value: ${shortJson(problem.value)})`}`)
    }
  }
  const failed = checks.filter((check) => !check.ok).length
  lines.push(failed === 0 ? `${checks.length} manifest${checks.length === 1 ? '' : 's'} OK` : `${failed} of ${checks.length} manifest${checks.length === 1 ? '' : 's'} with problems`)
  return lines
}

const MAX_VALUE_CHARS = 120

/** A value as compact JSON, cut short: a whole rule or manifest would bury the problem. */
function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text
}

/** A path relative to the working directory when it lies inside it, else as it is. */
function displayPath(file: string, cwd: string): string {
  const inside = relative(cwd, file)
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : file
}
