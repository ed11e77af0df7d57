import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { kafkaVariables, loadConfig } from '@listing-sync/config'
import { AvroRegistry, createKafka, kafkaSecurity, stringHeaders } from '@listing-sync/kafka'
import { createLogger } from '@listing-sync/observability'

/**
 * `listing-sync tail <topic> [--from-beginning] [--max N]`: prints each record of a topic as one
 * JSON line (key, headers, the Avro value decoded through the registry, null for a tombstone), to
 * watch the pipeline work. It reads with a throw-away group and commits nothing.
 */
export async function runTail(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { 'from-beginning': { type: 'boolean', default: false }, max: { type: 'string' } },
  })
  const topic = positionals[0]
  const max = values.max === undefined ? Infinity : Number(values.max)
  if (!topic || !(max > 0)) {
    process.stderr.write('usage: listing-sync tail <topic> [--from-beginning] [--max N]\n')
    return 2
  }
  const config = loadConfig(kafkaVariables)
  const log = createLogger({ service: 'tail', level: 'warn' })
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-tail`, log, security: kafkaSecurity(config) })
  const registry = new AvroRegistry(config.SCHEMA_REGISTRY_URL)
  const consumer = kafka.consumer({ groupId: `listing-sync-tail-${randomUUID()}` })
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: values['from-beginning'] })
  let printed = 0
  await new Promise<void>((resolve, reject) => {
    process.once('SIGINT', () => resolve())
    consumer
      .run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          if (printed >= max) return
          const value = message.value === null ? null : await registry.decode(message.value)
          const headers = stringHeaders(message)
          process.stdout.write(`${JSON.stringify({ partition, offset: message.offset, key: message.key?.toString() ?? null, headers, value })}\n`)
          if (++printed >= max) resolve()
        },
      })
      .catch(reject)
  })
  await consumer.disconnect()
  return 0
}
