import { createHash } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { LS_ERR_MARKETPLACE_PRODUCT_TYPE_DEFINITION } from '@listing-sync/errors'
import type { Logger } from '@listing-sync/observability'
import { HttpClient } from '@listing-sync/service'
import type { LwaTokens } from './lwa-tokens.js'

/** Which attributes a definition covers: product facts and sales terms, or one of the two. */
export type ProductTypeRequirements = 'LISTING' | 'LISTING_PRODUCT_ONLY' | 'LISTING_OFFER_ONLY'

/** `SchemaLink`: where a schema document is and the Base64 MD5 of its bytes. */
export interface SchemaLink {
  readonly link: { readonly resource: string; readonly verb: string }
  readonly checksum: string
}

/** `ProductTypeDefinition` of Product Type Definitions 2020-09-01 (definitionsProductTypes_2020-09-01.json). */
export interface ProductTypeDefinition {
  readonly metaSchema?: SchemaLink
  readonly schema: SchemaLink
  readonly requirements: ProductTypeRequirements
  readonly requirementsEnforced: 'ENFORCED' | 'NOT_ENFORCED'
  readonly propertyGroups: Readonly<Record<string, { readonly title?: string; readonly description?: string; readonly propertyNames?: readonly string[] }>>
  readonly locale: string
  readonly marketplaceIds: readonly string[]
  readonly productType: string
  readonly displayName: string
  readonly productTypeVersion: { readonly version: string; readonly latest: boolean; readonly releaseCandidate?: boolean }
}

/** A product type instance schema as downloaded, its checksum verified. */
export interface DownloadedSchema {
  readonly schema: Record<string, unknown>
  /** Base64 MD5 of the bytes received: the definition's `schema.checksum`. */
  readonly checksum: string
}

/** Where and as whom {@link ProductTypeDefinitionsClient} calls. */
export interface ProductTypeDefinitionsClientOptions {
  /** The Selling Partner API endpoint, e.g. https://sellingpartnerapi-na.amazon.com. */
  readonly endpoint: string
  readonly tokens: LwaTokens
  readonly log: Logger
}

const DEFINITIONS_PATH = '/definitions/2020-09-01/productTypes'

/**
 * getDefinitionsProductType's default usage plan is 5 requests a second (burst 10): calls are
 * spaced 200 ms apart, so fetching the definitions of a manifest with many product types is not
 * throttled.
 */
const DEFINITION_CALL_SPACING_MS = 200

/**
 * The Product Type Definitions API 2020-09-01: `getDefinitionsProductType` with an LWA access
 * token, and the download of the schema a definition links to (a pre-signed URL, fetched without
 * the token), checked against the definition's checksum. Every call goes through HttpClient, so it
 * is logged with credentials redacted. Definition calls are paced to the operation's default
 * rate. Failures throw LS_ERR_MARKETPLACE_PRODUCT_TYPE_DEFINITION.
 */
export class ProductTypeDefinitionsClient {
  private readonly http: HttpClient
  /** For schema links: whole URLs, so the base is empty; schemas can be megabytes, hence the longer timeout. */
  private readonly links: HttpClient
  /** When the next definition call may go out (ms since the epoch). */
  private nextCallAt = 0

  constructor(private readonly options: ProductTypeDefinitionsClientOptions) {
    const log = options.log.child({ component: 'sp-api' })
    this.http = new HttpClient({ baseUrl: options.endpoint, log })
    this.links = new HttpClient({ baseUrl: '', log, timeoutMs: 30_000 })
  }

  /**
   * The definition of `productType` in the given marketplaces, for the latest version with its
   * requirements enforced (the schema a full listing must satisfy). `locale` names the language
   * of display names; `DEFAULT` is the marketplace's.
   */
  async getDefinitionsProductType(productType: string, marketplaceIds: readonly string[], requirements: ProductTypeRequirements = 'LISTING', locale = 'DEFAULT'): Promise<ProductTypeDefinition> {
    const fail = (detail: string, cause?: unknown) => LS_ERR_MARKETPLACE_PRODUCT_TYPE_DEFINITION.with({ cause }, productType, detail)
    await this.callSlot()
    let token: string
    try {
      token = await this.options.tokens.token()
    } catch (cause) {
      throw fail((cause as Error).message, cause)
    }
    let response
    try {
      response = await this.http.request<unknown>('GET', `${DEFINITIONS_PATH}/${encodeURIComponent(productType)}`, {
        query: { marketplaceIds: marketplaceIds.join(','), requirements, locale },
        headers: { 'x-amz-access-token': token },
      })
    } catch (cause) {
      throw fail(`getDefinitionsProductType failed: ${(cause as Error).message}`, cause)
    }
    // 403: the token was refused (expired early, revoked); the next call gets a new one.
    if (response.status === 403) this.options.tokens.invalidate()
    if (response.status !== 200) throw fail(`getDefinitionsProductType answered ${response.status}: ${errorText(response.body)}`)
    if (!isDefinition(response.body)) throw fail('getDefinitionsProductType answered 200 without a schema link and version')
    return response.body
  }

  /**
   * Downloads the schema a definition links to and checks it against the link's checksum (Base64
   * MD5 of the bytes). The link is pre-signed: it carries its own authorisation, so no access
   * token goes with it.
   */
  async downloadSchema(productType: string, schemaLink: SchemaLink): Promise<DownloadedSchema> {
    const fail = (detail: string, cause?: unknown) => LS_ERR_MARKETPLACE_PRODUCT_TYPE_DEFINITION.with({ cause }, productType, detail)
    const { resource } = schemaLink.link
    let response
    try {
      response = await this.links.request<string>('GET', resource, { text: true })
    } catch (cause) {
      throw fail(`schema download failed: ${(cause as Error).message}`, cause)
    }
    if (response.status !== 200) throw fail(`schema download answered ${response.status}: ${response.body.slice(0, 200)}`)
    const checksum = createHash('md5').update(response.body, 'utf8').digest('base64')
    if (checksum !== schemaLink.checksum) throw fail(`the schema's checksum is ${checksum}, the definition says ${schemaLink.checksum}`)
    let schema: unknown
    try {
      schema = JSON.parse(response.body)
    } catch (cause) {
      throw fail(`the schema is not JSON: ${(cause as Error).message}`, cause)
    }
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) throw fail('the schema is not a JSON object')
    return { schema: schema as Record<string, unknown>, checksum }
  }

  /** Waits for the next free slot of the definition calls' pace. */
  private async callSlot(): Promise<void> {
    const now = Date.now()
    const at = Math.max(now, this.nextCallAt)
    this.nextCallAt = at + DEFINITION_CALL_SPACING_MS
    if (at > now) await sleep(at - now)
  }
}

function isDefinition(body: unknown): body is ProductTypeDefinition {
  const definition = body as Partial<ProductTypeDefinition> | null
  return (
    typeof definition === 'object' &&
    definition !== null &&
    typeof definition.schema?.link?.resource === 'string' &&
    typeof definition.schema.checksum === 'string' &&
    typeof definition.productTypeVersion?.version === 'string'
  )
}

/** The first error of an SP-API `ErrorList`, or the start of whatever else came back. */
function errorText(body: unknown): string {
  const first = (body as { errors?: { code?: string; message?: string; details?: string }[] } | null)?.errors?.[0]
  if (first) return [first.code, first.message, first.details].filter(Boolean).join(': ')
  return (typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 200)
}
