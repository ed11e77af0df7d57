import { parse, type Options } from 'csv-parse/sync'
import type { FaultInjector } from '../fault-injector.js'
import { checkAttributeValue } from '../marketplace/attribute-value.js'
import { productAttributesAt } from '../marketplace/effective-attributes.js'
import type { AttributeDefinition, MarketplaceConfig } from '../marketplace/marketplace-config.js'
import type { MarketplaceState } from '../marketplace/shop-catalog.js'
import { toCsv } from '../reports/csv.js'
import type { ProductImport, ProductImportResult, ProductRow } from './import-types.js'

/** What checking and integrating P41 files needs. */
export interface ProductImportProcessorOptions {
  readonly state: MarketplaceState
  readonly config: MarketplaceConfig
  readonly faults: FaultInjector
}

/** The column that identifies a product of the shop. */
const SKU_COLUMN = 'sku'

/**
 * Reads P41 product files: CSV with a header row of attribute codes (`;`, `,` or tab separated,
 * found from the header), one product per line. Each line is checked against the marketplace's
 * attributes (required ones present, values of the right type, LIST values in their value list,
 * TEXT within its length); lines with problems go to the P44 error report, the others are
 * integrated when the import completes: a new `sku` becomes a product with a Mirakl product SKU,
 * a known one has its attributes replaced by the line's non-empty cells.
 */
export class ProductImportProcessor {
  constructor(private readonly options: ProductImportProcessorOptions) {}

  check(productImport: ProductImport, at: number): ProductImportResult {
    const failed = (reasonStatus: string): ProductImportResult => ({ status: 'FAILED', reasonStatus, header: [], linesRead: 0, linesInSuccess: 0, linesInError: 0, accepted: [] })
    const { filename, content } = productImport.file
    if (/\.(xml|xlsx?)$/i.test(filename ?? '') || content.subarray(0, 1).toString() === '<' || content.subarray(0, 2).toString() === 'PK') {
      return failed('The simulator reads CSV product files only (XML and XLSX are not supported)')
    }
    let records: string[][]
    try {
      const text = content.toString('utf8')
      const options: Options = { delimiter: detectDelimiter(text), bom: true, relax_column_count: true, skip_empty_lines: true }
      records = parse(text, options)
    } catch (error) {
      return failed(`The file could not be read as CSV: ${(error as Error).message}`)
    }
    const header = (records[0] ?? []).map((name) => name.trim())
    if (!header.includes(SKU_COLUMN)) return failed(`The file has no '${SKU_COLUMN}' column (header: ${header.join(', ') || 'none'})`)

    const definitions = productAttributesAt(this.options.config, this.options.faults, at)
    const catalog = this.options.state.shop(productImport.shopId)
    const rejected: { row: ProductRow; errors: string[] }[] = []
    const accepted: ProductRow[] = []
    const seen = new Set<string>()
    // Identifiers (EAN, UPC…) name one product each, in the catalog and within the file.
    const identifierTypes = this.options.config.productIdTypes.filter((type) => type !== 'SHOP_SKU' && type !== 'SKU')
    const claimed = new Map<string, string>()
    records.slice(1).forEach((cells, index) => {
      const row: ProductRow = { line: index + 2, cells, values: Object.fromEntries(header.map((name, column) => [name, cells[column] ?? ''])) }
      const errors = this.problems(row, cells.length, header.length, definitions)
      const sku = row.values[SKU_COLUMN] ?? ''
      if (sku !== '' && seen.has(sku)) errors.push(`The product '${sku}' appears more than once in this file`)
      seen.add(sku)
      for (const type of identifierTypes) {
        const id = row.values[type.toLowerCase()] ?? ''
        if (id === '') continue
        const owner = claimed.get(`${type}/${id}`) ?? catalog.findProduct(type, id)?.sku
        if (owner !== undefined && owner !== sku) errors.push(`The ${type} '${id}' already identifies the product '${owner}'`)
        else claimed.set(`${type}/${id}`, sku)
      }
      if (errors.length > 0) rejected.push({ row, errors })
      else accepted.push(row)
    })
    const errorReport = rejected.length > 0 ? toCsv([[...header, 'error-line', 'error-message'], ...rejected.map(({ row, errors }) => [...header.map((_, column) => row.cells[column] ?? ''), String(row.line), errors.join('; ')])]) : undefined
    return {
      status: 'SENT',
      header,
      linesRead: records.length - 1,
      linesInSuccess: accepted.length,
      linesInError: rejected.length,
      accepted,
      ...(errorReport ? { errorReport } : {}),
    }
  }

  integrate(productImport: ProductImport, at: number): ProductImportResult {
    const checked = productImport.result
    if (!checked || checked.status !== 'SENT') throw new Error(`product import ${productImport.importId} is not SENT`)
    const catalog = this.options.state.shop(productImport.shopId)
    const timestamp = new Date(at).toISOString()
    const added: ProductRow[] = []
    let updated = 0
    for (const row of checked.accepted) {
      const sku = row.values[SKU_COLUMN] as string
      const existing = catalog.products.get(sku)
      const attributes = Object.fromEntries(Object.entries(row.values).filter(([, value]) => value !== ''))
      catalog.products.set(sku, {
        product_sku: existing?.product_sku ?? this.options.state.newProductSku(),
        sku,
        attributes,
        date_created: existing?.date_created ?? timestamp,
        last_updated: timestamp,
        import_id: productImport.importId,
      })
      if (existing) updated++
      else added.push(row)
    }
    const newProductReport = added.length > 0 ? toCsv([[...checked.header], ...added.map((row) => checked.header.map((_, column) => row.cells[column] ?? ''))]) : undefined
    return { ...checked, status: 'COMPLETE', added: added.length, updated, ...(newProductReport ? { newProductReport } : {}) }
  }

  private problems(row: ProductRow, cellCount: number, columnCount: number, definitions: readonly AttributeDefinition[]): string[] {
    const errors: string[] = []
    if (cellCount !== columnCount) errors.push(`The line has ${cellCount} values but the header has ${columnCount} columns`)
    if ((row.values[SKU_COLUMN] ?? '') === '') errors.push(`The product has no shop SKU (column '${SKU_COLUMN}')`)
    for (const definition of definitions) {
      const value = row.values[definition.code] ?? ''
      if (value === '') {
        if (definition.required) errors.push(`The attribute '${definition.code}' is required`)
        continue
      }
      const checked = checkAttributeValue(definition, value, this.options.config.valueLists)
      if ('problem' in checked) errors.push(checked.problem)
    }
    return errors
  }
}

/** The separator of the header line: the most frequent of `;`, `,` and tab (`;` on a tie, Mirakl's default). */
function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? ''
  const counts = [';', ',', '\t'].map((delimiter) => ({ delimiter, count: firstLine.split(delimiter).length - 1 }))
  return counts.reduce((best, candidate) => (candidate.count > best.count ? candidate : best)).delimiter
}
