import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { LS_ERR_CONFIG_INVALID } from '@listing-sync/errors'

/** `mappings/product-types/` of this repository, where the demo product type schemas live. */
export function productTypeSchemasDir(): string {
  // This file is <repo>/packages/mapping/src/validation/product-type-schemas.ts.
  return fileURLToPath(new URL('../../../../mappings/product-types/', import.meta.url))
}

/**
 * Reads one product type schema file (`<dir>/<PRODUCT_TYPE>.json`), for tests, the simulator and
 * offline runs; production fetches schemas from the Product Type Definitions API instead.
 * Throws LS_ERR_CONFIG_INVALID when the file is missing or not JSON.
 */
export async function loadProductTypeSchema(productType: string, dir = productTypeSchemasDir()): Promise<object> {
  if (!/^[A-Z0-9_]+$/.test(productType)) throw LS_ERR_CONFIG_INVALID(`product type '${productType}' is not an Amazon product type name`)
  const file = join(dir, `${productType}.json`)
  try {
    return JSON.parse(await readFile(file, 'utf8')) as object
  } catch (cause) {
    throw LS_ERR_CONFIG_INVALID.with({ cause }, `product type schema ${file}: ${(cause as Error).message}`)
  }
}
