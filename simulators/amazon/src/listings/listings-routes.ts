import { randomUUID } from 'node:crypto'
import { isDeepStrictEqual } from 'node:util'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { ISSUE_CODES, type ListingIssue } from '@listing-sync/mapping'
import { marketplaceLocale, type ProductTypeCatalog } from '../product-types/product-type-catalog.js'
import type { SimStats } from '../sim-stats.js'
import { notFound } from '../sp-api-errors.js'
import { rejectInput } from '../sp-api-gateway.js'
import type { QueryValues, SpApiModels } from '../sp-api-models.js'
import { itemView } from './item-view.js'
import { applyPatches, type PatchOperation } from './listing-patches.js'
import { asinFor, type ListingAttributes, type ListingsStore } from './listings-store.js'

/** What the Listings Items routes need. */
export interface ListingsRoutesOptions {
  readonly models: SpApiModels
  readonly store: ListingsStore
  readonly catalog: ProductTypeCatalog
  readonly stats: SimStats
  /** Marketplaces the seller sells in; others are invalid input. */
  readonly marketplaceIds: readonly string[]
}

const ITEM_PATH = '/listings/2021-08-01/items/:sellerId/:sku'

type Requirements = 'LISTING' | 'LISTING_PRODUCT_ONLY' | 'LISTING_OFFER_ONLY'

interface Submission {
  readonly sellerId: string
  readonly sku: string
  readonly marketplaceIds: readonly string[]
  readonly productType: string
  readonly requirements: Requirements
  /** The listing's attributes after the submission, per marketplace. */
  readonly attributesFor: (marketplaceId: string) => ListingAttributes
  readonly query: QueryValues
}

/**
 * Listings Items 2021-08-01: `getListingsItem`, `putListingsItem`, `patchListingsItem`,
 * `deleteListingsItem` on `/listings/2021-08-01/items/{sellerId}/{sku}` (the SKU URL-encoded).
 * Parameters and bodies are checked against the model (400 `InvalidInput` naming every problem);
 * PUT and PATCH validate the resulting listing against its product type schema and answer 200 with
 * `INVALID` and Amazon-shaped issues without storing anything when it breaks a rule, `VALID` under
 * `mode=VALIDATION_PREVIEW` (nothing stored either), else `ACCEPTED` with the listing stored.
 */
