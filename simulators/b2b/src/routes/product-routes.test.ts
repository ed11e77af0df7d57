import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createB2bSimulator, type B2bSimulator } from '../app.js'
import { fixturesDir } from '../fixtures-dir.js'
import { loadMarketplaceConfig } from '../marketplace/marketplace-config.js'
import { loadMiraklSpec } from '../test-support/mirakl-openapi.js'
import { AUTH, client, multipart, productCsv, productRow, TestClock } from '../test-support/requests.js'

const spec = loadMiraklSpec()
const example = (file: string) => JSON.parse(readFileSync(join(fixturesDir(), 'mirakl', 'examples', file), 'utf8')) as Record<string, unknown>
const demoConfig = loadMarketplaceConfig()

let clock: TestClock
let sim: B2bSimulator
let api: ReturnType<typeof client>

beforeEach(() => {
  clock = new TestClock()
  sim = createB2bSimulator({ logLevel: 'silent', clock: clock.read, rateLimits: 'off', config: demoConfig })
  api = client(sim.app)
})
afterEach(async () => {
  await sim.app.close()
})

async function importProducts(csv: string, filename?: string): Promise<number> {
  const response = await api.postProducts(csv, filename)
  expect(response.statusCode).toBe(201)
  return response.json<{ import_id: number }>().import_id
}

async function status(importId: number) {
  const response = await api.get(`/api/products/imports/${importId}`)
  expect(response.statusCode).toBe(200)
  const body = response.json<Record<string, unknown>>()
  expect(spec.validateResponse('P42', 200, body)).toEqual([])
  return body
}

async function report(importId: number, path: 'error_report' | 'new_product_report') {
  const response = await api.get(`/api/products/imports/${importId}/${path}`)
  expect(response.statusCode).toBe(200)
  expect(spec.responseMediaTypes(path === 'error_report' ? 'P44' : 'P45', 200)).toContain(response.headers['content-type'])
  return parse<Record<string, string>>(response.body, { delimiter: ';', columns: true })
}

