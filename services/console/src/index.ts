// The operations console: status, inbox, SKU trace and preview in the browser.
export { createConsoleApp } from './console-app.js'
export type { ConsoleApp } from './console-app.js'
export { consoleVariables, loadConsoleConfig } from './console-config.js'
export type { ConsoleConfig } from './console-config.js'
