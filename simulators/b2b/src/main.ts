// Simulator of the Mirakl seller API of the B2B marketplace.
// TODO(#5): the API, faithful to the specs in ../shared/fixtures, and /_sim/state, /_sim/stats, /_sim/faults.
import { httpVariables, loadConfig, logVariables } from '@listing-sync/config'
import { createHttpService } from '@listing-sync/service'

const config = loadConfig({ ...logVariables, ...httpVariables('PORT', 9003) })
const http = createHttpService({ name: 'b2b-simulator', logLevel: config.LOG_LEVEL })
await http.listen(config.HOST, config.PORT)
