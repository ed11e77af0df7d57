// The ingest service: receives Magento webhooks, records each change on the broker before
// answering, enriches it into a canonical ProductChanged and runs the optional reconcile loop.
import { createIngestApp } from './ingest-app.js'
import { loadIngestConfig } from './ingest-config.js'

const config = loadIngestConfig()
const ingest = await createIngestApp(config)
await ingest.http.listen(config.HOST, config.INGEST_PORT)
await ingest.start()
