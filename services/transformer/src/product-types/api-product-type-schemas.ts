import { productTypeSchemaFiles, type ProductTypeSchema, type ProductTypeSchemaSource } from '@listing-sync/mapping'
import type { Logger } from '@listing-sync/observability'
import { LwaTokens, ProductTypeDefinitionsClient } from '@listing-sync/sp-api'
import type { TransformerConfig } from '../transformer-config.js'
import { ProductTypeSchemaCache } from './product-type-schema-cache.js'

/** How soon a product type on a cached copy or a file is asked for again. */
const FALLBACK_RETRY_MS = 5 * 60 * 1000

/** Where a schema in use came from: the API now, the disk cache, or the manifest's file. */
type Origin = 'api' | 'cache' | 'file'

/** A schema in use; `checksum` is the definition's, absent for a manifest file. */
interface SchemaInUse {
  readonly schema: ProductTypeSchema
  readonly origin: Origin
  readonly checksum?: string
  readonly version?: string
}

/** What {@link ApiProductTypeSchemas} needs. */
export interface ApiProductTypeSchemasOptions {
  readonly client: ProductTypeDefinitionsClient
  /** The Amazon marketplace whose definitions are fetched, e.g. ATVPDKIKX0DER. */
  readonly marketplaceId: string
  /** Folder of the on-disk cache (see {@link ProductTypeSchemaCache}). */
  readonly cacheDir: string
  readonly log: Logger
}

/**
 * Product type schemas from the Product Type Definitions API, for the transformer's
 * `AMAZON_PRODUCT_TYPE_SCHEMAS=api`. The first time a manifest names a product type its schema is
 * fetched and kept on disk; when the fetch fails, the last one kept on disk is used, else the file
 * the manifest names, with a warning saying which. Later loads (manifest reloads) get the schema in
 * memory; {@link refresh} fetches every definition again and downloads the schemas whose checksum
 * changed.
 */
export class ApiProductTypeSchemas implements ProductTypeSchemaSource {
  private readonly inUse = new Map<string, SchemaInUse>()
  private readonly cache: ProductTypeSchemaCache
  private readonly log: Logger
  private timer: NodeJS.Timeout | undefined
  private stopped = false

  constructor(private readonly options: ApiProductTypeSchemasOptions) {
    this.cache = new ProductTypeSchemaCache(options.cacheDir, options.marketplaceId)
    this.log = options.log.child({ component: 'product-type-schemas', marketplaceId: options.marketplaceId })
  }

  /** The product type schemas of the configured SP-API endpoint, LWA credentials and marketplace. */
  static fromConfig(config: TransformerConfig, log: Logger): ApiProductTypeSchemas {
    const credentials = { clientId: config.AMAZON_LWA_CLIENT_ID, clientSecret: config.AMAZON_LWA_CLIENT_SECRET, refreshToken: config.AMAZON_LWA_REFRESH_TOKEN }
    const tokens = new LwaTokens(config.AMAZON_LWA_ENDPOINT, credentials, log)
    const client = new ProductTypeDefinitionsClient({ endpoint: config.AMAZON_SP_API_ENDPOINT, tokens, log })
    return new ApiProductTypeSchemas({ client, marketplaceId: config.AMAZON_MARKETPLACE_ID, cacheDir: config.AMAZON_PRODUCT_TYPE_CACHE_DIR, log })
  }

  async schema(productType: string, file: string): Promise<ProductTypeSchema> {
    let inUse = this.inUse.get(productType)
    if (!inUse) {
      inUse = await this.load(productType, file)
      this.inUse.set(productType, inUse)
    }
    return inUse.schema
  }

  /**
   * Fetches the definition of every product type in use again and downloads the schemas that
   * changed. Resolves true when one did; a product type whose fetch fails keeps its schema.
   */
  async refresh(): Promise<boolean> {
    let changed = false
    for (const [productType, inUse] of this.inUse) {
      try {
        const fetched = await this.fetch(productType, inUse)
        if (fetched === inUse) {
          // Amazon serves the schema in use; a cached copy it confirms counts as from the API.
          if (inUse.origin !== 'api') this.inUse.set(productType, { ...inUse, origin: 'api' })
          continue
        }
        this.inUse.set(productType, fetched)
        changed = true
        this.log.info({ productType, version: fetched.version, previous: { origin: inUse.origin, version: inUse.version } }, 'product type schema changed')
      } catch (error) {
        this.log.warn({ productType, err: error, origin: inUse.origin }, 'product type definition refresh failed, the schema in use stays')
      }
    }
    return changed
  }

  /**
   * When the next refresh is due: after `intervalMs`, or within minutes while a product type runs
   * on a cached copy or a file because Amazon could not be asked.
   */
  refreshDelay(intervalMs: number): number {
    const fallback = [...this.inUse.values()].some((inUse) => inUse.origin !== 'api')
    return fallback ? Math.min(intervalMs, FALLBACK_RETRY_MS) : intervalMs
  }

  /** Refreshes as {@link refreshDelay} says (the next round starts when one ends) and calls `changed` when a schema did. */
  refreshEvery(intervalMs: number, changed: () => Promise<void>): void {
    const next = () => {
      this.timer = setTimeout(() => {
        void this.refresh()
          .then((any) => (any && !this.stopped ? changed() : undefined))
          .catch((error: unknown) => this.log.error({ err: error }, 'applying changed product type schemas failed'))
          .finally(() => {
            if (!this.stopped) next()
          })
      }, this.refreshDelay(intervalMs))
    }
    next()
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.timer)
  }

  /** The first schema of a product type: fetched, else cached, else the manifest's file. */
  private async load(productType: string, file: string): Promise<SchemaInUse> {
    let fetchError: unknown
    try {
      return await this.fetch(productType)
    } catch (error) {
      fetchError = error
    }
    try {
      const cached = await this.cache.read(productType)
      if (cached) {
        this.log.warn({ productType, err: fetchError, version: cached.version, fetchedAt: cached.fetchedAt }, 'product type definition unavailable, validating with the cached schema')
        return { schema: { schema: cached.schema, digest: cached.checksum }, origin: 'cache', checksum: cached.checksum, version: cached.version }
      }
    } catch (error) {
      this.log.warn({ productType, err: error }, 'cached product type schema unreadable')
    }
    this.log.warn({ productType, err: fetchError, file }, "product type definition unavailable and none cached, validating with the manifest's schema file")
    return { schema: await productTypeSchemaFiles.schema(productType, file), origin: 'file' }
  }

  /**
   * Gets the definition and, unless its checksum is that of `known`, downloads the schema and
   * keeps it on disk. Returns `known` itself when the schema is unchanged.
   */
  private async fetch(productType: string, known?: SchemaInUse): Promise<SchemaInUse> {
    const { client, marketplaceId } = this.options
    const definition = await client.getDefinitionsProductType(productType, [marketplaceId])
    if (known?.checksum === definition.schema.checksum) return known
    const { schema, checksum } = await client.downloadSchema(productType, definition.schema)
    const version = definition.productTypeVersion.version
    try {
      await this.cache.write({ productType, version, checksum, fetchedAt: new Date().toISOString(), schema })
    } catch (error) {
      // The schema is good to use; only a restart without Amazon would miss it.
      this.log.warn({ productType, err: error }, 'product type schema not cached')
    }
    return { schema: { schema, digest: checksum }, origin: 'api', checksum, version }
  }
}
