import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { REDACTED, SECRET_KEYS, redactSecrets } from './redact-secrets.js'

describe('redactSecrets', () => {
  it('returns a value without secrets as it is, and never changes its input', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const before = JSON.stringify(value)
        const redacted = redactSecrets(value)
        expect(JSON.stringify(value)).toBe(before)
        if (depthOfSecrets(value) === 0) expect(redacted).toBe(value)
      }),
    )
  })

  it('leaves no secret value in any nesting of objects and arrays', () => {
    const secretKey = fc.constantFrom(...SECRET_KEYS, 'Authorization', 'X-Api-Key', 'clientSecret')
    const withSecrets = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.string(),
        fc.integer(),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.oneof(fc.string(), secretKey), tie('node'), { maxKeys: 4 }),
        secretKey.map((key) => ({ [key]: 'SECRET-VALUE' })),
      ),
    })).node
    fc.assert(
      fc.property(withSecrets, (value) => {
        const text = JSON.stringify(redactSecrets(value)) ?? ''
        if (depthOfSecrets(value) < 8) expect(text).not.toContain('SECRET-VALUE')
      }),
    )
  })

  it('replaces the value whatever its type, and keeps the rest', () => {
    expect(redactSecrets({ headers: { authorization: 'Bearer x', 'x-amz-access-token': ['a'], accept: 'json' }, password: 12 })).toEqual({
      headers: { authorization: REDACTED, 'x-amz-access-token': REDACTED, accept: 'json' },
      password: REDACTED,
    })
  })

  it('does not search class instances, and ends on cycles', () => {
    const buffer = Buffer.from('apiKey')
    expect(redactSecrets({ buffer }).buffer).toBe(buffer)
    const cyclic: Record<string, unknown> = { name: 'a' }
    cyclic.self = cyclic
    expect(redactSecrets(cyclic)).toBe(cyclic)
  })
})

/** Depth of the deepest secret key in a value (0 when none); redaction searches 8 levels. */
function depthOfSecrets(value: unknown, depth = 0): number {
  if (value === null || typeof value !== 'object') return 0
  let deepest = 0
  for (const [key, item] of Object.entries(value)) {
    if (SECRET_KEYS.has(key.toLowerCase())) deepest = Math.max(deepest, depth + 1)
    deepest = Math.max(deepest, depthOfSecrets(item, depth + 1))
  }
  return deepest
}
