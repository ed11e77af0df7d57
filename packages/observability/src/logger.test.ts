import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger } from './logger.js'

function capture() {
  const lines: Record<string, unknown>[] = []
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>)
      done()
    },
  })
  return { lines, log: createLogger({ service: 'test', destination, level: 'debug' }) }
}

describe('createLogger', () => {
  it('writes ECS fields with the service name', () => {
    const { lines, log } = capture()
    log.info({ marketplace: 'amazon' }, 'listing sent')
    expect(lines[0]).toMatchObject({
      message: 'listing sent',
      'log.level': 'info',
      'ecs.version': expect.any(String) as unknown,
      service: { name: 'test' },
      marketplace: 'amazon',
    })
    expect(lines[0]!['@timestamp']).toEqual(expect.any(String))
  })

  it('redacts credentials in logged requests, responses and token bodies', () => {
    const { lines, log } = capture()
    const secrets = ['Bearer magento-admin-token', 'Atza|amazon-access', 'Atzr|refresh', 'lwa-secret', 'mirakl-key']
    log.debug(
      {
        request: { headers: { authorization: secrets[0], 'x-amz-access-token': secrets[1] } },
        body: { refresh_token: secrets[2], client_secret: secrets[3] },
        b2b: { apiKey: secrets[4] },
      },
      'outbound call',
    )
    const line = JSON.stringify(lines[0])
    for (const secret of secrets) expect(line).not.toContain(secret)
    expect(line).toContain('[redacted]')
  })

  it("redacts the bodies of token calls as HttpClient logs them at debug", () => {
    const { lines, log } = capture()
    const secrets = ['Atzr|refresh-2', 'lwa-secret-2', 'Atza|access-2']
    log.debug(
      {
        request: { method: 'POST', headers: {}, body: { grant_type: 'refresh_token', refresh_token: secrets[0], client_secret: secrets[1] } },
        response: { status: 200, headers: {}, body: { access_token: secrets[2], token_type: 'bearer', expires_in: 3600 } },
      },
      'outbound call bodies',
    )
    const line = JSON.stringify(lines[0])
    for (const secret of secrets) expect(line).not.toContain(secret)
    expect(line).toContain('refresh_token')
  })

  it('redacts credentials objects named as the code names them', () => {
    const { lines, log } = capture()
    const secrets = ['lwa-secret-3', 'Atzr|refresh-3', 'Atza|access-3', 'gateway-secret-3']
    log.warn({ credentials: { clientId: 'app', clientSecret: secrets[0], refreshToken: secrets[1] }, accessToken: secrets[2], auth: { sharedSecret: secrets[3] } }, 'credentials')
    const line = JSON.stringify(lines[0])
    for (const secret of secrets) expect(line).not.toContain(secret)
    expect(line).toContain('"clientId":"app"')
  })

  it('redacts credentials in child bindings and in objects nested in arrays, leaving the logged objects as they were', () => {
    const { lines, log } = capture()
    const call = { request: { headers: { Authorization: 'Bearer bound-secret', accept: 'application/json' } } }
    const calls = [{ attempt: 1, response: { body: { access_token: 'Atza|in-array' } } }]
    log.child({ marketplace: 'amazon' }).child({ upstream: call }).info({ calls }, 'retried')
    const line = JSON.stringify(lines[0])
    expect(line).not.toContain('bound-secret')
    expect(line).not.toContain('Atza|in-array')
    expect(lines[0]).toMatchObject({ marketplace: 'amazon', upstream: { request: { headers: { accept: 'application/json', Authorization: '[redacted]' } } }, calls: [{ attempt: 1 }] })
    expect(call.request.headers.Authorization).toBe('Bearer bound-secret')
    expect(calls[0]!.response.body.access_token).toBe('Atza|in-array')
  })

  it('keeps ECS conversion of errors', () => {
    const { lines, log } = capture()
    log.error({ err: new Error('broker gone') }, 'failed')
    expect(lines[0]).toMatchObject({ error: { message: 'broker gone', type: 'Error' } })
  })
})
