// Simulator of the Mirakl seller API of the B2B marketplace: OF24/OF02/OF03/OF21, P41/P42, PM11/VL11,
// Mirakl's call frequencies, and /_sim control endpoints. See README "Ports" and simulators/b2b/README.md.
import { httpVariables, loadConfig, logVariables } from '@listing-sync/config'
import { createB2bSimulator } from './app.js'
import { b2bSimulatorVariables } from './simulator-config.js'

const config = loadConfig({ ...logVariables, ...httpVariables('PORT', 9003), ...b2bSimulatorVariables })
const simulator = createB2bSimulator({
  apiKey: config.B2B_SIM_API_KEY,
  shopIds: config.B2B_SIM_SHOP_IDS,
  importStepMs: config.B2B_SIM_IMPORT_STEP_MS,
  ...(config.B2B_SIM_RATE_LIMITS !== undefined ? { rateLimits: config.B2B_SIM_RATE_LIMITS } : {}),
  offersRequireProduct: config.B2B_SIM_OFFERS_REQUIRE_PRODUCT,
  ...(config.B2B_SIM_ATTRIBUTES_FILE !== undefined ? { attributesFile: config.B2B_SIM_ATTRIBUTES_FILE } : {}),
  currency: config.B2B_SIM_CURRENCY,
  logLevel: config.LOG_LEVEL,
})
await simulator.listen(config.HOST, config.PORT)
