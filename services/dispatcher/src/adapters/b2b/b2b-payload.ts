import type { ListingUpdate } from '../../delivery/marketplace-adapter.js'

/**
 * What the B2B manifest (mappings/b2b.json) maps a product to: the OF24 offer, and the product's
 * attributes by code when the manifest asks for product creation (its `product.*` rules).
 */
export interface B2bPayload {
  readonly offer?: Readonly<Record<string, unknown>>
  readonly product?: Readonly<Record<string, unknown>>
}

/** The payload of an update; empty for a delete. */
export function b2bPayload(update: ListingUpdate): B2bPayload {
  return update.payloadJson === null ? {} : (JSON.parse(update.payloadJson) as B2bPayload)
}
