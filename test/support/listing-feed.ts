import { createHash } from 'node:crypto'
import type { Kafka, Producer } from 'kafkajs'
import { marketplaceTopicNames, provisionTopology, topicCatalog, type AvroRegistry } from '@listing-sync/kafka'
import { loadValidatedMapping, type MarketplaceMapping } from '@listing-sync/mapping'
import { sampleProduct } from '../../packages/mapping/src/test-support/sample-catalog.js'

/** A decoded `listing.<mkt>.result.v1` record (schemas/listing/listing-result.avsc), as tests read it. */
export interface ListingResult {
  sku: string
  outcome: 'ACCEPTED' | 'REJECTED'
  operation: string
  reference: string | null
  reasons: { code: string; message: string; attribute: string | null }[]
  attempts: number
  sourceEventId: string
}

/** Creates a test marketplace's topics and registers its listing schemas; returns the ListingUpdate schema id. */
export async function provisionMarketplace(kafka: Kafka, registry: AvroRegistry, marketplace: string): Promise<number> {
  const admin = kafka.admin()
  await admin.connect()
  await provisionTopology(admin, registry, [marketplace]).finally(() => admin.disconnect())
  const listings = marketplaceTopicNames(marketplace).listings
  const ids = await registry.registerTopicSchemas(topicCatalog([marketplace]).filter((spec) => spec.name.startsWith(`listing.${marketplace}.`)))
  return ids.get(listings)!
}

/** The fields of a minimal ListingUpdate (a LUGGAGE listing named after its event id), for scripted marketplaces. */
export function scriptedListingUpdate(marketplace: string, sku: string, eventId: string, magentoUpdatedAt: Date) {
  return {
    marketplace,
    sku,
    action: 'UPSERT',
    productType: 'LUGGAGE',
    payloadJson: JSON.stringify({ productType: 'LUGGAGE', attributes: { item_name: [{ value: eventId }] } }),
    payloadHash: eventId,
    sourceEventId: eventId,
    magentoUpdatedAt,
    manifestVersion: '1.0.0',
    mappedAt: new Date(),
  }
}

/**
 * Writes ListingUpdates to a marketplace's own topics as the transformer would: a shipped
 * manifest's mapping of a Luma product, which a test may change first. Each update is a second
 * newer than the last, so the dispatcher takes them in order.
 */
export class ListingFeed {
  private clock = Date.parse('2026-01-01T00:00:00Z')

  private constructor(
    private readonly registry: AvroRegistry,
    private readonly producer: Producer,
    readonly marketplace: string,
    private readonly mapping: MarketplaceMapping,
    private readonly schemaId: number,
  ) {}

  /** Creates the marketplace's topics and schemas and loads the manifest (mappings/<manifest>.json). */
  static async create(kafka: Kafka, registry: AvroRegistry, producer: Producer, marketplace: string, manifest: string): Promise<ListingFeed> {
    const schemaId = await provisionMarketplace(kafka, registry, marketplace)
    const loaded = await loadValidatedMapping(new URL(`../../mappings/${manifest}.json`, import.meta.url).pathname)
    if (!loaded.ok) throw new Error(`${manifest}: ${JSON.stringify(loaded.problems)}`)
    return new ListingFeed(registry, producer, marketplace, loaded.mapping, schemaId)
  }

  /** Publishes the listing of a Luma product (changed by `edit`), or its delete; returns the event id. */
  async publish<Payload>(sku: string, edit: (payload: Payload) => void = () => undefined, action: 'UPSERT' | 'DELETE' = 'UPSERT'): Promise<string> {
    const outcome = await this.mapping.map(await sampleProduct(sku))
    if (!outcome.ok) throw new Error(`${sku} does not map: ${JSON.stringify(outcome.problems)}`)
    const payload = structuredClone(outcome.payload) as Payload
    edit(payload)
    this.clock += 1000
    const eventId = `${sku}@${this.clock}`
    const payloadJson = JSON.stringify(payload)
    const upsert = action === 'UPSERT'
    const value = await this.registry.encode(this.schemaId, {
      marketplace: this.marketplace,
      sku,
      action,
      productType: upsert ? outcome.productType : null,
      payloadJson: upsert ? payloadJson : null,
      payloadHash: upsert ? createHash('sha256').update(payloadJson).digest('hex') : null,
      sourceEventId: eventId,
      magentoUpdatedAt: new Date(this.clock),
      manifestVersion: this.mapping.version,
      mappedAt: new Date(),
    })
    await this.producer.send({ topic: marketplaceTopicNames(this.marketplace).listings, acks: -1, messages: [{ key: sku, value, headers: { 'event-id': eventId } }] })
    return eventId
  }
}
