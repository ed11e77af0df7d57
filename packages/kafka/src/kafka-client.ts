import { Kafka, logLevel, type Producer, type KafkaConfig } from 'kafkajs'
import type { Logger } from '@listing-sync/observability'
import type { KafkaSecurity } from './kafka-security.js'
import { keyPartitioner } from './key-partitioner.js'

/** What a service needs to reach the broker. */
export interface KafkaConnection {
  readonly brokers: readonly string[]
  readonly clientId: string
  readonly log: Logger
  /** TLS and SASL, from `kafkaSecurity(config)`; none by default. */
  readonly security?: KafkaSecurity
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
}

/** A kafkajs client whose own log lines go through the project logger. */
export function createKafka(connection: KafkaConnection, overrides: Partial<KafkaConfig> = {}): Kafka {
  const log = connection.log.child({ component: 'kafkajs' })
  return new Kafka({
    clientId: connection.clientId,
    brokers: [...connection.brokers],
    ...connection.security,
    logLevel: logLevel.WARN,
    logCreator: () => ({ namespace, level, log: entry }) => {
      const { message, ...fields } = entry
      log[LEVELS[level] ?? 'info']({ namespace, ...fields }, message)
    },
    ...overrides,
  })
}

/**
 * The producer every service uses: idempotent with acks=all, so a write the broker acknowledged is
 * on every in-sync replica and a retried send is not duplicated; partitions by Java-compatible
 * murmur2 of the key, so Java consumers of other teams agree on which partition holds a SKU.
 */
export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: keyPartitioner,
  })
}
