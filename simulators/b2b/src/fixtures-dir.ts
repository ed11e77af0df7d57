import { fileURLToPath } from 'node:url'

/**
 * The shared fixtures folder: `LISTING_SYNC_FIXTURES_DIR` if set, else `../shared/fixtures` beside
 * the repository root, found from this file's own location so the working directory does not matter.
 * The simulator's tests read the Mirakl spec and examples there, in place, never copied.
 */
export function fixturesDir(env: Record<string, string | undefined> = process.env): string {
  const override = env.LISTING_SYNC_FIXTURES_DIR
  if (override) return override
  // This file is <repo>/simulators/b2b/src/fixtures-dir.ts, so four levels up is <repo>/..
  return fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url))
}
