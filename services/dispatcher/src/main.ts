// The dispatcher service: delivers listing.<marketplace>.v1 to one marketplace, in order, paced to
// its limits, retrying transient failures and dead-lettering the rest.
import { createDispatcherApp } from './dispatcher-app.js'
import { loadDispatcherConfig } from './dispatcher-config.js'

const config = loadDispatcherConfig()
const dispatcher = await createDispatcherApp(config)
await dispatcher.http.listen(config.HOST, config.DISPATCHER_PORT)
await dispatcher.start()
