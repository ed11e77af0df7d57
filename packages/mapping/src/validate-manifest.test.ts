import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isAppError, LS_ERR_MAPPING_MANIFEST_INVALID, LS_ERR_MAPPING_MANIFEST_UNREADABLE } from '@listing-sync/errors'
import { buildMappingSchema, compileManifest, loadManifest, loadManifests, manifestFiles, validateManifest } from './index.js'
import { MAPPING_SCHEMA_FILE, mappingSchemaText } from './write-mapping-schema.js'

const MAPPINGS = fileURLToPath(new URL('../../../mappings/', import.meta.url))
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'))
const invalid = () => readJson(fileURLToPath(new URL('./test-support/invalid-manifest.json', import.meta.url)))

describe('mapping.schema.json', () => {
  it('is exactly what the transform registry generates (run write-mapping-schema.ts after adding a transform)', () => {
    expect(readFileSync(MAPPING_SCHEMA_FILE, 'utf8')).toBe(mappingSchemaText())
  })

  it('gives every property a title, a description and examples, and closes every object', () => {
    const missing: string[] = []
    const visit = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((item, index) => visit(item, `${path}/${index}`))
      if (typeof node !== 'object' || node === null) return
      const schema = node as Record<string, unknown>
      if (typeof schema.properties === 'object' && schema.properties !== null && !path.includes('/if')) {
        for (const [name, property] of Object.entries(schema.properties)) {
          for (const key of ['title', 'description', 'examples']) if (!(key in (property as object))) missing.push(`${path}/properties/${name}: no ${key}`)
        }
        // `then` branches and plain objects are closed; the outer transform/condition/validation
        // objects only pick the branch by `type`.
        // The condition's first branch only checks that `type` is a known kind; the branch per kind closes it.
        if (schema.additionalProperties !== false && !('allOf' in schema) && path !== '' && path !== '/$defs/condition/allOf/0/then') missing.push(`${path}: additionalProperties is not false`)
      }
      for (const [key, value] of Object.entries(schema)) visit(value, `${path}/${key}`)
    }
    visit(buildMappingSchema(), '')
    expect(missing).toEqual([])
  })
})

describe('validateManifest', () => {
  it('accepts the shipped manifests', () => {
    for (const name of ['amazon.json', 'b2b.json']) {
      const result = validateManifest(readJson(join(MAPPINGS, name)))
      expect(result.ok ? [] : result.problems, name).toEqual([])
    }
  })

  it('reports every mistake of a manifest with its JSON path, not just the first', () => {
    const result = validateManifest(invalid())
    expect(result.ok).toBe(false)
    if (result.ok) return
    const found = result.problems.map((problem) => `${problem.path}: ${problem.message}`)
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/version: must match pattern/),
        '/productType/rules/0/when: needs one of id, name, path',
        '/rules/0/transforms/0/max: must be >= 1',
        expect.stringMatching(/^\/rules\/1\/transforms\/0\/type: unknown transform "shout"; known transforms: trim, stripHtml, .*truncate/),
        '/rules/2/target: duplicate target: /rules/0 also writes attributes.item_name',
        expect.stringMatching(/^\/rules\/2\/from: unknown root "title": a path starts with a Product field \(sku, .*\), \$constants or \$productType$/),
        expect.stringMatching(/^\/rules\/3\/expr: JSONata does not compile: /),
        '/rules/4/transforms/0/to: cannot convert length (in) into weight (kg)',
        '/rules/5/colour: is not allowed here',
        '/rules/5/from: unknown constant "nope"; constants: marketplaceId',
        expect.stringMatching(/^\/rules\/6\/when: JSONata does not compile: /),
        '/rules/6/transforms/0/min: min (10) must be <= max (1)',
        '/rules/7/required: must be boolean',
        '/validation/productTypeSchemas: product type PRODUCT can be selected but has no schema file',
      ]),
    )
    // The offending values come along for the CLI to show.
    expect(result.problems.find((problem) => problem.path === '/rules/1/transforms/0/type')?.value).toBe('shout')
  })

  it('gives every problem of the invalid manifest the offending value', () => {
    const result = validateManifest(invalid())
    if (result.ok) return expect.unreachable()
    expect(result.problems.filter((problem) => problem.value === undefined)).toEqual([])
    const value = (path: string) => result.problems.find((problem) => problem.path === path)?.value
    expect(value('/version')).toBe('1.0')
    expect(value('/rules/0/transforms/0/max')).toBe(0)
    expect(value('/rules/5/colour')).toBe('red')
    expect(value('/productType/rules/0/when')).toEqual({ type: 'category' })
    expect(value('/validation/productTypeSchemas')).toBe('PRODUCT')
  })

  it('gives the offending condition, sources or rule where no single value is wrong', () => {
    const result = validateManifest({
      marketplace: 'x',
      version: '1.0.0',
      productType: { rules: [{ when: { type: 'attributeSet' }, productType: 'A' }], default: 'A' },
      rules: [
        { target: 'a', from: 'sku', value: 'fixed' },
        { target: 'b' },
        { target: 'c', from: 'sku', when: { type: 'attribute', attribute: 'color' } },
      ],
      validation: { type: 'b2bAttributes', requiredAttributes: ['a'] },
    })
    if (result.ok) return expect.unreachable()
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { path: '/productType/rules/0/when', message: 'needs names, ids or both', value: { type: 'attributeSet' } },
        { path: '/rules/0', message: 'has from and value: give at most one of from, expr, value', value: { from: 'sku', value: 'fixed' } },
        { path: '/rules/1', message: expect.stringMatching(/^has no source/) as unknown, value: { target: 'b' } },
        { path: '/rules/2/when', message: 'needs one of equals, in, exists', value: { type: 'attribute', attribute: 'color' } },
      ]),
    )
  })

  it('reports a missing top-level section and a wrong transform argument type together', () => {
    const result = validateManifest({ marketplace: 'x', version: '1.0.0', rules: [{ target: 'a', from: 'sku', transforms: [{ type: 'truncate', max: 'ten' }] }], validation: { type: 'b2bAttributes', requiredAttributes: ['b'] } })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems.map((problem) => `${problem.path}: ${problem.message}`)).toEqual(
      expect.arrayContaining(['/productType: is required', '/rules/0/transforms/0/max: must be integer', '/validation/requiredAttributes/0: no rule writes b']),
    )
  })
})

