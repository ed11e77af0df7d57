import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** The last schema fetched for one product type in one marketplace, as kept on disk. */
export interface CachedProductTypeSchema {
  readonly productType: string
  readonly marketplaceId: string
  /** `productTypeVersion.version` of the definition it came with. */
  readonly version: string
  /** The definition's `schema.checksum` (Base64 MD5 of the schema as downloaded). */
  readonly checksum: string
  readonly fetchedAt: string
  readonly schema: Record<string, unknown>
}

/**
 * The last fetched schema per product type, one file each (`<dir>/<marketplaceId>/<PRODUCT_TYPE>.json`),
 * so a transformer restarted while Amazon is unreachable still validates with what it last had.
 */
export class ProductTypeSchemaCache {
  constructor(
    private readonly dir: string,
    private readonly marketplaceId: string,
  ) {}

  /** The cached schema, or undefined when there is none; throws when the file is unreadable or not one. */
  async read(productType: string): Promise<CachedProductTypeSchema | undefined> {
    let text: string
    try {
      text = await readFile(this.file(productType), 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
    const cached = JSON.parse(text) as Partial<CachedProductTypeSchema>
    if (cached.productType !== productType || typeof cached.checksum !== 'string' || typeof cached.schema !== 'object' || cached.schema === null) {
      throw new Error(`${this.file(productType)} is not a cached schema of ${productType}`)
    }
    return cached as CachedProductTypeSchema
  }

  /** Keeps a schema; written to a temporary file and renamed, so a crash never leaves half a file. */
  async write(entry: Omit<CachedProductTypeSchema, 'marketplaceId'>): Promise<void> {
    const file = this.file(entry.productType)
    await mkdir(join(this.dir, this.marketplaceId), { recursive: true })
    await writeFile(`${file}.tmp`, JSON.stringify({ ...entry, marketplaceId: this.marketplaceId }))
    await rename(`${file}.tmp`, file)
  }

  private file(productType: string): string {
    return join(this.dir, this.marketplaceId, `${productType}.json`)
  }
}
