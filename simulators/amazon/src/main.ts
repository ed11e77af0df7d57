// Amazon SP-API simulator: LWA, Listings Items 2021-08-01 and Product Type Definitions 2020-09-01
// with the official per-operation rate limits, and /_sim control endpoints. See README "Ports".
import { httpVariables, loadConfig, logVariables } from '@listing-sync/config'
import { createAmazonSimulator } from './app.js'
import { fixturesDir } from './fixtures-dir.js'
import { amazonSimulatorVariables } from './simulator-config.js'

const config = loadConfig({ ...logVariables, ...httpVariables('PORT', 9002), ...amazonSimulatorVariables })
const simulator = createAmazonSimulator({
  fixturesDir: config.LISTING_SYNC_FIXTURES_DIR ?? fixturesDir(),
  productTypesDir: config.AMAZON_SIM_PRODUCT_TYPES_DIR,
  credentials: { clientId: config.AMAZON_LWA_CLIENT_ID, clientSecret: config.AMAZON_LWA_CLIENT_SECRET, refreshToken: config.AMAZON_LWA_REFRESH_TOKEN },
  tokenTtlSeconds: config.AMAZON_SIM_TOKEN_TTL_SECONDS,
  marketplaceIds: config.AMAZON_SIM_MARKETPLACE_IDS,
  ...(config.AMAZON_SIM_SELLER_IDS ? { sellerIds: config.AMAZON_SIM_SELLER_IDS } : {}),
  rateLimits: config.AMAZON_SIM_RATE_LIMITS,
  ...(config.AMAZON_SIM_PUBLIC_URL ? { publicBaseUrl: config.AMAZON_SIM_PUBLIC_URL } : {}),
  logLevel: config.LOG_LEVEL,
})
await simulator.listen(config.HOST, config.PORT)
