// `npm run bench -- consistency`: checks the running stack (`npm start`, default URLs; the same
// variables as the services override them) and writes bench/results/consistency.json. Exits 1 when
// a SKU is stale, missing or unexpected.
import { endpointVariables, kafkaVariables, loadConfig, logVariables, mappingVariables } from '@listing-sync/config'
import { dispatcherVariables } from '@listing-sync/dispatcher'
import { ingestVariables } from '@listing-sync/ingest'
import { AvroRegistry, createKafka } from '@listing-sync/kafka'
import { createLogger } from '@listing-sync/observability'
import { machine, writeResult } from '../support.js'
import { checkConsistency, CONSISTENCY_CLASSES } from './consistency-check.js'

const variables = {
  ...kafkaVariables,
  ...logVariables,
  ...mappingVariables,
  MAGENTO_BASE_URL: ingestVariables.MAGENTO_BASE_URL,
  MAGENTO_TOKEN: ingestVariables.MAGENTO_TOKEN,
  MAGENTO_STORE_CODE: ingestVariables.MAGENTO_STORE_CODE,
  MAGENTO_CURRENCY: ingestVariables.MAGENTO_CURRENCY,
  MAGENTO_WEIGHT_UNIT: ingestVariables.MAGENTO_WEIGHT_UNIT,
  MAGENTO_MEDIA_BASE_URL: ingestVariables.MAGENTO_MEDIA_BASE_URL,
  AMAZON_SP_API_ENDPOINT: endpointVariables.AMAZON_SP_API_ENDPOINT,
  AMAZON_SELLER_ID: dispatcherVariables.AMAZON_SELLER_ID,
  B2B_API_URL: endpointVariables.B2B_API_URL,
  B2B_SHOP_ID: dispatcherVariables.B2B_SHOP_ID,
}

export async function run() {
  const config = loadConfig(variables, { LOG_LEVEL: 'warn', ...process.env })
  const log = createLogger({ service: 'bench-consistency', level: config.LOG_LEVEL })
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'bench-consistency', log })
  const report = await checkConsistency({
    magento: config,
    targets: [
      { kind: 'amazon', marketplace: 'amazon', url: config.AMAZON_SP_API_ENDPOINT, sellerId: config.AMAZON_SELLER_ID },
      { kind: 'mirakl', marketplace: 'b2b', url: config.B2B_API_URL, shopId: config.B2B_SHOP_ID },
    ],
    mappingsDir: config.MAPPINGS_DIR,
    kafka,
    registry: new AvroRegistry(config.SCHEMA_REGISTRY_URL),
    log,
  })
  const result = { benchmark: 'consistency', machine: machine(), ...report }
  await writeResult(result)
  console.log(`${report.magentoProducts} Magento products checked in ${report.durationMs} ms`)
  console.table(Object.fromEntries(report.marketplaces.map((result) => [result.marketplace, result.counts])))
  for (const result of report.marketplaces) {
    for (const kind of CONSISTENCY_CLASSES) {
      if (kind === 'consistent') continue
      for (const finding of result.samples[kind].slice(0, 3)) console.log(`${result.marketplace} ${kind} ${finding.sku}: ${finding.differences?.join(' | ') ?? finding.reason ?? ''}`)
    }
  }
  const inconsistent = report.marketplaces.some((result) => result.counts.stale + result.counts.missing + result.counts.unexpected > 0)
  if (inconsistent) process.exitCode = 1
}
