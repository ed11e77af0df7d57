/** A topic as this project declares it: the one place partitions and configs are set. */
export interface TopicSpec {
  readonly name: string
  readonly partitions: number
  /** Topic-level configs applied on create and re-applied on every `ensureTopics`. */
  readonly configs: Readonly<Record<string, string>>
  /** The `.avsc` file (relative to `schemas/`) registered for `<name>-value`, if the topic is Avro. */
  readonly valueSchema?: string
  readonly description: string
}

/** The canonical product topic other teams subscribe to. */
export const CATALOG_PRODUCT_TOPIC = 'catalog.product.v1'

/** Ingest's own topics: changes recorded before the webhook is answered, and loop cursors. */
export const INGEST_CHANGES_TOPIC = 'ingest.magento.changes.v1'
export const INGEST_CURSORS_TOPIC = 'ingest.cursors.v1'

/** The operations console's own state: the inbox entries operators discarded. */
export const CONSOLE_DISCARDS_TOPIC = 'console.inbox-discards.v1'

/** Names of the topics one marketplace owns. */
export function marketplaceTopicNames(marketplace: string) {
  return {
    listings: `listing.${marketplace}.v1`,
    invalid: `listing.${marketplace}.invalid`,
    deadLetters: `listing.${marketplace}.dlt`,
    results: `listing.${marketplace}.result.v1`,
  } as const
}

const DAY_MS = 24 * 60 * 60 * 1000

// Keyed-by-SKU state topics are compacted: the newest record per SKU is the truth, a new consumer
// can rebuild from them, and a delete is a tombstone. Partition counts bound consumer parallelism;
// 12 lets up to 12 replicas share a group and divides evenly for 2, 3, 4 and 6.
const KEYED_STATE = {
  'cleanup.policy': 'compact',
  // Tombstones stay a day so consumers that were down for a while still see deletes.
  'delete.retention.ms': String(DAY_MS),
  'min.insync.replicas': '1',
} as const

/** Every topic of the topology for the given marketplaces. */
export function topicCatalog(marketplaces: readonly string[]): TopicSpec[] {
  return [
    {
      name: CATALOG_PRODUCT_TOPIC,
      partitions: 12,
      configs: KEYED_STATE,
      valueSchema: 'catalog/product-changed.avsc',
      description: 'Full state of every Magento product, key = SKU, tombstone on delete',
    },
    {
      name: INGEST_CHANGES_TOPIC,
      partitions: 12,
      configs: { 'cleanup.policy': 'delete', 'retention.ms': String(7 * DAY_MS) },
      valueSchema: 'ingest/magento-change-received.avsc',
      description: 'Changes ingest accepted from Magento, before enrichment; key = SKU',
    },
    {
      name: INGEST_CURSORS_TOPIC,
      partitions: 1,
      configs: { 'cleanup.policy': 'compact' },
      valueSchema: 'ingest/sync-cursor.avsc',
      description: 'Reconcile and backfill progress, key = cursor name',
    },
    {
      name: CONSOLE_DISCARDS_TOPIC,
      partitions: 1,
      configs: { 'cleanup.policy': 'compact' },
      valueSchema: 'console/inbox-discard.avsc',
      description: 'Inbox entries (dead letters, .invalid records) an operator discarded in the console, key = entry id',
    },
    ...marketplaces.flatMap((marketplace): TopicSpec[] => {
      const names = marketplaceTopicNames(marketplace)
      return [
        {
          name: names.listings,
          partitions: 12,
          configs: KEYED_STATE,
          valueSchema: 'listing/listing-update.avsc',
          description: `Listing updates for ${marketplace}, key = SKU`,
        },
        {
          name: names.invalid,
          partitions: 3,
          configs: KEYED_STATE,
          valueSchema: 'listing/listing-rejected.avsc',
          description: `Products that cannot be listed on ${marketplace}, with every problem, key = SKU`,
        },
        {
          name: names.deadLetters,
          partitions: 3,
          configs: { 'cleanup.policy': 'delete', 'retention.ms': String(30 * DAY_MS) },
          description: `Updates ${marketplace} rejected for good or that exhausted retries, with the error in headers`,
        },
        {
          name: names.results,
          partitions: 3,
          configs: { 'cleanup.policy': 'delete', 'retention.ms': String(7 * DAY_MS) },
          valueSchema: 'listing/listing-result.avsc',
          description: `Outcome of every ${marketplace} call: accepted with its submission id, or rejected with reasons`,
        },
      ]
    }),
  ]
}
