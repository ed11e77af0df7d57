// The transformer service: maps canonical products to per-marketplace listings.
// TODO(#4): the catalog consumer, mapping engine and listing producers.
import { httpVariables, kafkaVariables, loadConfig, logVariables } from '@listing-sync/config'
import { connectPipeline, createHttpService } from '@listing-sync/service'

const config = loadConfig({ ...kafkaVariables, ...logVariables, ...httpVariables('TRANSFORMER_PORT', 8082) })
const http = createHttpService({ name: 'transformer', logLevel: config.LOG_LEVEL })
const pipeline = await connectPipeline('transformer', config, http.log)
http.addReadinessChecks(pipeline.checks)
http.app.addHook('onClose', () => pipeline.close())
await http.listen(config.HOST, config.TRANSFORMER_PORT)
