import { kafkaVariables, loadConfig, marketplaceVariables } from '@listing-sync/config'
import { kafkaSecurity, provisionCluster } from '@listing-sync/kafka'
import { stdout, type Output } from '../output.js'

/**
 * `listing-sync provision`: creates every topic of the topology on the cluster KAFKA_BROKERS names
 * and registers every schema in SCHEMA_REGISTRY_URL, as `stack up` does for the local stack. Safe
 * to run on every deployment (docker-compose's one-shot service, a Helm hook): existing topics get
 * their declared configs again, a topic with fewer partitions than declared is refused.
 */
export async function runProvision(env: Record<string, string | undefined> = process.env, out: Output = stdout): Promise<number> {
  const config = loadConfig({ ...kafkaVariables, ...marketplaceVariables }, env)
  const result = await provisionCluster(
    { brokers: config.KAFKA_BROKERS, registryUrl: config.SCHEMA_REGISTRY_URL, clientId: `${config.KAFKA_CLIENT_ID}-provision`, security: kafkaSecurity(config) },
    config.MARKETPLACES,
  )
  out(`topics: ${result.created.length} created (${result.created.join(', ') || '-'}), ${result.existing.length} present; schemas registered: ${result.schemaIds.size}\n`)
  return 0
}
