import { parseArgs } from 'node:util'
import { kafkaVariables, loadConfig, mappingVariables } from '@listing-sync/config'
import { AvroRegistry, createKafka, kafkaSecurity } from '@listing-sync/kafka'
import { createLogger } from '@listing-sync/observability'
import { stdout, type Output } from '../output.js'
import { previewListing } from '../preview/listing-preview.js'
import { formatPreview } from '../preview/render-preview.js'

const USAGE = 'usage: listing-sync preview --sku <sku> --marketplace <id> [--json]\n'

/**
 * `listing-sync preview --sku <sku> --marketplace <id> [--json]`: what the current manifest in
 * MAPPINGS_DIR makes of the SKU's newest canonical record, whether it validates, and how it
 * differs from what was last published to listing.<id>.v1. Publishes nothing. `--json` prints one
 * object {sku, marketplace, productType, valid, problems, payload, lastPublished, diff, …}.
 */
export async function runPreview(args: readonly string[], env: Record<string, string | undefined> = process.env, out: Output = stdout): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { sku: { type: 'string' }, marketplace: { type: 'string' }, json: { type: 'boolean', default: false } },
  })
  if (!values.sku || !values.marketplace) {
    process.stderr.write(USAGE)
    return 2
  }
  const config = loadConfig({ ...kafkaVariables, ...mappingVariables }, env)
  // Log lines go to stderr: stdout carries the preview, which --json callers parse.
  const log = createLogger({ service: 'preview', level: 'warn', destination: process.stderr })
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-preview`, log, security: kafkaSecurity(config) })
  const registry = new AvroRegistry(config.SCHEMA_REGISTRY_URL)
  const preview = await previewListing({ kafka, registry, mappingsDir: config.MAPPINGS_DIR }, values.sku, values.marketplace)
  out(values.json ? `${JSON.stringify(preview)}\n` : `${formatPreview(preview).join('\n')}\n`)
  return 0
}
