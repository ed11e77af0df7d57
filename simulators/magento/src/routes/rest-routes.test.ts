import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMagentoSimulator, type MagentoSimulator } from '../app.js'
import type { MagentoProduct } from '../catalog/product-types.js'
import { loadMagentoSwagger } from '../test-support/magento-swagger.js'

const validate = loadMagentoSwagger()
const auth = { authorization: 'Bearer sim-admin-token' }
let sim: MagentoSimulator

beforeAll(() => {
  sim = createMagentoSimulator({ logLevel: 'silent' })
})
afterAll(async () => {
  await sim.app.close()
})

async function get(url: string, headers: Record<string, string> = auth) {
  return sim.app.inject({ method: 'GET', url, headers })
}

interface SearchResults {
  items: MagentoProduct[]
  total_count: number
  search_criteria: Record<string, unknown>
}

function criteria(parts: Record<string, string | number>): string {
  return Object.entries(parts)
    .map(([key, value]) => `searchCriteria${key}=${encodeURIComponent(String(value))}`)
    .join('&')
}

describe('REST responses match the 2.4.8 swagger', () => {
  it('rejects a broken product, so the checks below cannot pass vacuously', () => {
    expect(validate('catalog-data-product-interface', { sku: 'X', price: 'cheap' })).not.toEqual([])
    expect(validate('catalog-data-product-interface', { name: 'no sku' })).not.toEqual([])
    expect(validate('catalog-data-product-interface', { sku: 'X', prise: 1 })).not.toEqual([])
    expect(validate('catalog-data-product-interface', { sku: 'X', custom_attributes: [{ attribute_code: 'color', value: 52 }] })).not.toEqual([])
  })

  it('serves configurable and simple products as catalog-data-product-interface', async () => {
    for (const sku of ['MH01', 'MH01-XS-Black', '24-MB01', '24-WG081-gray']) {
      const response = await get(`/rest/V1/products/${sku}`)
      expect(response.statusCode).toBe(200)
      expect(validate('catalog-data-product-interface', response.json())).toEqual([])
    }
  })

  it('serves a search page as catalog-data-product-search-results-interface', async () => {
    const response = await get(`/rest/V1/products?${criteria({ '[pageSize]': 5, '[currentPage]': 2, '[sortOrders][0][field]': 'entity_id', '[sortOrders][0][direction]': 'DESC' })}`)
    expect(validate('catalog-data-product-search-results-interface', response.json())).toEqual([])
  })

  it('serves attributes, options, stock items, categories and children in their swagger shapes', async () => {
    expect(validate('catalog-data-product-attribute-interface', (await get('/rest/V1/products/attributes/color')).json())).toEqual([])
    expect(validate('catalog-data-product-attribute-interface', (await get('/rest/V1/products/attributes/gtin')).json())).toEqual([])
    expect(validate('eav-data-attribute-option-interface', (await get('/rest/V1/products/attributes/material/options')).json(), { array: true })).toEqual([])
    expect(validate('catalog-inventory-data-stock-item-interface', (await get('/rest/V1/stockItems/24-MB01')).json())).toEqual([])
    expect(validate('catalog-data-category-interface', (await get('/rest/V1/categories/16')).json())).toEqual([])
    expect(validate('catalog-data-product-interface', (await get('/rest/V1/configurable-products/MH01/children')).json(), { array: true })).toEqual([])
    expect(validate('error-response', (await get('/rest/V1/products/NOPE')).json())).toEqual([])
  })

  it('lists every attribute with its options as catalog-data-product-attribute-search-results-interface', async () => {
    const response = await get(`/rest/V1/products/attributes?${criteria({ '[pageSize]': 20, '[currentPage]': 1 })}`)
    expect(response.statusCode).toBe(200)
    const body = response.json<{ items: { attribute_code: string; options: { label: string; value: string }[] }[]; total_count: number }>()
    expect(validate('catalog-data-product-attribute-search-results-interface', body)).toEqual([])
    expect(body.items).toHaveLength(20)
    const all = await get(`/rest/V1/products/attributes?${criteria({ '[pageSize]': 1000, '[currentPage]': 1 })}`)
    const color = all.json<typeof body>().items.find((item) => item.attribute_code === 'color')!
    expect(color.options).toEqual((await get('/rest/V1/products/attributes/color/options')).json())
    expect(all.json<typeof body>().items).toHaveLength(body.total_count)
  })
})