describe('loading manifests', () => {
  it('loads every manifest of mappings/ keyed by marketplace, with validation files resolved beside them', () => {
    const mappings = loadManifests(MAPPINGS)
    expect([...mappings.keys()].sort()).toEqual(['amazon', 'b2b'])
    const amazon = mappings.get('amazon')!
    expect(amazon.validation.type).toBe('amazonProductType')
    if (amazon.validation.type === 'amazonProductType') expect(amazon.validation.productTypeSchemas.LUGGAGE).toBe(join(MAPPINGS, 'product-types/LUGGAGE.json'))
    expect(mappings.get('b2b')!.validation).toMatchObject({ type: 'b2bAttributes', requiredAttributes: expect.arrayContaining(['offer.quantity']) as unknown })
  })

  it('refuses an invalid manifest with LS_ERR_MAPPING_MANIFEST_INVALID carrying every problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mapping-test-'))
    const file = join(dir, 'bad.json')
    writeFileSync(file, JSON.stringify(invalid()))
    expect(() => loadManifest(file)).toThrow(expect.objectContaining({ code: 'LS_ERR_MAPPING_MANIFEST_INVALID', message: expect.stringContaining('/rules/0/transforms/0/max: must be >= 1') as unknown }))
    try {
      compileManifest(invalid())
      expect.unreachable()
    } catch (error) {
      expect(isAppError(error, LS_ERR_MAPPING_MANIFEST_INVALID)).toBe(true)
      expect((error as { details: unknown[] }).details.length).toBeGreaterThanOrEqual(10)
    }
  })

  it('finds the manifests of a folder by their <marketplace>.json names, not the schema or product-types/', () => {
    expect(manifestFiles(MAPPINGS)).toEqual([join(MAPPINGS, 'amazon.json'), join(MAPPINGS, 'b2b.json')])
    const dir = mkdtempSync(join(tmpdir(), 'mapping-test-'))
    for (const name of ['b2b.json', 'mapping.schema.json', 'Amazon.json', 'notes.txt', 'new-market.json']) writeFileSync(join(dir, name), '{}')
    mkdirSync(join(dir, 'product-types.json'))
    expect(manifestFiles(dir)).toEqual([join(dir, 'b2b.json'), join(dir, 'new-market.json')])
  })

  it('refuses a file that is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mapping-test-'))
    writeFileSync(join(dir, 'broken.json'), '{ "marketplace": ')
    expect(() => loadManifest(join(dir, 'broken.json'))).toThrow(expect.objectContaining({ code: LS_ERR_MAPPING_MANIFEST_UNREADABLE.definition.code }))
  })
})
