// Magento 2 simulator: the Luma catalog over REST, signed Commerce webhooks on admin changes,
// and /_sim control endpoints. See README "Ports" and "Environment variables".
import { readFileSync } from 'node:fs'
import { httpVariables, loadConfig, logVariables } from '@listing-sync/config'
import { createMagentoSimulator } from './app.js'
import { growCatalog } from './catalog/catalog-growth.js'
import { loadSampleCatalog } from './catalog/sample-data-loader.js'
import { fixturesDir } from './fixtures-dir.js'
import { magentoSimulatorVariables, webhookUrlFrom } from './simulator-config.js'

const config = loadConfig({ ...logVariables, ...httpVariables('PORT', 9001), ...magentoSimulatorVariables })
const seed = loadSampleCatalog(config.LISTING_SYNC_FIXTURES_DIR ?? fixturesDir())
const simulator = createMagentoSimulator({
  seed: config.MAGENTO_SIM_CATALOG_SIZE === undefined ? seed : growCatalog(seed, config.MAGENTO_SIM_CATALOG_SIZE),
  token: config.MAGENTO_SIM_TOKEN,
  adminUsername: config.MAGENTO_SIM_ADMIN_USERNAME,
  adminPassword: config.MAGENTO_SIM_ADMIN_PASSWORD,
  webhookUrl: webhookUrlFrom(config.MAGENTO_WEBHOOK_URL),
  ...(config.MAGENTO_WEBHOOK_PRIVATE_KEY_FILE ? { webhookPrivateKeyPem: readFileSync(config.MAGENTO_WEBHOOK_PRIVATE_KEY_FILE, 'utf8') } : {}),
  webhookTimeoutMs: config.MAGENTO_WEBHOOK_TIMEOUT_MS,
  logLevel: config.LOG_LEVEL,
})
await simulator.listen(config.HOST, config.PORT)