describe('GET /V1/products/{sku}', () => {
  it('answers under /rest/V1, /rest/default/V1 and /rest/all/V1 alike', async () => {
    const bodies = await Promise.all(['/rest/V1', '/rest/default/V1', '/rest/all/V1'].map(async (prefix) => (await get(`${prefix}/products/24-MB01`)).json<MagentoProduct>()))
    expect(bodies[1]).toEqual(bodies[0])
    expect(bodies[2]).toEqual(bodies[0])
  })

  it("answers an unknown SKU with Magento's 404 body", async () => {
    const response = await get('/rest/V1/products/NOPE')
    expect(response.statusCode).toBe(404)
    expect(response.json()).toEqual({ message: "The product that was requested doesn't exist. Verify the product and try again.", parameters: [] })
  })

  it('answers an unknown store code as an unmatched route', async () => {
    const response = await get('/rest/fr/V1/products/24-MB01')
    expect(response.statusCode).toBe(404)
    expect(response.json()).toEqual({ message: 'Request does not match any route.', parameters: [] })
  })
})

describe('authorization', () => {
  it('refuses a call without the bearer token with 401 naming the ACL resource', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: 'sim-admin-token' }] as Record<string, string>[]) {
      const response = await get('/rest/V1/products/24-MB01', headers)
      expect(response.statusCode).toBe(401)
      expect(response.json()).toEqual({ message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'Magento_Catalog::products' } })
    }
    expect((await get('/rest/V1/products?searchCriteria[pageSize]=1', {})).statusCode).toBe(401)
  })

  it('hands out the token as a bare JSON string for the admin credentials', async () => {
    const response = await sim.app.inject({ method: 'POST', url: '/rest/V1/integration/admin/token', payload: { username: 'admin', password: 'admin123' } })
    expect(response.statusCode).toBe(200)
    expect(response.body).toBe('"sim-admin-token"')
    const wrong = await sim.app.inject({ method: 'POST', url: '/rest/V1/integration/admin/token', payload: { username: 'admin', password: 'nope' } })
    expect(wrong.statusCode).toBe(401)
  })
})

