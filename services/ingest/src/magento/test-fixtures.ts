// Test support: reads the shared, read-only fixtures (never copied into the repository).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import avro from 'avsc'
import { LOGICAL_TYPES } from '@listing-sync/kafka'

/** The shared fixtures folder: LISTING_SYNC_FIXTURES_DIR, else ../shared/fixtures beside the repository. */
export const FIXTURES_DIR = process.env.LISTING_SYNC_FIXTURES_DIR ?? fileURLToPath(new URL('../../../../../shared/fixtures/', import.meta.url))

/** Parses one JSON fixture by its path under the fixtures folder. */
export function readFixture(relative: string): unknown {
  return JSON.parse(readFileSync(path.join(FIXTURES_DIR, relative), 'utf8')) as unknown
}

/** The repository's schema of ProductChanged, parsed. */
export function readProductChangedSchema(): unknown {
  return JSON.parse(readFileSync(new URL('../../../../schemas/catalog/product-changed.avsc', import.meta.url), 'utf8')) as unknown
}

/** The Avro type of ProductChanged with the project's logical types (timestamp-millis as Date). */
export function productChangedType(): avro.Type {
  return avro.Type.forSchema(readProductChangedSchema() as avro.Schema, { logicalTypes: LOGICAL_TYPES })
}

/** Paths of every field of `value` that the Avro type refuses; empty when the value is valid. */
export function avroProblems(type: avro.Type, value: unknown): string[] {
  const paths: string[] = []
  type.isValid(value, { errorHook: (path) => paths.push(path.join('.') || '(root)') })
  return paths
}
