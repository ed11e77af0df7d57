import { createHash } from 'node:crypto'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { gtinProblem } from '../marketplace/values.js'

/** The simulator's default shop API key. */
export const API_KEY = 'sim-shop-api-key'

/** The header Mirakl expects: the raw key. */
export const AUTH = { authorization: API_KEY }

/** A movable clock for a simulator under test. */
export class TestClock {
  constructor(public now = Date.parse('2025-03-03T09:00:00Z')) {}
  readonly read = (): Date => new Date(this.now)
  advance(ms: number): void {
    this.now += ms
  }
}

/** A UPC-A with a correct check digit, from 11 digits. */
export function upc(base: string): string {
  for (let digit = 0; digit <= 9; digit++) if (gtinProblem('UPC', `${base}${digit}`) === undefined) return `${base}${digit}`
  throw new Error(`no UPC for ${base}`)
}

/** A product line as the B2B manifest produces it (mappings/b2b.json `product.*`), for a P41 file. */
export function productRow(sku: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    sku,
    category: 'bags',
    title: `Product ${sku}`,
    product_description: `The ${sku}, sold by the unit.`,
    brand: 'Luma',
    upc: upc(`0${(BigInt(`0x${createHash('sha256').update(sku).digest('hex').slice(0, 15)}`) % 10_000_000_000n).toString().padStart(10, '0')}`),
    weight_kg: '0.45',
    length_cm: '50.8',
    main_image: `https://magento.example/media/catalog/product/${sku}.jpg`,
    ...overrides,
  }
}

/** An OF24 offer for a product row, with every field the marketplace requires (as the B2B manifest sends it). */
export function offerFor(product: Record<string, string>, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    shop_sku: product.sku,
    product_id: product.upc,
    product_id_type: 'UPC',
    state_code: '11',
    price: 34,
    quantity: 100,
    update_delete: '',
    min_order_quantity: 1,
    package_quantity: 1,
    leadtime_to_ship: 2,
    description: `Offer for ${product.sku}`,
    offer_additional_fields: [
      { code: 'manufacturer-part-number', value: `MPN-${product.sku}` },
      { code: 'brand', value: 'Luma' },
    ],
    ...overrides,
  }
}

/** A P41 CSV file: a header of attribute codes and one line per product, `;`-separated, all quoted. */
export function productCsv(rows: readonly Record<string, string>[], delimiter = ';'): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))]
  const line = (values: string[]) => values.map((value) => `"${value.replaceAll('"', '""')}"`).join(delimiter)
  return [line(columns), ...rows.map((row) => line(columns.map((column) => row[column] ?? '')))].join('\n') + '\n'
}

/** A multipart/form-data body as fetch builds it (FormData), for `inject`. */
export async function multipart(parts: Record<string, string | { content: string; filename: string; type?: string }>): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData()
  for (const [name, part] of Object.entries(parts)) {
    if (typeof part === 'string') form.append(name, part)
    else form.append(name, new Blob([part.content], { type: part.type ?? 'text/csv' }), part.filename)
  }
  const request = new Request('http://simulator/api/products/imports', { method: 'POST', body: form })
  return { payload: Buffer.from(await request.arrayBuffer()), headers: { 'content-type': request.headers.get('content-type') as string } }
}

/** Small wrappers over `app.inject` with the shop key. */
export function client(app: FastifyInstance) {
  const call = (options: InjectOptions) => app.inject({ ...options, headers: { ...AUTH, ...options.headers } })
  return {
    get: (url: string, headers: Record<string, string> = {}) => call({ method: 'GET', url, headers }),
    postOffers: (offers: unknown[], query = '') => call({ method: 'POST', url: `/api/offers${query}`, payload: { offers } }),
    postProducts: async (csv: string, filename = 'products.csv', query = '') => {
      const body = await multipart({ file: { content: csv, filename } })
      return call({ method: 'POST', url: `/api/products/imports${query}`, payload: body.payload, headers: body.headers })
    },
  }
}
