import type { Admin } from 'kafkajs'
import type { AvroRegistry } from './avro-registry.js'
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
