import { setTimeout as sleep } from 'node:timers/promises'
import type { Admin } from 'kafkajs'
import { LS_ERR_KAFKA_TOPIC_MISMATCH } from '@listing-sync/errors'
import type { TopicSpec } from './topics.js'

/** What {@link ensureTopics} did. */
export interface EnsureTopicsResult {
  readonly created: string[]
  readonly existing: string[]
}

// kafkajs ConfigResourceTypes.TOPIC; imported by value it drags a CommonJS default into ESM.
const TOPIC_RESOURCE = 2

/**
 * Creates missing topics and re-applies declared configs to existing ones, so a deployment converges
 * on the declaration. Refuses a topic with fewer partitions than declared: adding partitions would
 * move SKUs between partitions and break per-SKU order, so it is a decision for a person.
 */
export async function ensureTopics(admin: Admin, specs: readonly TopicSpec[]): Promise<EnsureTopicsResult> {
  const present = new Set(await admin.listTopics())
  const missing = specs.filter((spec) => !present.has(spec.name))
  const existing = specs.filter((spec) => present.has(spec.name))

  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: false,
      topics: missing.map((spec) => ({
        topic: spec.name,
        numPartitions: spec.partitions,
        replicationFactor: -1, // the broker default: 1 locally, 3 on a production cluster
        configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
      })),
    })
    await waitForLeaders(admin, missing.map((spec) => spec.name))
  }

  if (existing.length > 0) {
    const metadata = await admin.fetchTopicMetadata({ topics: existing.map((spec) => spec.name) })
    for (const spec of existing) {
      const actual = metadata.topics.find((topic) => topic.name === spec.name)?.partitions.length ?? 0
      if (actual !== spec.partitions) throw LS_ERR_KAFKA_TOPIC_MISMATCH(spec.name, actual, spec.partitions)
    }
    await admin.alterConfigs({
      validateOnly: false,
      resources: existing.map((spec) => ({
        type: TOPIC_RESOURCE,
        name: spec.name,
        configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
      })),
    })
  }
  return { created: missing.map((spec) => spec.name), existing: existing.map((spec) => spec.name) }
}

/**
 * Waits until every partition of the topics has a leader. kafkajs' own wait (createTopics with
 * waitForLeaders) gives up on UNKNOWN_TOPIC_OR_PARTITION, which a KRaft broker answers for a moment
 * after the creation while its metadata catches up; here that and any other retriable answer is
 * asked again, for up to `timeoutMs`.
 */
async function waitForLeaders(admin: Admin, topics: readonly string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [...topics] })
      if (metadata.topics.length === topics.length && metadata.topics.every((topic) => topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0))) return
    } catch (error) {
      if ((error as { retriable?: unknown }).retriable !== true || Date.now() > deadline) throw error
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for the leaders of ${topics.join(', ')}`)
    await sleep(100)
  }
}
