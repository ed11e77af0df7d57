import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { httpVariables, kafkaVariables, loadConfig, logVariables } from '@listing-sync/config'
import { spApiVariables } from '@listing-sync/sp-api'

/** Everything the transformer reads from the environment. */
export const transformerVariables = {
  ...kafkaVariables,
  ...logVariables,
  ...httpVariables('TRANSFORMER_PORT', 8082),
  MAPPINGS_DIR: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL('../../../mappings/', import.meta.url)))
    .describe('Folder of the marketplace manifests (<marketplace>.json); watched, changes apply without a restart'),
  AMAZON_PRODUCT_TYPE_SCHEMAS: z
    .enum(['files', 'api'], { error: 'must be files or api' })
    .default('files')
    .describe('Where Amazon product type schemas come from: files (those the manifest names) or api (the Product Type Definitions API, cached on disk and refreshed; the files are the last resort)'),
  ...spApiVariables,
  AMAZON_PRODUCT_TYPE_REFRESH_MS: z.coerce.number().int().min(1000).default(86_400_000).describe('With api schemas: how often the definitions are fetched again; a changed schema rebuilds the mapping'),
  AMAZON_PRODUCT_TYPE_CACHE_DIR: z
    .string()
    .min(1)
    .default(join(tmpdir(), 'listing-sync', 'product-type-schemas'))
    .describe('With api schemas: where the last fetched schema of each product type is kept, so a restart while Amazon is unreachable still validates (a persistent volume in production)'),
} as const

export type TransformerConfig = ReturnType<typeof loadTransformerConfig>

/** Loads and validates the transformer's configuration; throws listing every problem. */
export function loadTransformerConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(transformerVariables, env)
}
