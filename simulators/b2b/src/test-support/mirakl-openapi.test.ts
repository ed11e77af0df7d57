import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fixturesDir } from '../fixtures-dir.js'
import { loadMiraklSpec } from './mirakl-openapi.js'

const spec = loadMiraklSpec()
const examplesDir = join(fixturesDir(), 'mirakl', 'examples')

describe('the Mirakl seller spec as validators', () => {
  it('is OpenAPI 3.1, validated with the JSON Schema 2020-12 dialect', () => {
    expect(spec.version).toBe('3.1.0')
  })

  it('accepts every JSON example the spec carries, after the documented changes', () => {
    const examples = spec.examples().filter((example) => example.mediaType.includes('json'))
    expect(examples.length).toBeGreaterThan(20)
    for (const example of examples) {
      const errors = example.where === 'request' ? spec.validateRequest(example.operationId, example.value) : spec.validateResponse(example.operationId, Number(example.where.slice(9)), example.value)
      expect({ example: `${example.operationId} ${example.where} ${example.name}`, errors }).toEqual({ example: `${example.operationId} ${example.where} ${example.name}`, errors: [] })
    }
  })

  it('accepts the example files in fixtures/mirakl/examples for their operations', () => {
    const files = readdirSync(examplesDir)
    expect(files).toEqual(expect.arrayContaining(['OF24.request.json', 'OF02.response.json', 'OF21.response.json', 'P41.response.json', 'P42.response.json', 'PM11.response.json', 'VL11.response.json']))
    for (const file of files) {
      const [operationId, kind] = file.split('.') as [string, string]
      const body: unknown = JSON.parse(readFileSync(join(examplesDir, file), 'utf8'))
      const status = ['OF24', 'P41', 'STO01'].includes(operationId) ? 201 : 200
      const errors = kind === 'request' ? spec.validateRequest(operationId, body) : spec.validateResponse(operationId, status, body)
      expect({ file, errors }).toEqual({ file, errors: [] })
    }
  })

  it('rejects misspelt fields, wrong types, missing required fields and bad formats, so the checks cannot pass vacuously', () => {
    const of02 = JSON.parse(readFileSync(join(examplesDir, 'OF02.response.json'), 'utf8')) as Record<string, unknown>
    expect(spec.validateResponse('OF02', 200, { ...of02, lines_readd: 1 })).not.toEqual([])
    expect(spec.validateResponse('OF02', 200, { ...of02, lines_read: '1' })).not.toEqual([])
    expect(spec.validateResponse('OF02', 200, { ...of02, date_created: 'yesterday' })).not.toEqual([])
    expect(spec.validateResponse('OF02', 200, { ...of02, status: undefined })).not.toEqual([])
    expect(spec.validateResponse('OF24', 201, { import_id: 'x' })).not.toEqual([])
    expect(spec.validateRequest('OF24', { offers: [{ shop_sku: 'A' }] })).not.toEqual([])
    expect(spec.validateRequest('OF24', { offers: [{ shop_sku: 'A', price: 1, product_id: 'x', product_id_type: 'EAN', state_code: '11', update_delete: '', quantity: 'many' }] })).not.toEqual([])
    // Answers stay strict about numbers: only requests may carry them as strings.
    expect(spec.validateSchema('OF21_Response_200_Offers_Warehouses', { code: 'W', quantity: '5' })).not.toEqual([])
  })

  it('names what each operation answers with: media types and headers', () => {
    expect(spec.responseMediaTypes('OF03', 200)).toEqual(['application/octet-stream'])
    expect(spec.responseHeaders('OF24', 201)).toEqual(['Location'])
    expect(spec.responseHeaders('P41', 201)).toEqual(['Location'])
    expect(() => spec.validateResponse('OF24', 200, {})).toThrow(/declares no 200/)
  })
})
