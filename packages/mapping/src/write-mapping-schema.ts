// Rewrites mappings/mapping.schema.json from the transform registry:
//   npx tsx packages/mapping/src/write-mapping-schema.ts
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildMappingSchema } from './manifest-schema.js'

/** Where the published schema lives. */
export const MAPPING_SCHEMA_FILE = fileURLToPath(new URL('../../../mappings/mapping.schema.json', import.meta.url))

/** The schema file's exact text. */
export function mappingSchemaText(): string {
  return `${JSON.stringify(buildMappingSchema(), null, 2)}\n`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(MAPPING_SCHEMA_FILE, mappingSchemaText())
  console.log(`wrote ${MAPPING_SCHEMA_FILE}`)
}
