// The ingest service: receives Magento webhooks and publishes ProductChanged events.
// TODO(#3): webhook routes, normalisation, publishing, backfill and reconcile.
import { httpVariables, kafkaVariables, loadConfig, logVariables } from '@listing-sync/config'
import { connectPipeline, createHttpService } from '@listing-sync/service'

const config = loadConfig({ ...kafkaVariables, ...logVariables, ...httpVariables('INGEST_PORT', 8080) })
const http = createHttpService({ name: 'ingest', logLevel: config.LOG_LEVEL })
const pipeline = await connectPipeline('ingest', config, http.log)
http.addReadinessChecks(pipeline.checks)
http.app.addHook('onClose', () => pipeline.close())
await http.listen(config.HOST, config.INGEST_PORT)
