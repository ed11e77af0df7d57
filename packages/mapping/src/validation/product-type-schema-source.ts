import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'

/** One product type's instance schema, and a digest that changes whenever the schema does. */
export interface ProductTypeSchema {
  readonly schema: object
  /** Part of the mapping's fingerprint, so that a reload applies a changed schema. */
  readonly digest: string
}

/**
 * Where the product type schemas of an Amazon manifest come from. The default reads the files the
 * manifest names (`validation.productTypeSchemas`); the transformer can take them from the Product
 * Type Definitions API instead. A source should hand out the same schema object while a schema is
 * unchanged: compiled validators are cached per schema object.
 */
export interface ProductTypeSchemaSource {
  /** The schema of `productType`; `file` is the one the manifest names for it, resolved against the manifest's folder. */
  schema(productType: string, file: string): Promise<ProductTypeSchema>
}

/** The files the manifest names, read at every load (`mappings check`, `preview`, resync and the transformer by default). */
export const productTypeSchemaFiles: ProductTypeSchemaSource = {
  async schema(_productType, file) {
    const text = await readFile(file, 'utf8')
    return { schema: JSON.parse(text) as object, digest: createHash('sha256').update(text).digest('base64') }
  },
}
