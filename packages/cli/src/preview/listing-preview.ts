import type { Kafka } from 'kafkajs'
import type { ProductChanged } from '@listing-sync/catalog'
import { LS_ERR_MAPPING_PRODUCT_UNKNOWN } from '@listing-sync/errors'
import { CATALOG_PRODUCT_TOPIC, marketplaceTopicNames, readLatestRecordForKey, type AvroRegistry, type KeyedRecord } from '@listing-sync/kafka'
import type { ListingProblem } from '@listing-sync/mapping'
import { loadMarketplaceMapping } from './marketplace-manifest.js'
import { payloadDiff, type Difference } from './payload-diff.js'

/** What a preview reads from. */
export interface PreviewSources {
  readonly kafka: Kafka
  readonly registry: AvroRegistry
  /** Folder of the manifests (MAPPINGS_DIR). */
  readonly mappingsDir: string
}

/** Where a record was read. */
export interface RecordPosition {
  readonly topic: string
  readonly partition: number
  readonly offset: string
}

/** The newest ListingUpdate of the SKU on listing.<mkt>.v1, as the dispatcher sees it. */
export interface PublishedListing extends RecordPosition {
  /** UPSERT or DELETE; TOMBSTONE for a record without a value. */
  readonly action: 'UPSERT' | 'DELETE' | 'TOMBSTONE'
  readonly productType: string | null
  /** The payload, parsed from payloadJson; null for a delete. */
  readonly payload: unknown
  readonly manifestVersion: string | null
  readonly sourceEventId: string | null
  readonly magentoUpdatedAt: string | null
  readonly mappedAt: string | null
}

/** What the current manifest makes of a SKU, against what was last published. */
export interface ListingPreview {
  readonly sku: string
  readonly marketplace: string
  readonly manifestVersion: string
  /** The canonical record it was mapped from, with its event id (null for a tombstone). */
  readonly source: RecordPosition & { readonly eventId: string | null; readonly magentoUpdatedAt: string | null }
  /** The canonical record is a tombstone: the product was deleted in Magento. */
  readonly deleted: boolean
  readonly productType: string | null
  /** Whether it maps and validates; null when the product is deleted. */
  readonly valid: boolean | null
  readonly problems: readonly ListingProblem[]
  /** The mapped payload; also when only validation failed; null when mapping failed or the product is deleted. */
  readonly payload: unknown
  readonly lastPublished: PublishedListing | null
  /**
   * From the last published payload to this one; null when there is nothing to compare (nothing
   * published, the last update is a delete, or there is no payload now); empty when unchanged.
   */
  readonly diff: readonly Difference[] | null
}

/** ListingUpdate as schemas/listing/listing-update.avsc declares it (the fields read here). */
interface ListingUpdate {
  action: 'UPSERT' | 'DELETE'
  productType: string | null
  payloadJson: string | null
  sourceEventId: string
  magentoUpdatedAt: Date
  manifestVersion: string
  mappedAt: Date
}

/**
 * Maps the newest canonical record of a SKU with the current manifest of a marketplace, validates
 * it and compares it with the newest record on the marketplace's listing topic. Reads only the
 * SKU's partition of each topic. Throws when no manifest maps the marketplace or the canonical
 * topic has no record of the SKU.
 */
export async function previewListing(sources: PreviewSources, sku: string, marketplace: string): Promise<ListingPreview> {
  const mapping = await loadMarketplaceMapping(sources.mappingsDir, marketplace)
  const [canonical, listing] = await Promise.all([
    readLatestRecordForKey(sources.kafka, CATALOG_PRODUCT_TOPIC, sku),
    readLatestRecordForKey(sources.kafka, marketplaceTopicNames(marketplace).listings, sku),
  ])
  if (!canonical) throw LS_ERR_MAPPING_PRODUCT_UNKNOWN(sku, CATALOG_PRODUCT_TOPIC)
  const lastPublished = listing ? await publishedListing(sources.registry, listing) : null
  // Fields in the order a reader of --json wants them: what it is, whether it is valid, the payload, the comparison.
  const preview = (fields: Pick<ListingPreview, 'productType' | 'valid' | 'problems' | 'payload' | 'diff' | 'deleted' | 'source'>): ListingPreview => {
    const { productType, valid, problems, payload, diff, deleted, source } = fields
    return { sku, marketplace, productType, valid, problems, payload, lastPublished, diff, deleted, manifestVersion: mapping.version, source }
  }

  if (canonical.value === null) {
    const source = { ...position(canonical), eventId: canonical.headers['event-id'] ?? null, magentoUpdatedAt: null }
    return preview({ productType: null, valid: null, problems: [], payload: null, diff: null, deleted: true, source })
  }
  // Decoded with the writer's schema: whatever fields the product has, the mapping reads what it needs.
  const event = await sources.registry.decode<ProductChanged>(canonical.value)
  const source = { ...position(canonical), eventId: event.eventId, magentoUpdatedAt: event.magentoUpdatedAt.toISOString() }
  const outcome = await mapping.map(event.product)
  const payload = outcome.payload ?? null
  const comparable = payload !== null && lastPublished?.action === 'UPSERT'
  return preview({
    productType: outcome.productType,
    valid: outcome.ok,
    problems: outcome.ok ? [] : outcome.problems,
    payload,
    diff: comparable ? payloadDiff(lastPublished.payload, payload) : null,
    deleted: false,
    source,
  })
}

async function publishedListing(registry: AvroRegistry, record: KeyedRecord): Promise<PublishedListing> {
  if (record.value === null) {
    return { ...position(record), action: 'TOMBSTONE', productType: null, payload: null, manifestVersion: null, sourceEventId: null, magentoUpdatedAt: null, mappedAt: null }
  }
  const update = await registry.decode<ListingUpdate>(record.value)
  return {
    ...position(record),
    action: update.action,
    productType: update.productType,
    payload: update.payloadJson === null ? null : (JSON.parse(update.payloadJson) as unknown),
    manifestVersion: update.manifestVersion,
    sourceEventId: update.sourceEventId,
    magentoUpdatedAt: update.magentoUpdatedAt.toISOString(),
    mappedAt: update.mappedAt.toISOString(),
  }
}

const position = (record: KeyedRecord): RecordPosition => ({ topic: record.topic, partition: record.partition, offset: record.offset })
