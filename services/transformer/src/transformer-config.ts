import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { httpVariables, kafkaVariables, loadConfig, logVariables } from '@listing-sync/config'

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
} as const

export type TransformerConfig = ReturnType<typeof loadTransformerConfig>

/** Loads and validates the transformer's configuration; throws listing every problem. */
export function loadTransformerConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(transformerVariables, env)
}
