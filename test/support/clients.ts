import { inject } from 'vitest'
import { AvroRegistry, createKafka } from '@listing-sync/kafka'
import { createLogger } from '@listing-sync/observability'

/** Kafka client and Avro registry against the stack the global setup provided. */
export function testClients(name: string) {
  const log = createLogger({ service: `test-${name}`, level: 'silent' })
  const kafka = createKafka({ brokers: inject('kafkaBrokers'), clientId: `test-${name}`, log })
  const registry = new AvroRegistry(inject('schemaRegistryUrl'))
  return { kafka, registry, log }
}

/** A suffix that keeps group ids and event ids of one run apart from every other run. */
export const runId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
