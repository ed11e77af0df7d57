import type { Admin, Kafka } from 'kafkajs'
import { AvroRegistry, createKafka, kafkaReadiness, kafkaSecurity, type KafkaSecurityConfig } from '@listing-sync/kafka'
import type { Logger, ReadinessCheck } from '@listing-sync/observability'

/** The broker and registry settings every pipeline service reads (see `kafkaVariables`). */
export interface PipelineConfig extends KafkaSecurityConfig {
  readonly KAFKA_BROKERS: readonly string[]
  readonly KAFKA_CLIENT_ID: string
  readonly SCHEMA_REGISTRY_URL: string
}

/** Kafka client, admin and Avro registry of a pipeline service, with readiness checks for both. */
export interface PipelineDependencies {
  readonly kafka: Kafka
  readonly admin: Admin
  readonly registry: AvroRegistry
  readonly checks: Readonly<Record<string, ReadinessCheck>>
  close(): Promise<void>
}

/** Connects a service to the broker and the registry; `/readyz` fails until both answer. */
export async function connectPipeline(service: string, config: PipelineConfig, log: Logger): Promise<PipelineDependencies> {
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-${service}`, log, security: kafkaSecurity(config) })
  const admin = kafka.admin()
  // Connecting is lazy in kafkajs: an unreachable broker shows up in /readyz, not as a crash at start.
  await admin.connect().catch((error: unknown) => log.warn({ err: error }, 'kafka not reachable yet'))
  const registry = new AvroRegistry(config.SCHEMA_REGISTRY_URL)
  return {
    kafka,
    admin,
    registry,
    checks: { kafka: kafkaReadiness(admin), registry: () => registry.ping() },
    close: () => admin.disconnect(),
  }
}
