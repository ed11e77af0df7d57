import { LS_ERR_INGEST_MAGENTO_CALL, LS_ERR_INGEST_MAGENTO_UNREACHABLE } from '@listing-sync/errors'
import type { Logger } from '@listing-sync/observability'
import { HttpClient, type HttpResponse, type RequestOptions } from '@listing-sync/service'

/** One page of `GET /V1/products?searchCriteria…`. */
export interface ProductPage {
  readonly items: unknown[]
  readonly total_count: number
}

/** Filter of {@link MagentoClient.searchProducts}. */
export interface ProductSearch {
  readonly pageSize: number
  readonly currentPage: number
  /** Only products with updated_at at or after this Magento timestamp ('YYYY-MM-DD HH:MM:SS'). */
  readonly updatedFrom?: string
  readonly entityIds?: readonly number[]
  /** Only products of this type_id, e.g. 'configurable'. */
  readonly typeId?: string
  /**
   * Only these fields of the answer, in Magento's `fields` syntax ('items[id,sku],total_count',
   * https://developer.adobe.com/commerce/webapi/rest/use-rest/retrieve-filtered-responses/):
   * Magento renders and sends less. A server that ignores it sends whole products, which also works.
   */
  readonly fields?: string
}

/**
 * Magento 2 REST (admin token as Bearer), store-scoped under `/rest/<store>/V1` so labels and
 * prices are those of the synced store view. The only file of ingest that talks to Magento.
 */
export class MagentoClient {
  private readonly http: HttpClient
  private readonly prefix: string

  /** `timeoutMs`: per request; HttpClient's default when absent. */
  constructor(options: { baseUrl: string; token: string; storeCode: string; log: Logger; timeoutMs?: number }) {
    this.http = new HttpClient({
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs,
      log: options.log.child({ component: 'magento-client' }),
      headers: { authorization: `Bearer ${options.token}` },
    })
    this.prefix = `/rest/${options.storeCode}/V1`
  }

  /**
   * The product, or undefined when Magento does not know the SKU (deleted meanwhile); `traceId`, the
   * event id of the change that asks, is logged on the call's lines.
   */
  async getProduct(sku: string, traceId?: string): Promise<unknown> {
    const response = await this.call('GET', `${this.prefix}/products/${encodeURIComponent(sku)}`, { traceId })
    if (response.status === 404) return undefined
    return this.ok('GET', `/products/${sku}`, response).body
  }

  /** A page of products, ordered by entity id so pages stay stable while the catalog changes. */
  async searchProducts(search: ProductSearch): Promise<ProductPage> {
    const query: Record<string, string | number> = {
      'searchCriteria[pageSize]': search.pageSize,
      'searchCriteria[currentPage]': search.currentPage,
      'searchCriteria[sortOrders][0][field]': search.updatedFrom ? 'updated_at' : 'entity_id',
      'searchCriteria[sortOrders][0][direction]': 'ASC',
    }
    const filters: [string, string, string][] = []
    if (search.updatedFrom) filters.push(['updated_at', search.updatedFrom, 'gteq'])
    if (search.entityIds !== undefined) filters.push(['entity_id', search.entityIds.join(','), 'in'])
    if (search.typeId !== undefined) filters.push(['type_id', search.typeId, 'eq'])
    // Separate filter groups are ANDed by Magento.
    filters.forEach(([field, value, condition], group) => {
      query[`searchCriteria[filter_groups][${group}][filters][0][field]`] = field
      query[`searchCriteria[filter_groups][${group}][filters][0][value]`] = value
      query[`searchCriteria[filter_groups][${group}][filters][0][condition_type]`] = condition
    })
    if (search.fields !== undefined) query.fields = search.fields
    return this.ok('GET', '/products', await this.call<ProductPage>('GET', `${this.prefix}/products`, { query })).body
  }

  /** Options of a select or multiselect attribute: `[{label, value}]`, value being the option id. */
  async attributeOptions(code: string): Promise<{ label: string; value: string }[]> {
    const response = await this.call<{ label: string; value: string }[]>('GET', `${this.prefix}/products/attributes/${encodeURIComponent(code)}/options`)
    if (response.status === 404) return []
    return this.ok('GET', `/products/attributes/${code}/options`, response).body
  }

  /** Every product attribute with its options, in pages of `pageSize`. */
  async listAttributes(pageSize = 500): Promise<{ attribute_code: string; options?: { label: string; value: string }[] }[]> {
    type Page = { items: { attribute_code: string; options?: { label: string; value: string }[] }[]; total_count: number }
    const attributes: Page['items'] = []
    for (let page = 1; ; page++) {
      const query = { 'searchCriteria[pageSize]': pageSize, 'searchCriteria[currentPage]': page }
      const { body } = this.ok('GET', '/products/attributes', await this.call<Page>('GET', `${this.prefix}/products/attributes`, { query }))
      attributes.push(...body.items)
      if (page * pageSize >= body.total_count || body.items.length === 0) return attributes
    }
  }

  /** A category with its name and its path of ids ("1/2/11"). */
  async category(id: number): Promise<{ id: number; name: string; path?: string } | undefined> {
    const response = await this.call<{ id: number; name: string; path?: string }>('GET', `${this.prefix}/categories/${id}`)
    if (response.status === 404) return undefined
    return this.ok('GET', `/categories/${id}`, response).body
  }

  /** SKUs of products by entity id, in one request; ids no product has are absent from the map. */
  async skusOfIds(ids: readonly number[]): Promise<Map<number, string>> {
    const found = new Map<number, string>()
    if (ids.length === 0) return found
    const page = await this.searchProducts({ pageSize: ids.length, currentPage: 1, entityIds: ids, fields: 'items[id,sku],total_count' })
    const wanted = new Set(ids)
    for (const item of page.items as { sku?: unknown; id?: unknown }[]) {
      // Check the id really matched: Magento answers an out-of-range page with the last page again.
      if (typeof item.id === 'number' && wanted.has(item.id) && typeof item.sku === 'string') found.set(item.id, item.sku)
    }
    return found
  }

  /** Children of a configurable product. */
  async configurableChildren(sku: string): Promise<{ sku: string; id?: number }[]> {
    const response = await this.call<{ sku: string; id?: number }[]>('GET', `${this.prefix}/configurable-products/${encodeURIComponent(sku)}/children`)
    if (response.status === 404) return []
    return this.ok('GET', `/configurable-products/${sku}/children`, response).body
  }

  /**
   * One call. A refused connection or a timeout is a retryable error like a 5xx: callers retry it,
   * and never take it for a product that cannot be normalised (which would drop the change).
   */
  private async call<T>(method: string, path: string, options?: RequestOptions): Promise<HttpResponse<T>> {
    try {
      return await this.http.request<T>(method, path, options)
    } catch (error) {
      throw LS_ERR_INGEST_MAGENTO_UNREACHABLE.with({ cause: error }, method, path.replace(this.prefix, ''), error instanceof Error ? error.message : String(error))
    }
  }

  private ok<T>(method: string, path: string, response: HttpResponse<T>): HttpResponse<T> {
    if (response.status >= 200 && response.status < 300) return response
    const message = typeof response.body === 'object' && response.body !== null && 'message' in response.body ? String(response.body.message) : String(response.body).slice(0, 200)
    throw LS_ERR_INGEST_MAGENTO_CALL(method, path, response.status, message)
  }
}