export function registerListingsRoutes(scope: FastifyInstance, options: ListingsRoutesOptions): void {
  const { models, store, catalog, stats } = options

  /** The query as the operation's model declares it, plus the marketplaces this seller sells in. */
  const query = (operation: string, raw: unknown, problems: string[]): QueryValues => {
    const parsed = models.parseQuery(models.operation(operation), raw as Record<string, unknown>)
    if ('problems' in parsed) {
      problems.push(...parsed.problems)
      return {}
    }
    const unknown = ((parsed.values.marketplaceIds as string[] | undefined) ?? []).filter((id) => !options.marketplaceIds.includes(id))
    if (unknown.length > 0) problems.push(`Invalid marketplaceIds ${unknown.map((id) => `'${id}'`).join(', ')}: the seller does not sell there (known: ${options.marketplaceIds.join(', ')}).`)
    return parsed.values
  }

  const submit = (reply: FastifyReply, submission: Submission) => {
    const { sku, marketplaceIds, productType, requirements } = submission
    const preview = submission.query.mode === 'VALIDATION_PREVIEW'
    const includedData = (submission.query.includedData as string[] | undefined) ?? ['issues']
    const issues: ListingIssue[] = []
    const listings = new Map<string, ListingAttributes>()
    if (!catalog.has(productType)) {
      issues.push({ code: ISSUE_CODES.INVALID_VALUE, message: `The product type '${productType}' is not valid for marketplace ${marketplaceIds.join(', ')}.`, severity: 'ERROR', attributeNames: [], categories: [] })
    } else {
      for (const marketplaceId of marketplaceIds) {
        const attributes = submission.attributesFor(marketplaceId)
        listings.set(marketplaceId, attributes)
        const found = catalog.validator(productType, marketplaceId)({ productType, requirements, attributes }).filter((issue) => applies(issue, requirements, attributes, catalog))
        // One marketplace per submission is the rule; with several, each issue says where it applies.
        issues.push(...(marketplaceIds.length > 1 ? found.map((issue) => ({ ...issue, marketplaceIds: [marketplaceId] })) : found))
      }
    }
    const valid = !issues.some((issue) => issue.severity === 'ERROR')
    const status = !valid ? 'INVALID' : preview ? 'VALID' : 'ACCEPTED'
    const submissionId = randomUUID()
    if (status === 'ACCEPTED') {
      // A write that leaves every listing as it was is counted: the benchmarks' duplicate writes.
      const unchanged = [...listings].every(([marketplaceId, attributes]) => {
        const existing = store.get(submission.sellerId, marketplaceId, sku)
        return existing !== undefined && existing.productType === productType && existing.requirements === requirements && isDeepStrictEqual(existing.attributes, attributes)
      })
      if (unchanged) stats.unchangedWrite()
      for (const [marketplaceId, attributes] of listings) store.write({ sellerId: submission.sellerId, marketplaceId, sku, productType, requirements, attributes, submissionId })
    }
    stats.submission(status)
    reply.request.logContext = { ...reply.request.logContext, sku, productType, status, ...(preview ? { mode: 'VALIDATION_PREVIEW' } : {}) }
    return reply.send({
      sku,
      status,
      submissionId,
      ...(includedData.includes('issues') ? { issues } : {}),
      // Identifiers can only be requested in VALIDATION_PREVIEW; elsewhere they are left out.
      ...(preview && includedData.includes('identifiers') ? { identifiers: valid ? marketplaceIds.map((marketplaceId) => ({ marketplaceId, asin: asinPreview(store, submission.sellerId, marketplaceId, sku) })) : [] } : {}),
    })
  }

  scope.get(ITEM_PATH, { config: { operation: 'getListingsItem' } }, async (request, reply) => {
    const { sellerId, sku } = request.params as { sellerId: string; sku: string }
    const problems: string[] = []
    const values = query('getListingsItem', request.query, problems)
    if (problems.length > 0) return rejectInput(reply, problems)
    const marketplaceIds = values.marketplaceIds as string[]
    const listings = marketplaceIds.flatMap((marketplaceId) => store.get(sellerId, marketplaceId, sku) ?? [])
    request.logContext = { ...request.logContext, sku }
    if (listings.length === 0) return reply.code(404).send(notFound(`SKU '${sku}' not found in marketplace ${marketplaceIds.join(', ')}.`))
    return itemView(sku, listings, values.includedData as string[], store)
  })

  scope.put(ITEM_PATH, { config: { operation: 'putListingsItem' } }, async (request, reply) => {
    const { sellerId, sku } = request.params as { sellerId: string; sku: string }
    const problems: string[] = []
    const values = query('putListingsItem', request.query, problems)
    problems.push(...models.validate('listingsItems', 'ListingsItemPutRequest', request.body, 'body'))
    if (problems.length > 0) return rejectInput(reply, problems)
    const body = request.body as { productType: string; requirements?: Requirements; attributes: ListingAttributes }
    return submit(reply, { sellerId, sku, marketplaceIds: values.marketplaceIds as string[], productType: body.productType, requirements: body.requirements ?? 'LISTING', attributesFor: () => body.attributes, query: values })
  })

  scope.patch(ITEM_PATH, { config: { operation: 'patchListingsItem' } }, async (request, reply) => {
    const { sellerId, sku } = request.params as { sellerId: string; sku: string }
    const problems: string[] = []
    const values = query('patchListingsItem', request.query, problems)
    problems.push(...models.validate('listingsItems', 'ListingsItemPatchRequest', request.body, 'body'))
    if (problems.length > 0) return rejectInput(reply, problems)
    const body = request.body as { productType: string; patches: PatchOperation[] }
    const marketplaceIds = values.marketplaceIds as string[]
    const patched = new Map<string, ListingAttributes>()
    let requirements: Requirements = 'LISTING'
    for (const marketplaceId of marketplaceIds) {
      const existing = store.get(sellerId, marketplaceId, sku)
      if (existing) requirements = existing.requirements as Requirements
      // Selectors come from the product type the patch names; an unknown one is reported by submit().
      const selectorsOf = (attribute: string) => (catalog.has(body.productType) ? catalog.selectors(body.productType, attribute) : ['marketplace_id', 'language_tag'])
      const result = applyPatches(existing?.attributes ?? {}, body.patches, { selectorsOf, defaults: { marketplace_id: marketplaceId, language_tag: marketplaceLocale(marketplaceId) } })
      if ('problems' in result) return rejectInput(reply, result.problems)
      patched.set(marketplaceId, result.attributes)
    }
    return submit(reply, { sellerId, sku, marketplaceIds, productType: body.productType, requirements, attributesFor: (marketplaceId) => patched.get(marketplaceId) ?? {}, query: values })
  })

  scope.delete(ITEM_PATH, { config: { operation: 'deleteListingsItem' } }, async (request, reply) => {
    const { sellerId, sku } = request.params as { sellerId: string; sku: string }
    const problems: string[] = []
    const values = query('deleteListingsItem', request.query, problems)
    if (problems.length > 0) return rejectInput(reply, problems)
    // The model declares no 404 for deletes: deleting a SKU that is not listed is accepted too.
    for (const marketplaceId of values.marketplaceIds as string[]) store.delete(sellerId, marketplaceId, sku)
    stats.submission('ACCEPTED')
    request.logContext = { ...request.logContext, sku, status: 'ACCEPTED' }
    return { sku, status: 'ACCEPTED', submissionId: randomUUID(), issues: [] }
  })
}

/**
 * Whether a validator issue applies to the requirements set the submission names. Amazon checks
 * product facts only for LISTING_PRODUCT_ONLY and sales terms only for LISTING_OFFER_ONLY, so a
 * missing attribute of the other kind is no issue there; an attribute that is supplied is always
 * checked.
 */
function applies(issue: ListingIssue, requirements: Requirements, attributes: ListingAttributes, catalog: ProductTypeCatalog): boolean {
  if (requirements === 'LISTING' || issue.code !== ISSUE_CODES.MISSING_ATTRIBUTE) return true
  const attribute = issue.attributeNames[0]
  if (attribute === undefined || attribute in attributes) return true
  return requirements === 'LISTING_OFFER_ONLY' ? catalog.isOfferAttribute(attribute) : !catalog.isOfferAttribute(attribute)
}

function asinPreview(store: ListingsStore, sellerId: string, marketplaceId: string, sku: string): string {
  return store.get(sellerId, marketplaceId, sku)?.asin ?? asinFor(sellerId, sku)
}
