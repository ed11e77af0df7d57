import { describe, expect, it } from 'vitest'
import { isAppError, LS_ERR_CONFIG_INVALID } from '@listing-sync/errors'
import { loadConfig } from './load-config.js'
import { httpVariables, kafkaVariables } from './variables.js'

const shape = { ...kafkaVariables, ...httpVariables('INGEST_PORT', 8080) }

describe('loadConfig', () => {
  it('applies the documented defaults when nothing is set', () => {
    const config = loadConfig(shape, {})
    expect(config.KAFKA_BROKERS).toEqual(['localhost:9092'])
    expect(config.SCHEMA_REGISTRY_URL).toBe('http://localhost:8081/apis/ccompat/v7')
    expect(config.INGEST_PORT).toBe(8080)
  })

  it('splits and trims a broker list', () => {
    expect(loadConfig(shape, { KAFKA_BROKERS: 'a:1, b:2 ,' }).KAFKA_BROKERS).toEqual(['a:1', 'b:2'])
  })

  it('treats an empty variable as unset', () => {
    expect(loadConfig(shape, { INGEST_PORT: '' }).INGEST_PORT).toBe(8080)
  })

  it('reports every invalid variable at once, each with its rule', () => {
    let caught: unknown
    try {
      loadConfig(shape, { KAFKA_BROKERS: 'no-port', SCHEMA_REGISTRY_URL: 'not a url', INGEST_PORT: '70000' })
    } catch (error) {
      caught = error
    }
    expect(isAppError(caught, LS_ERR_CONFIG_INVALID)).toBe(true)
    const details = (caught as { details: { variable: string; message: string }[] }).details
    expect(details.map((d) => d.variable).sort()).toEqual(['INGEST_PORT', 'KAFKA_BROKERS.0', 'SCHEMA_REGISTRY_URL'])
    expect((caught as Error).message).toMatch(/KAFKA_BROKERS\.0: must be host:port/)
  })

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadConfig(shape, {}))).toBe(true)
  })
})
