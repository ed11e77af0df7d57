import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadValidatedMapping } from './index.js'
import { sampleProduct } from './test-support/sample-catalog.js'

const MAPPINGS = fileURLToPath(new URL('../../../mappings/', import.meta.url))
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>

/** A copy of the shipped mappings folder a test may break. */
function mappingsCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'validated-mapping-'))
  cpSync(MAPPINGS, dir, { recursive: true })
  return dir
}

describe('loadValidatedMapping', () => {
  it('loads each shipped manifest with its rule count and the product types it can choose', async () => {
    for (const marketplace of ['amazon', 'b2b']) {
      const manifest = readJson(join(MAPPINGS, `${marketplace}.json`)) as { version: string; rules: unknown[]; productType: { rules: { productType: string }[]; default: string } }
      const loaded = await loadValidatedMapping(join(MAPPINGS, `${marketplace}.json`))
      expect(loaded.ok ? [] : loaded.problems, marketplace).toEqual([])
      if (!loaded.ok) continue
      expect(loaded.mapping).toMatchObject({ marketplace, version: manifest.version, ruleCount: manifest.rules.length })
      expect([...loaded.mapping.productTypes].sort()).toEqual([...new Set([...manifest.productType.rules.map((rule) => rule.productType), manifest.productType.default])].sort())
    }
  }, 60_000)

  it('reports every product type schema it cannot load at the manifest path that names it, with the name', async () => {
    const dir = mappingsCopy()
    rmSync(join(dir, 'product-types/WATCH.json'))
    writeFileSync(join(dir, 'product-types/COAT.json'), '{ "type": ')
    const loaded = await loadValidatedMapping(join(dir, 'amazon.json'))
    expect(loaded.ok).toBe(false)
    if (loaded.ok) return
    expect(loaded.problems).toEqual([
      { path: '/validation/productTypeSchemas/COAT', message: expect.stringMatching(/^cannot load the product type schema: .*JSON/) as unknown, value: 'product-types/COAT.json' },
      { path: '/validation/productTypeSchemas/WATCH', message: expect.stringMatching(/^cannot load the product type schema: ENOENT.*WATCH\.json/) as unknown, value: 'product-types/WATCH.json' },
    ])
  }, 60_000)

  it('reports a missing B2B attributes file at /validation, naming the file', async () => {
    const dir = mappingsCopy()
    rmSync(join(dir, 'product-types/b2b-attributes.json'))
    const loaded = await loadValidatedMapping(join(dir, 'b2b.json'))
    expect(loaded).toEqual({
      ok: false,
      problems: [{ path: '/validation', message: expect.stringMatching(/^cannot load the B2B attributes file: .*ENOENT/) as unknown, value: 'product-types/b2b-attributes.json' }],
    })
  })

  it('reports a file that is not JSON at the root, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'validated-mapping-'))
    writeFileSync(join(dir, 'broken.json'), '{ "marketplace": ')
    const loaded = await loadValidatedMapping(join(dir, 'broken.json'))
    expect(loaded).toEqual({ ok: false, problems: [{ path: '/', message: expect.stringContaining(join(dir, 'broken.json')) as unknown }] })
  })

  it('keeps the mapped payload of a product that maps but fails validation, to show what is wrong', async () => {
    const dir = mappingsCopy()
    const schemaFile = join(dir, 'product-types/LUGGAGE.json')
    const schema = readJson(schemaFile) as { required: string[] }
    writeFileSync(schemaFile, JSON.stringify({ ...schema, required: [...schema.required, 'model_name'] }))
    const loaded = await loadValidatedMapping(join(dir, 'amazon.json'))
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems))
    const outcome = await loaded.mapping.map(await sampleProduct('24-MB01'))
    expect(outcome).toMatchObject({ ok: false, productType: 'LUGGAGE', problems: [{ stage: 'VALIDATION', rule: 'model_name', path: 'attributes.model_name' }] })
    expect(outcome.payload).toMatchObject({ productType: 'LUGGAGE', attributes: { item_name: [{ value: 'Joust Duffle Bag' }] } })
  }, 60_000)
})