describe('GET /V1/products search', () => {
  it('pages through the whole catalog with total_count and no repeats', async () => {
    const pageSize = 500
    const first = (await get(`/rest/V1/products?${criteria({ '[pageSize]': pageSize, '[currentPage]': 1 })}`)).json<SearchResults>()
    const pages = Math.ceil(first.total_count / pageSize)
    const skus = new Set(first.items.map((item) => item.sku))
    for (let page = 2; page <= pages; page++) {
      const body = (await get(`/rest/V1/products?${criteria({ '[pageSize]': pageSize, '[currentPage]': page })}`)).json<SearchResults>()
      for (const item of body.items) skus.add(item.sku)
    }
    expect(first.total_count).toBe(sim.store.size)
    expect(skus.size).toBe(sim.store.size)
    expect(first.search_criteria).toEqual({ filter_groups: [], page_size: pageSize, current_page: 1 })
  })

  it('answers with only the fields asked for by `fields`, and ignores a malformed one', async () => {
    const query = criteria({ '[pageSize]': 3, '[currentPage]': 1 })
    const full = (await get(`/rest/V1/products?${query}`)).json<SearchResults>()
    const slim = (await get(`/rest/V1/products?${query}&fields=${encodeURIComponent('items[id,sku],total_count')}`)).json<SearchResults>()
    expect(slim).toEqual({ items: full.items.map(({ id, sku }) => ({ id, sku })), total_count: full.total_count })
    expect((await get(`/rest/V1/products?${query}&fields=${encodeURIComponent('items[id')}`)).json()).toEqual(full)
    expect((await get(`/rest/V1/products/MH01?fields=sku,type_id`)).json()).toEqual({ sku: 'MH01', type_id: 'configurable' })
  })

  it('answers a page past the end with the last page, as Magento does', async () => {
    const last = (await get(`/rest/V1/products?${criteria({ '[pageSize]': 100, '[currentPage]': Math.ceil(sim.store.size / 100) })}`)).json<SearchResults>()
    const beyond = (await get(`/rest/V1/products?${criteria({ '[pageSize]': 100, '[currentPage]': 999 })}`)).json<SearchResults>()
    expect(beyond.items.map((item) => item.sku)).toEqual(last.items.map((item) => item.sku))
    expect(beyond.search_criteria.current_page).toBe(999)
  })

  it('filters on updated_at with gt and gteq and sorts by it', async () => {
    const pivot = (await get('/rest/V1/products/MH01')).json<MagentoProduct>().updated_at
    const filter = (condition: string) => ({
      '[filter_groups][0][filters][0][field]': 'updated_at',
      '[filter_groups][0][filters][0][value]': pivot,
      '[filter_groups][0][filters][0][condition_type]': condition,
      '[sortOrders][0][field]': 'updated_at',
      '[sortOrders][0][direction]': 'ASC',
    })
    const gt = (await get(`/rest/V1/products?${criteria(filter('gt'))}`)).json<SearchResults>()
    const gteq = (await get(`/rest/V1/products?${criteria(filter('gteq'))}`)).json<SearchResults>()
    expect(gt.items.every((item) => item.updated_at > pivot)).toBe(true)
    expect(gteq.total_count).toBe(gt.total_count + 1)
    expect(gteq.items[0]?.sku).toBe('MH01')
    const stamps = gt.items.map((item) => item.updated_at)
    expect(stamps).toEqual([...stamps].sort())
  })

  it('filters on sku with eq and in, and on entity_id with eq', async () => {
    const eq = (await get(`/rest/V1/products?${criteria({ '[filter_groups][0][filters][0][field]': 'sku', '[filter_groups][0][filters][0][value]': 'MH01' })}`)).json<SearchResults>()
    expect(eq.items.map((item) => item.sku)).toEqual(['MH01'])
    expect(eq.search_criteria.filter_groups).toEqual([{ filters: [{ field: 'sku', value: 'MH01', condition_type: 'eq' }] }])
    const inList = (await get(`/rest/V1/products?${criteria({ '[filter_groups][0][filters][0][field]': 'sku', '[filter_groups][0][filters][0][value]': '24-MB01,MH01,NOPE', '[filter_groups][0][filters][0][condition_type]': 'in' })}`)).json<SearchResults>()
    expect(inList.items.map((item) => item.sku).sort()).toEqual(['24-MB01', 'MH01'])
    const byId = (await get(`/rest/V1/products?${criteria({ '[filter_groups][0][filters][0][field]': 'entity_id', '[filter_groups][0][filters][0][value]': 1, '[filter_groups][0][filters][0][condition_type]': 'eq' })}`)).json<SearchResults>()
    expect(byId.items.map((item) => item.id)).toEqual([1])
  })

  it('matches in and nin lists by number or case-insensitive text, as MySQL compares them', async () => {
    const filter = (field: string, value: string, condition: string) => ({ '[filter_groups][0][filters][0][field]': field, '[filter_groups][0][filters][0][value]': value, '[filter_groups][0][filters][0][condition_type]': condition })
    const ids = (await get(`/rest/V1/products?${criteria(filter('entity_id', '2, 1,03,999999', 'in'))}`)).json<SearchResults>()
    expect(ids.items.map((item) => item.id)).toEqual([1, 2, 3])
    const skus = (await get(`/rest/V1/products?${criteria(filter('sku', 'mh01,24-mb01', 'in'))}`)).json<SearchResults>()
    expect(skus.items.map((item) => item.sku).sort()).toEqual(['24-MB01', 'MH01'])
    const all = (await get(`/rest/V1/products?${criteria({ '[pageSize]': 1 })}`)).json<SearchResults>()
    const rest = (await get(`/rest/V1/products?${criteria(filter('entity_id', '1,2', 'nin'))}`)).json<SearchResults>()
    expect(rest.total_count).toBe(all.total_count - 2)
    expect(rest.items.some((item) => item.id === 1 || item.id === 2)).toBe(false)
  })

  it('ANDs filter groups and ORs the filters inside a group', async () => {
    const body = (
      await get(
        `/rest/V1/products?${criteria({
          '[filter_groups][0][filters][0][field]': 'sku',
          '[filter_groups][0][filters][0][value]': 'MH01',
          '[filter_groups][0][filters][1][field]': 'sku',
          '[filter_groups][0][filters][1][value]': '24-MB01',
          '[filter_groups][1][filters][0][field]': 'type_id',
          '[filter_groups][1][filters][0][value]': 'configurable',
        })}`,
      )
    ).json<SearchResults>()
    expect(body.items.map((item) => item.sku)).toEqual(['MH01'])
  })

  it('accepts the camelCase names the swagger lists', async () => {
    const body = (await get(`/rest/V1/products?${criteria({ '[filterGroups][0][filters][0][field]': 'sku', '[filterGroups][0][filters][0][value]': 'MH01', '[filterGroups][0][filters][0][conditionType]': 'eq' })}`)).json<SearchResults>()
    expect(body.total_count).toBe(1)
  })

  it('requires searchCriteria, as getList does', async () => {
    const response = await get('/rest/V1/products')
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({ message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'searchCriteria' } })
  })

  it('refuses a non-integer page size with 400', async () => {
    const response = await get('/rest/V1/products?searchCriteria[pageSize]=ten')
    expect(response.statusCode).toBe(400)
    expect(response.json<{ message: string }>().message).toMatch(/"int" type was expected/)
  })
})

