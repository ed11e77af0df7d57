export { loadConfig } from './load-config.js'
export type { ConfigProblem } from './load-config.js'
export { endpointVariables, httpVariables, kafkaVariables, logVariables, marketplaceVariables } from './variables.js'
