import { Kafka, logLevel, type Admin } from 'kafkajs'
import { AvroRegistry } from './avro-registry.js'
import type { KafkaSecurity } from './kafka-security.js'
import { ensureTopics, type EnsureTopicsResult } from './topic-admin.js'
import { topicCatalog } from './topics.js'

/** What {@link provisionTopology} did. */
export interface ProvisionResult extends EnsureTopicsResult {
  /** Schema id registered per Avro topic. */
  readonly schemaIds: ReadonlyMap<string, number>
}

/** Creates every topic of the topology and registers every schema: safe to run on each start. */
export async function provisionTopology(admin: Admin, registry: AvroRegistry, marketplaces: readonly string[]): Promise<ProvisionResult> {
  const specs = topicCatalog(marketplaces)
  const topics = await ensureTopics(admin, specs)
  const schemaIds = await registry.registerTopicSchemas(specs)
  return { ...topics, schemaIds }
}

/** Connects to a cluster and its registry just long enough to provision them (stack up, `listing-sync provision`, test setup). */
export async function provisionCluster(
  cluster: { readonly brokers: readonly string[]; readonly registryUrl: string; readonly clientId: string; readonly security?: KafkaSecurity },
  marketplaces: readonly string[],
): Promise<ProvisionResult> {
  const admin = new Kafka({ brokers: [...cluster.brokers], clientId: cluster.clientId, logLevel: logLevel.NOTHING, ...cluster.security }).admin()
  await admin.connect()
  try {
    return await provisionTopology(admin, new AvroRegistry(cluster.registryUrl), marketplaces)
  } finally {
    await admin.disconnect()
  }
}
