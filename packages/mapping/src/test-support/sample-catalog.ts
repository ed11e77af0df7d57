// Real canonical products for tests and the benchmark: the Magento simulator's Luma catalog read
// through `app.inject` and normalised by ingest's normaliseProduct, with an in-memory context that
// does what services/ingest/src/pipeline/magento-lookups.ts does against a live Magento.
import type { Product } from '@listing-sync/catalog'
import { createMagentoSimulator } from '@listing-sync/simulator-magento'
import { magentoProductSchema, normaliseProduct, type NormaliseContext } from '../../../../services/ingest/src/magento/index.js'

const TOKEN = 'sim-admin-token'

interface RestAttribute {
  attribute_id: number | string
  attribute_code: string
  options?: { label: string; value: string | number }[]
}

let catalog: Promise<Product[]> | undefined

/**
 * Every product of the simulated Luma catalog as canonical Products, in entity id order (cached
 * per process). Children carry their parent, as ingest's enricher and backfill publish them.
 */
export function sampleProducts(): Promise<Product[]> {
  catalog ??= loadSampleProducts()
  return catalog
}

/** One product of the sample catalog by SKU; throws when there is none. */
export async function sampleProduct(sku: string): Promise<Product> {
  const product = (await sampleProducts()).find((candidate) => candidate.sku === sku)
  if (!product) throw new Error(`no sample product ${sku}`)
  return structuredClone(product)
}

async function loadSampleProducts(): Promise<Product[]> {
  const simulator = createMagentoSimulator({ logLevel: 'silent' })
  const get = async <T>(url: string): Promise<T> => {
    const response = await simulator.app.inject({ method: 'GET', url: `/rest/default/V1${url}`, headers: { authorization: `Bearer ${TOKEN}` } })
    if (response.statusCode !== 200) throw new Error(`GET ${url} answered ${response.statusCode}: ${response.body}`)
    return response.json<T>()
  }
  try {
    const attributes = (await get<{ items: RestAttribute[] }>('/products/attributes?searchCriteria[pageSize]=1000')).items
    const labels = new Map<string, Map<string, string>>()
    const codes = new Map<number, string>()
    for (const attribute of attributes) {
      codes.set(Number(attribute.attribute_id), attribute.attribute_code)
      // As MagentoLookups: the blank first option is dropped, labels trimmed, no options → undefined.
      const entries = (attribute.options ?? []).filter((option) => option.value !== '').map((option) => [String(option.value), option.label.trim()] as const)
      if (entries.length > 0) labels.set(attribute.attribute_code, new Map(entries))
    }
    const rawProducts = (await get<{ items: unknown[] }>('/products?searchCriteria[pageSize]=10000')).items
    const products = rawProducts.map((item) => magentoProductSchema.parse(item))
    const skuById = new Map(products.map((product) => [product.id, product.sku]))
    const categories = new Map<number, Promise<{ name: string; pathIds: number[] } | undefined>>()
    const category = (id: number) => {
      let found = categories.get(id)
      if (!found) {
        found = get<{ name: string; path?: string }>(`/categories/${id}`).then(
          (body) => ({ name: body.name, pathIds: (body.path ?? '').split('/').map(Number).filter((n) => Number.isInteger(n) && n > 0) }),
          () => undefined,
        )
        categories.set(id, found)
      }
      return found
    }
    const context: NormaliseContext = {
      storeCode: 'default',
      currency: 'USD',
      weightUnit: 'LB',
      mediaBaseUrl: 'https://shop.example/media',
      optionLabels: (code) => Promise.resolve(labels.get(code)),
      category: async (id) => {
        const entry = await category(id)
        if (!entry) return undefined
        // Id 1 is Magento's invisible "Root Catalog", as in MagentoLookups.category.
        const names = await Promise.all(entry.pathIds.filter((pathId) => pathId !== 1).map(async (pathId) => (pathId === id ? entry : await category(pathId))?.name))
        return { name: entry.name, path: names.filter((name): name is string => name !== undefined) }
      },
      childSkus: (ids) => Promise.resolve(ids.flatMap((id) => (skuById.has(id) ? [skuById.get(id)!] : []))),
      attributeCode: (id) => Promise.resolve(codes.get(id)),
    }
    // As ConfigurableParents: parents normalised first, children get theirs through parentOf.
    const parentByChildId = new Map<number, Product>()
    for (const product of products.filter((candidate) => candidate.type_id === 'configurable')) {
      const parent = await normaliseProduct(product, context)
      for (const childId of parent.configurable?.childIds ?? []) parentByChildId.set(childId, parent)
    }
    const withParents: NormaliseContext = { ...context, parentOf: (childId) => Promise.resolve(parentByChildId.get(childId)) }
    return await Promise.all(products.map((product) => normaliseProduct(product, withParents)))
  } finally {
    await simulator.app.close()
  }
}
