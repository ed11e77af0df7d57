import { describe, expect, inject, it } from 'vitest'
import { loadConfig, kafkaVariables } from '@listing-sync/config'
import { CATALOG_PRODUCT_TOPIC, createKafka, kafkaSecurity } from '@listing-sync/kafka'
import { createLogger } from '@listing-sync/observability'
import { LOCAL_SASL_LISTENER } from '@listing-sync/stack'

const log = createLogger({ service: 'test-kafka-sasl', level: 'silent' })

/** A client configured the way a service is: from KAFKA_* variables. */
function clientFrom(env: Record<string, string>) {
  const config = loadConfig(kafkaVariables, env)
  return createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'test-kafka-sasl', log, security: kafkaSecurity(config) }, { retry: { retries: 0 } })
}

// The local stack's broker has a SASL/PLAIN listener beside the plaintext one (packages/stack).
describe.runIf(inject('stackMode') === 'native')('Kafka with SASL (KAFKA_SASL_*)', () => {
  const env = { KAFKA_BROKERS: LOCAL_SASL_LISTENER.broker, KAFKA_SASL_MECHANISM: LOCAL_SASL_LISTENER.mechanism, KAFKA_SASL_USERNAME: LOCAL_SASL_LISTENER.username }

  it('reaches a SASL listener with the configured user and password', async () => {
    const admin = clientFrom({ ...env, KAFKA_SASL_PASSWORD: LOCAL_SASL_LISTENER.password }).admin()
    await admin.connect()
    try {
      expect(await admin.listTopics()).toContain(CATALOG_PRODUCT_TOPIC)
    } finally {
      await admin.disconnect()
    }
  })

  it('is refused with a wrong password, saying why', async () => {
    const admin = clientFrom({ ...env, KAFKA_SASL_PASSWORD: 'wrong' }).admin()
    await expect(admin.connect()).rejects.toThrow(/SASL PLAIN authentication failed/i)
  })

  it('cannot reach it without SASL settings', async () => {
    const admin = clientFrom({ KAFKA_BROKERS: LOCAL_SASL_LISTENER.broker }).admin()
    await expect(admin.connect().then(() => admin.listTopics())).rejects.toThrow()
    await admin.disconnect()
  })
})
