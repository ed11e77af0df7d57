// The operations console: marketplace status, the inbox of dead letters and invalid products with
// replay and discard, a trace per SKU and the preview, in the browser behind a token sign-in.
import { createConsoleApp } from './console-app.js'
import { loadConsoleConfig } from './console-config.js'

const config = loadConsoleConfig()
const consoleApp = await createConsoleApp(config)
await consoleApp.http.listen(config.HOST, config.CONSOLE_PORT)
await consoleApp.start()
