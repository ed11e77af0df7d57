import type { Kafka } from 'kafkajs'
import { readDeadLetters } from '@listing-sync/dispatcher'
import { marketplaceTopicNames, readTopicToEnd, type AvroRegistry } from '@listing-sync/kafka'

/** ListingRejected as schemas/listing/listing-rejected.avsc declares it (the fields read here). */
interface ListingRejected {
  problems: { stage: string; rule: string; path: string; message: string }[]
}

/** Why the system did not list a SKU, as its topics say. */
export interface ListingReasons {
  /** The SKU's current rejection on listing.<mkt>.invalid (its newest record, unless a tombstone cleared it). */
  invalid(sku: string): string | undefined
  /**
   * The SKU's newest dead letter on listing.<mkt>.dlt, only when it is the dead letter of the SKU's
   * newest update on listing.<mkt>.v1: an older one says nothing about the state the marketplace
   * should have now.
   */
  deadLetter(sku: string): string | undefined
}

/** Reads a marketplace's .invalid, .dlt and listing topics to their current ends. */
export async function readListingReasons(kafka: Kafka, registry: AvroRegistry, marketplace: string): Promise<ListingReasons> {
  const topics = marketplaceTopicNames(marketplace)
  const invalid = new Map<string, string>()
  const newestUpdate = new Map<string, string>()
  const [letters] = await Promise.all([
    readDeadLetters(kafka, marketplace),
    readTopicToEnd(kafka, topics.invalid, async (message) => {
      const sku = message.key?.toString()
      if (sku === undefined) return
      if (message.value === null) {
        invalid.delete(sku)
        return
      }
      const rejected = await registry.decode<ListingRejected>(message.value)
      invalid.set(sku, rejected.problems.map((problem) => `${problem.rule}: ${problem.message}`).join('; '))
    }),
    // Only the event id of each SKU's newest update is needed, which the header carries.
    readTopicToEnd(kafka, topics.listings, (message) => {
      const sku = message.key?.toString()
      const eventId = message.headers?.['event-id']?.toString()
      if (sku !== undefined && eventId !== undefined) newestUpdate.set(sku, eventId)
    }),
  ])
  // Oldest first, so the last one set per SKU is its newest.
  const deadLetters = new Map<string, { eventId: string | null; reason: string }>()
  for (const letter of letters) deadLetters.set(letter.sku, { eventId: letter.eventId, reason: `dead letter (${letter.errorClass}, ${letter.attempts} attempts): ${letter.message}` })
  return {
    invalid: (sku) => invalid.get(sku),
    deadLetter: (sku) => {
      const letter = deadLetters.get(sku)
      return letter !== undefined && letter.eventId !== null && letter.eventId === newestUpdate.get(sku) ? letter.reason : undefined
    },
  }
}
