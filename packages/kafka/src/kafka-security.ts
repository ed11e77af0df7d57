import { readFileSync } from 'node:fs'
import type { SASLOptions } from 'kafkajs'
import { LS_ERR_CONFIG_INVALID } from '@listing-sync/errors'

/** The Kafka security variables (see `kafkaVariables`). */
export interface KafkaSecurityConfig {
  readonly KAFKA_SSL?: 'true' | 'false' | undefined
  readonly KAFKA_SSL_CA_FILE?: string | undefined
  readonly KAFKA_SASL_MECHANISM?: 'plain' | 'scram-sha-256' | 'scram-sha-512' | undefined
  readonly KAFKA_SASL_USERNAME?: string | undefined
  readonly KAFKA_SASL_PASSWORD?: string | undefined
}

/** What kafkajs takes for TLS and SASL. */
export interface KafkaSecurity {
  readonly ssl?: true | { ca: string[] }
  readonly sasl?: SASLOptions
}

/**
 * TLS and SASL settings for kafkajs from the configuration; throws naming every variable that is
 * missing (a mechanism without credentials) or unreadable, so a service fails at start, not at
 * its first request.
 */
export function kafkaSecurity(config: KafkaSecurityConfig): KafkaSecurity {
  const problems: { variable: string; message: string }[] = []
  let ssl: KafkaSecurity['ssl']
  if (config.KAFKA_SSL === 'true') {
    ssl = true
    if (config.KAFKA_SSL_CA_FILE !== undefined) {
      try {
        ssl = { ca: [readFileSync(config.KAFKA_SSL_CA_FILE, 'utf8')] }
      } catch (error) {
        problems.push({ variable: 'KAFKA_SSL_CA_FILE', message: `cannot be read: ${(error as Error).message}` })
      }
    }
  } else if (config.KAFKA_SSL_CA_FILE !== undefined) {
    problems.push({ variable: 'KAFKA_SSL_CA_FILE', message: 'needs KAFKA_SSL=true' })
  }
  let sasl: SASLOptions | undefined
  const mechanism = config.KAFKA_SASL_MECHANISM
  if (mechanism !== undefined) {
    for (const variable of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
      if (config[variable] === undefined) problems.push({ variable, message: `is required with KAFKA_SASL_MECHANISM=${mechanism}` })
    }
    sasl = { mechanism, username: config.KAFKA_SASL_USERNAME ?? '', password: config.KAFKA_SASL_PASSWORD ?? '' }
  }
  if (problems.length > 0) {
    throw LS_ERR_CONFIG_INVALID.with({ details: problems }, problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'))
  }
  return { ...(ssl === undefined ? {} : { ssl }), ...(sasl === undefined ? {} : { sasl }) }
}