describe('attributes, stock, categories, children', () => {
  it('lists select options with the empty option first and ids as strings', async () => {
    const options = (await get('/rest/V1/products/attributes/color/options')).json<{ label: string; value: string }[]>()
    expect(options[0]).toEqual({ label: ' ', value: '' })
    const black = options.find((option) => option.label === 'Black')
    const child = (await get('/rest/V1/products/MH01-XS-Black')).json<MagentoProduct>()
    expect(child.custom_attributes.find((attribute) => attribute.attribute_code === 'color')?.value).toBe(black?.value)
  })

  it('answers 404 for an unknown attribute and [] options for a text attribute', async () => {
    expect((await get('/rest/V1/products/attributes/nope/options')).statusCode).toBe(404)
    expect((await get('/rest/V1/products/attributes/gtin/options')).json()).toEqual([])
  })

  it('answers the stock item of a SKU and 404 with the SKU for an unknown one', async () => {
    expect((await get('/rest/V1/stockItems/MH01-XS-Black')).json()).toMatchObject({ qty: 100, is_in_stock: true })
    const missing = await get('/rest/V1/stockItems/NOPE')
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toEqual({ message: 'The Product with the "%1" SKU doesn\'t exist.', parameters: ['NOPE'] })
  })

  it('answers a category and 404 for an unknown id', async () => {
    expect((await get('/rest/V1/categories/11')).json()).toMatchObject({ id: 11, name: 'Men', parent_id: 2, path: '1/2/11' })
    expect((await get('/rest/V1/categories/9999')).json()).toEqual({ message: 'No such entity with %fieldName = %fieldValue', parameters: { fieldName: 'id', fieldValue: '9999' } })
  })

  it('lists the children of a configurable and none for a simple product', async () => {
    const parent = (await get('/rest/V1/products/MH01')).json<MagentoProduct>()
    const children = (await get('/rest/V1/configurable-products/MH01/children')).json<MagentoProduct[]>()
    expect(children.map((child) => child.id)).toEqual(parent.extension_attributes.configurable_product_links)
    expect((await get('/rest/V1/configurable-products/24-MB01/children')).json()).toEqual([])
  })
})
