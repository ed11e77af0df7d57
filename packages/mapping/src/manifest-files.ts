import { readdirSync } from 'node:fs'
import { join } from 'node:path'

// A manifest is named after its marketplace, `<marketplace>.json`; mapping.schema.json (a dot in
// the name) and the product-types/ folder beside the manifests are not manifests.
const MANIFEST_FILE = /^[a-z][a-z0-9-]*\.json$/

/** True when a file name is that of a marketplace manifest. */
export function isManifestFileName(name: string): boolean {
  return MANIFEST_FILE.test(name)
}

/**
 * The manifest files of a mappings folder, full paths in name order: what the transformer loads,
 * what `listing-sync mappings check` checks by default and what `preview` picks a marketplace from.
 */
export function manifestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && isManifestFileName(entry.name))
    .map((entry) => join(dir, entry.name))
    .sort()
}
