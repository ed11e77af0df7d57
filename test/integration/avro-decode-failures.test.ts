import { describe, expect, it } from 'vitest'
import { isAppError, LS_ERR_KAFKA_REGISTRY_UNAVAILABLE } from '@listing-sync/errors'
import { AvroRegistry } from '@listing-sync/kafka'
import { testClients } from '../support/clients.js'

const { registry } = testClients('avro-decode-failures')

/** A Confluent wire-format header (magic byte 0, 4-byte schema id) and an Avro body. */
const wire = (schemaId: number, body = Buffer.from([2, 0x61])) => Buffer.concat([Buffer.from([0]), Buffer.from(new Uint32Array([schemaId]).buffer).reverse(), body])

async function rejection(decode: Promise<unknown>): Promise<unknown> {
  return decode.then(
    () => {
      throw new Error('decoded, expected a rejection')
    },
    (error: unknown) => error,
  )
}

// Consumers set a record that can never decode aside as poison (skip or dead-letter) and read one
// whose schema could not be fetched again later: mixing the two up drops changes.
describe('AvroRegistry.decode', () => {
  it('rejects bytes that can never decode with an error that is not retryable', async () => {
    const notWireFormat = await rejection(registry.decode(Buffer.from('{"sku":"24-MB01"}')))
    expect(notWireFormat).toBeInstanceOf(Error)
    expect(isAppError(notWireFormat, LS_ERR_KAFKA_REGISTRY_UNAVAILABLE)).toBe(false)
    // An id the registry does not know (404).
    const unknownId = await rejection(registry.decode(wire(2_000_000_000)))
    expect(isAppError(unknownId, LS_ERR_KAFKA_REGISTRY_UNAVAILABLE)).toBe(false)
  })

  it('rejects with the retryable LS_ERR_KAFKA_REGISTRY_UNAVAILABLE when the registry does not answer the schema fetch', async () => {
    // Port 9 (discard) has no listener here: every fetch is refused.
    const unreachable = new AvroRegistry('http://127.0.0.1:9/apis/ccompat/v7')
    const error = await rejection(unreachable.decode(wire(1)))
    expect(isAppError(error, LS_ERR_KAFKA_REGISTRY_UNAVAILABLE)).toBe(true)
    expect((error as { retry: string }).retry).toBe('retryable')
  })
})
