import { afterEach, describe, expect, it } from 'vitest'
import { createHttpService, type HttpService } from './http-service.js'

let service: HttpService | undefined
afterEach(async () => {
  await service?.app.close()
})

describe('createHttpService', () => {
  it('answers /healthz while the process runs', async () => {
    service = createHttpService({ name: 'test', logLevel: 'silent' })
    const response = await service.app.inject({ method: 'GET', url: '/healthz' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ status: 'ok' })
  })

  it('answers /readyz 503 naming the failing dependency and its reason', async () => {
    service = createHttpService({ name: 'test', logLevel: 'silent' })
    service.addReadinessChecks({
      kafka: () => Promise.reject(new Error('connection refused')),
      registry: () => Promise.resolve(),
    })
    const response = await service.app.inject({ method: 'GET', url: '/readyz' })
    expect(response.statusCode).toBe(503)
    expect(response.json()).toEqual({
      status: 'unavailable',
      checks: { kafka: { status: 'failed', reason: 'connection refused' }, registry: { status: 'ok' } },
    })
  })

  it('fails a readiness check that hangs instead of hanging the probe', async () => {
    service = createHttpService({ name: 'test', logLevel: 'silent' })
    service.addReadinessChecks({ kafka: () => new Promise(() => undefined) })
    const response = await service.app.inject({ method: 'GET', url: '/readyz' })
    expect(response.statusCode).toBe(503)
    expect(response.json()).toMatchObject({ checks: { kafka: { status: 'failed', reason: 'no answer within 2000 ms' } } })
  })

  it('answers /readyz 200 when every dependency answers', async () => {
    service = createHttpService({ name: 'test', logLevel: 'silent' })
    service.addReadinessChecks({ kafka: () => Promise.resolve() })
    expect((await service.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200)
  })

  it('serves Prometheus metrics labelled with the service', async () => {
    service = createHttpService({ name: 'ingest', logLevel: 'silent' })
    const response = await service.app.inject({ method: 'GET', url: '/metrics' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    expect(response.body).toMatch(/process_resident_memory_bytes\{service="ingest"\} \d+/)
  })
})
