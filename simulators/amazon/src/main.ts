// Simulator of the Amazon SP-API (LWA, Listings Items, Product Type Definitions).
// TODO(#5): the API, faithful to the specs in ../shared/fixtures, and /_sim/state, /_sim/stats, /_sim/faults.
import { httpVariables, loadConfig, logVariables } from '@listing-sync/config'
import { createHttpService } from '@listing-sync/service'

const config = loadConfig({ ...logVariables, ...httpVariables('PORT', 9002) })
const http = createHttpService({ name: 'amazon-simulator', logLevel: config.LOG_LEVEL })
await http.listen(config.HOST, config.PORT)
