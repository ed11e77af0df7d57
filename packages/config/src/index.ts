export { loadConfig } from './load-config.js'
export type { ConfigProblem } from './load-config.js'
export { endpointVariables, httpVariables, kafkaVariables, logVariables, mappingVariables, marketplaceVariables } from './variables.js'
