import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isAppError, LS_ERR_CONFIG_INVALID } from '@listing-sync/errors'
import { kafkaSecurity } from './kafka-security.js'

describe('kafkaSecurity', () => {
  it('asks for nothing by default: plaintext, no SASL', () => {
    expect(kafkaSecurity({ KAFKA_SSL: 'false' })).toEqual({})
  })

  it('turns on TLS, with the CA file when one is named', () => {
    expect(kafkaSecurity({ KAFKA_SSL: 'true' })).toEqual({ ssl: true })
    const ca = join(mkdtempSync(join(tmpdir(), 'kafka-ca-')), 'ca.pem')
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')
    expect(kafkaSecurity({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: ca })).toEqual({ ssl: { ca: [expect.stringContaining('BEGIN CERTIFICATE')] } })
  })

  it('passes the SASL mechanism and credentials to kafkajs', () => {
    expect(kafkaSecurity({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'listing-sync', KAFKA_SASL_PASSWORD: 's3cret' })).toEqual({
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'listing-sync', password: 's3cret' },
    })
  })

  it('names every missing or unreadable variable at once', () => {
    let thrown: unknown
    try {
      kafkaSecurity({ KAFKA_SSL: 'false', KAFKA_SSL_CA_FILE: '/nowhere/ca.pem', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'listing-sync' })
    } catch (error) {
      thrown = error
    }
    expect(isAppError(thrown, LS_ERR_CONFIG_INVALID)).toBe(true)
    expect((thrown as Error).message).toContain('KAFKA_SSL_CA_FILE: needs KAFKA_SSL=true')
    expect((thrown as Error).message).toContain('KAFKA_SASL_PASSWORD: is required with KAFKA_SASL_MECHANISM=plain')
    expect((thrown as Error).message).not.toContain('KAFKA_SASL_USERNAME')
  })
})