describe('P41 POST /api/products/imports and P42', () => {
  it('answers 201 with an import id and a Location header, as the spec and the P41 example have them', async () => {
    const body = await multipart({ file: { content: productCsv([productRow('24-MB01')]), filename: 'products.csv' }, operator_format: 'true' })
    const response = await sim.app.inject({ method: 'POST', url: '/api/products/imports', headers: { ...AUTH, ...body.headers }, payload: body.payload })
    expect(response.statusCode).toBe(201)
    expect(spec.validateResponse('P41', 201, response.json())).toEqual([])
    expect(Object.keys(response.json<object>())).toEqual(Object.keys(example('P41.response.json')))
    expect(response.headers.location).toMatch(new RegExp(`/api/products/imports/${response.json<{ import_id: number }>().import_id}$`))
    // The parts sent are those the spec's multipart schema names, the file required.
    expect(spec.validateRequest('P41', { file: '(binary)', operator_format: true }, 'multipart/form-data')).toEqual([])
    expect(spec.validateRequest('P41', { operator_format: true }, 'multipart/form-data')).not.toEqual([])
  })

  it('moves an import through WAITING, RUNNING and SENT to COMPLETE, and integrates the products only then', async () => {
    const importId = await importProducts(productCsv([productRow('24-MB01'), productRow('24-MG04', { category: 'watches' })]))
    expect(await status(importId)).toMatchObject({ import_status: 'WAITING', transform_lines_read: 0, shop_id: 2000 })
    clock.advance(1000)
    expect(await status(importId)).toMatchObject({ import_status: 'RUNNING' })
    clock.advance(1000)
    const sent = await status(importId)
    expect(sent).toMatchObject({ import_status: 'SENT', transform_lines_read: 2, transform_lines_in_success: 2, transform_lines_in_error: 0, has_error_report: false })
    expect(Object.keys(sent).sort()).toEqual(Object.keys(example('P42.response.json')).sort())
    expect(sim.state.shop(2000).products.size).toBe(0)
    clock.advance(1000)
    expect(await status(importId)).toMatchObject({ import_status: 'COMPLETE', has_new_product_report: true, has_error_report: false, integration_details: { products_successfully_synchronized: 2, invalid_products: 0 } })
    expect(sim.state.shop(2000).products.get('24-MB01')).toMatchObject({ sku: '24-MB01', product_sku: expect.stringMatching(/^MKP\d+$/) as unknown, attributes: { title: 'Product 24-MB01', category: 'bags' } })
    expect((await report(importId, 'new_product_report')).map((row) => row.sku)).toEqual(['24-MB01', '24-MG04'])
  })

  it('rejects lines that break the marketplace attributes into the P44 report, with the original columns, line and errors', async () => {
    const good = productRow('24-MB01')
    const importId = await importProducts(
      productCsv([
        good,
        productRow('NO-TITLE', { title: '' }),
        productRow('BAD-VALUES', { category: 'tents', weight_kg: 'heavy', main_image: 'ftp://example/x.jpg', color: 'Teal', title: 'x'.repeat(101) }),
        productRow('24-MB01', { title: 'Again' }),
        productRow('SAME-UPC', { upc: good.upc as string }),
        { ...productRow(''), sku: '' },
      ]),
    )
    clock.advance(3000)
    expect(await status(importId)).toMatchObject({ import_status: 'COMPLETE', transform_lines_read: 6, transform_lines_in_success: 1, transform_lines_in_error: 5, has_error_report: true, integration_details: { invalid_products: 5 } })
    const rows = await report(importId, 'error_report')
    expect(rows.map((row) => [row.sku, row['error-line']])).toEqual([
      ['NO-TITLE', '3'],
      ['BAD-VALUES', '4'],
      ['24-MB01', '5'],
      ['SAME-UPC', '6'],
      ['', '7'],
    ])
    expect(rows[0]?.['error-message']).toBe("The attribute 'title' is required")
    expect((rows[1]?.['error-message'] ?? '').split('; ').sort()).toEqual([
      "The attribute 'category' has the value \"tents\", which is not in the value list 'categories'",
      "The attribute 'color' has the value \"Teal\", which is not in the value list 'colors'",
      'The attribute \'main_image\' must be an http(s) URL (got "ftp://example/x.jpg")',
      "The attribute 'title' must be at most 100 characters (got 101)",
      'The attribute \'weight_kg\' must be a decimal number (got "heavy")',
    ])
    expect(rows[2]?.['error-message']).toBe("The product '24-MB01' appears more than once in this file")
    expect(rows[3]?.['error-message']).toBe(`The UPC '${good.upc}' already identifies the product '24-MB01'`)
    expect(rows[4]?.['error-message']).toContain("The product has no shop SKU (column 'sku')")
    expect(rows[1]).toMatchObject({ category: 'tents', weight_kg: 'heavy' })
    expect([...sim.state.shop(2000).products.keys()]).toEqual(['24-MB01'])
  })

  it('updates a known product in place, keeping its Mirakl SKU, and reports no new product', async () => {
    await importProducts(productCsv([productRow('24-MB01')]))
    clock.advance(3000)
    // Imports advance on every call, or on advance() for a caller that reads the state directly.
    sim.advance()
    const sku = sim.state.shop(2000).products.get('24-MB01')?.product_sku
    const again = await importProducts(productCsv([productRow('24-MB01', { title: 'Renamed' })]))
    clock.advance(3000)
    expect(await status(again)).toMatchObject({ import_status: 'COMPLETE', has_new_product_report: false })
    expect(sim.state.shop(2000).products.get('24-MB01')).toMatchObject({ product_sku: sku, attributes: { title: 'Renamed' } })
    expect((await api.get(`/api/products/imports/${again}/new_product_report`)).statusCode).toBe(404)
  })

  it('reads comma- and tab-separated files too', async () => {
    const comma = await importProducts(productCsv([productRow('C-1')], ','))
    const tab = await importProducts(productCsv([productRow('T-1')], '\t'))
    clock.advance(10_000)
    expect(await status(comma)).toMatchObject({ import_status: 'COMPLETE', transform_lines_in_success: 1 })
    expect(await status(tab)).toMatchObject({ import_status: 'COMPLETE', transform_lines_in_success: 1 })
  })

  it('fails a file it cannot read as products, with the reason, when it would have been sent', async () => {
    const noSku = await importProducts('"title";"brand"\n"A";"B"\n')
    const xml = await importProducts('<products><product/></products>', 'products.xml')
    const broken = await importProducts('"sku";"title"\n"A;"B\n')
    clock.advance(10_000)
    expect(await status(noSku)).toMatchObject({ import_status: 'FAILED', reason_status: "The file has no 'sku' column (header: title, brand)" })
    expect(await status(xml)).toMatchObject({ import_status: 'FAILED', reason_status: expect.stringContaining('CSV product files only') as unknown })
    expect(await status(broken)).toMatchObject({ import_status: 'FAILED', reason_status: expect.stringContaining('could not be read as CSV') as unknown })
    expect((await api.get(`/api/products/imports/${noSku}/error_report`)).statusCode).toBe(404)
    expect(sim.stats.snapshot().imports.products).toMatchObject({ created: 3, failed: 3 })
  })

  it('refuses a body that is not multipart (415), without a file part or with a broken one (400)', async () => {
    const json = await sim.app.inject({ method: 'POST', url: '/api/products/imports', headers: AUTH, payload: { file: 'sku\nA' } })
    expect(json.statusCode).toBe(415)
    expect(json.json()).toMatchObject({ status: 415 })
    const noFile = await multipart({ operator_format: 'true' })
    expect((await sim.app.inject({ method: 'POST', url: '/api/products/imports', headers: { ...AUTH, ...noFile.headers }, payload: noFile.payload })).json()).toEqual({ status: 400, message: "The part 'file' is required and must not be empty" })
    const broken = await sim.app.inject({ method: 'POST', url: '/api/products/imports', headers: { ...AUTH, 'content-type': 'multipart/form-data; boundary=x' }, payload: 'no boundary here' })
    expect(broken.statusCode).toBe(400)
    expect(sim.imports.all()).toEqual([])
  })

  it('answers 404 for an unknown import and for an offer import id', async () => {
    const offerImport = await sim.app.inject({ method: 'POST', url: '/api/offers', headers: AUTH, payload: { offers: [{ shop_sku: 'A' }] } })
    expect((await api.get(`/api/products/imports/${offerImport.json<{ import_id: number }>().import_id}`)).statusCode).toBe(404)
    expect((await api.get('/api/products/imports/424242')).json()).toEqual({ status: 404, message: 'Product import 424242 not found' })
    expect((await api.get('/api/products/imports/abc')).statusCode).toBe(400)
  })
})

