// The dispatcher service: delivers listings to one marketplace.
// TODO(#5): the listing consumer, rate budget, retries, dead letters and marketplace adapters.
import { httpVariables, kafkaVariables, loadConfig, logVariables } from '@listing-sync/config'
import { connectPipeline, createHttpService } from '@listing-sync/service'

const config = loadConfig({ ...kafkaVariables, ...logVariables, ...httpVariables('DISPATCHER_PORT', 8083) })
const http = createHttpService({ name: 'dispatcher', logLevel: config.LOG_LEVEL })
const pipeline = await connectPipeline('dispatcher', config, http.log)
http.addReadinessChecks(pipeline.checks)
http.app.addHook('onClose', () => pipeline.close())
await http.listen(config.HOST, config.DISPATCHER_PORT)
