import { createHash } from 'node:crypto'
import type { ChangeSource } from '@listing-sync/catalog'
import { marketplaceTopicNames, topicCatalog, type AvroRegistry, type BatchingProducer } from '@listing-sync/kafka'
import type { ListingProblem } from '@listing-sync/mapping'

/** Provenance every output carries. */
export interface Source {
  readonly sku: string
  readonly eventId: string
  readonly magentoUpdatedAt: Date
  readonly manifestVersion: string
  /**
   * When listing-sync received the change (webhook, backfill or reconcile), for a live change only:
   * its listing carries it in an `observed-at` header, from which the dispatcher times the change
   * from receipt to acceptance.
   */
  readonly observedAt?: Date
  /**
   * How that live change was observed, in a `change-source` header: the dispatcher times a
   * webhook's or reconcile's change from its Magento updated_at, not a backfill's (a backfill
   * sends products saved months ago).
   */
  readonly changeSource?: ChangeSource
}

/** Header of a listing record: when listing-sync received the change, in epoch milliseconds. */
export const OBSERVED_AT_HEADER = 'observed-at'

/** Header of a listing record of a live change: webhook, reconcile or backfill. */
export const CHANGE_SOURCE_HEADER = 'change-source'

/** sha256 of a payload's JSON text: equal payloads, equal hashes (the mapper emits keys in a stable order). */
export function payloadHash(payloadJson: string): string {
  return createHash('sha256').update(payloadJson).digest('hex')
}

/**
 * Writes the transformer's outputs: ListingUpdate records to listing.<mkt>.v1 and ListingRejected
 * records (or tombstones clearing them) to listing.<mkt>.invalid, each keyed by SKU with the source
 * event id in a header.
 */
export class ListingPublisher {
  /**
   * A publisher for the given marketplaces, with their listing schemas registered (an unchanged
   * schema keeps its id; an incompatible one fails here, before anything is published).
   */
  static async forMarketplaces(producer: BatchingProducer, registry: AvroRegistry, marketplaces: readonly string[]): Promise<ListingPublisher> {
    const ids = await registry.registerTopicSchemas(topicCatalog(marketplaces).filter((spec) => spec.valueSchema?.startsWith('listing/')))
    return new ListingPublisher(producer, registry, (marketplace) => ({
      update: ids.get(marketplaceTopicNames(marketplace).listings)!,
      rejected: ids.get(marketplaceTopicNames(marketplace).invalid)!,
    }))
  }

  constructor(
    private readonly producer: BatchingProducer,
    private readonly registry: AvroRegistry,
    /** Schema ids of the marketplace's listing and .invalid subjects. */
    private readonly schemaIds: (marketplace: string) => { readonly update: number; readonly rejected: number },
  ) {}

  async upsert(marketplace: string, source: Source, productType: string, payloadJson: string, hash: string): Promise<void> {
    await this.sendUpdate(marketplace, source, { action: 'UPSERT', productType, payloadJson, payloadHash: hash })
  }

  async delete(marketplace: string, source: Source): Promise<void> {
    await this.sendUpdate(marketplace, source, { action: 'DELETE', productType: null, payloadJson: null, payloadHash: null })
  }

  async reject(marketplace: string, source: Source, productType: string | null, problems: readonly ListingProblem[]): Promise<void> {
    const value = await this.registry.encode(this.schemaIds(marketplace).rejected, {
      marketplace,
      sku: source.sku,
      productType,
      problems,
      sourceEventId: source.eventId,
      magentoUpdatedAt: source.magentoUpdatedAt,
      manifestVersion: source.manifestVersion,
      rejectedAt: new Date(),
    })
    await this.producer.send(marketplaceTopicNames(marketplace).invalid, { key: source.sku, value, headers: { 'event-id': source.eventId } })
  }

  /** Clears the SKU from the .invalid topic once it maps and validates. */
  async clearRejection(marketplace: string, source: Source): Promise<void> {
    await this.producer.send(marketplaceTopicNames(marketplace).invalid, { key: source.sku, value: null, headers: { 'event-id': source.eventId } })
  }

  private async sendUpdate(marketplace: string, source: Source, fields: { action: 'UPSERT' | 'DELETE'; productType: string | null; payloadJson: string | null; payloadHash: string | null }): Promise<void> {
    const value = await this.registry.encode(this.schemaIds(marketplace).update, {
      marketplace,
      sku: source.sku,
      ...fields,
      sourceEventId: source.eventId,
      magentoUpdatedAt: source.magentoUpdatedAt,
      manifestVersion: source.manifestVersion,
      mappedAt: new Date(),
    })
    const observed = source.observedAt === undefined ? {} : { [OBSERVED_AT_HEADER]: String(source.observedAt.getTime()) }
    const changeSource = source.changeSource === undefined ? {} : { [CHANGE_SOURCE_HEADER]: source.changeSource }
    await this.producer.send(marketplaceTopicNames(marketplace).listings, { key: source.sku, value, headers: { 'event-id': source.eventId, ...observed, ...changeSource } })
  }
}