describe('PM11 and VL11: the marketplace configuration', () => {
  it('serves the configured attributes in the PM11 shape, required ones REQUIRED, LIST ones naming their value list', async () => {
    const response = await api.get('/api/products/attributes')
    expect(spec.validateResponse('PM11', 200, response.json())).toEqual([])
    const attributes = response.json<{ attributes: { code: string; requirement_level: string; type: string; type_parameter: string | null; validations?: string }[] }>().attributes
    expect(attributes.map((attribute) => attribute.code)).toEqual(demoConfig.attributes.map((attribute) => attribute.code))
    expect(attributes.find((attribute) => attribute.code === 'title')).toMatchObject({ requirement_level: 'REQUIRED', type: 'TEXT', validations: 'MAX_LENGTH|100' })
    expect(attributes.find((attribute) => attribute.code === 'color')).toMatchObject({ requirement_level: 'OPTIONAL', type: 'LIST', type_parameter: 'colors' })
  })

  it('serves the value lists in the VL11 shape, all or one by code', async () => {
    const all = await api.get('/api/values_lists')
    expect(spec.validateResponse('VL11', 200, all.json())).toEqual([])
    expect(all.json<{ values_lists: { code: string }[] }>().values_lists.map((list) => list.code)).toEqual(Object.keys(demoConfig.valueLists))
    const genders = (await api.get('/api/values_lists?code=genders')).json<{ values_lists: { code: string; values: { code: string }[] }[] }>()
    expect(genders.values_lists).toHaveLength(1)
    expect(genders.values_lists[0]?.values.map((value) => value.code)).toEqual(['Men', 'Women', 'Boys', 'Girls', 'Unisex'])
    // Same keys as Mirakl's VL11 example, at both levels.
    const exampleList = (example('VL11.response.json').values_lists as Record<string, unknown>[])[0] as Record<string, unknown>
    expect(Object.keys(genders.values_lists[0] as object).sort()).toEqual(Object.keys(exampleList).sort())
    expect(Object.keys(genders.values_lists[0]?.values[0] as object).sort()).toEqual(Object.keys((exampleList.values as object[])[0] as object).sort())
  })
})
