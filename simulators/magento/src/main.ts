// Simulator of the Magento 2 REST and webhook sender.
// TODO(#3): the API, faithful to the specs in ../shared/fixtures, and /_sim/state, /_sim/stats, /_sim/faults.
import { httpVariables, loadConfig, logVariables } from '@listing-sync/config'
import { createHttpService } from '@listing-sync/service'

const config = loadConfig({ ...logVariables, ...httpVariables('PORT', 9001) })
const http = createHttpService({ name: 'magento-simulator', logLevel: config.LOG_LEVEL })
await http.listen(config.HOST, config.PORT)
