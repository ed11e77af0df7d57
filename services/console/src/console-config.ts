import { z } from 'zod'
import { httpVariables, kafkaVariables, loadConfig, logVariables, mappingVariables, marketplaceVariables } from '@listing-sync/config'

const urlList = z
  .string()
  .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
  .pipe(z.array(z.url({ error: 'must be a list of http(s) URLs, comma-separated' })))

/** Everything the operations console reads from the environment. */
export const consoleVariables = {
  ...kafkaVariables,
  ...logVariables,
  ...marketplaceVariables,
  ...mappingVariables,
  ...httpVariables('CONSOLE_PORT', 8085),
  CONSOLE_TOKEN: z
    .string({ error: 'is required: the token operators sign in with (a secret, 24+ characters)' })
    .min(24, 'must be at least 24 characters: it is the only thing between the network and replay/discard')
    .describe('Operator token for signing in to the console, or as Authorization: Bearer for scripts (a secret)'),
  CONSOLE_SESSION_HOURS: z.coerce.number().positive().max(168).default(12).describe('How long a console sign-in lasts'),
  CONSOLE_METRICS_URLS: urlList
    .default([])
    .describe("The dispatchers' /metrics URLs, comma-separated: their call counters show failing calls within seconds (without them, only dead letters do)"),
  CONSOLE_SAMPLE_MS: z.coerce.number().int().min(500).default(2000).describe('How often marketplace status (queue depth, failing calls) is sampled'),
} as const

export type ConsoleConfig = ReturnType<typeof loadConsoleConfig>

export function loadConsoleConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(consoleVariables, env)
}
