import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'

/** One CSV row, keyed by the header. */
export type CsvRow = Record<string, string>

/** The sample-data CSVs the catalog is built from, relative to `magento-sample-data/`. */
export const SAMPLE_DATA_FILES = {
  catalogAttributes: 'CatalogSampleData/attributes.csv',
  catalogCategories: 'CatalogSampleData/categories.csv',
  // The order CatalogSampleData's installer reads them in, which fixes the entity ids.
  gearProducts: [
    'CatalogSampleData/SimpleProduct/products_gear_bags.csv',
    'CatalogSampleData/SimpleProduct/products_gear_fitness_equipment.csv',
    'CatalogSampleData/SimpleProduct/products_gear_fitness_equipment_ball.csv',
    'CatalogSampleData/SimpleProduct/products_gear_fitness_equipment_strap.csv',
    'CatalogSampleData/SimpleProduct/products_gear_watches.csv',
  ],
  gearImages: 'CatalogSampleData/SimpleProduct/images_gear_bags.csv',
  relatedLinks: 'CatalogSampleData/Links/related.csv',
  apparelAttributes: 'ConfigurableSampleData/attributes.csv',
  apparelCategories: 'ConfigurableSampleData/categories.csv',
  apparelProducts: 'ConfigurableSampleData/products.csv',
  msrp: 'MsrpSampleData/products_msrp.csv',
} as const

/** Reads one sample-data CSV with its header row as keys. */
export function readSampleCsv(fixtures: string, relativePath: string): CsvRow[] {
  const text = readFileSync(join(fixtures, 'magento-sample-data', relativePath), 'utf8')
  return parse<CsvRow>(text, { columns: true, skip_empty_lines: true })
}
