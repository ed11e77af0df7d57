import type { Ajv2019 } from 'ajv/dist/2019.js'
import type { AnySchemaObject, ErrorObject } from 'ajv/dist/2019.js'
import type { DataValidateFunction } from 'ajv/dist/types/index.js'

/**
 * `$id` of Amazon's product type meta-schema. It is an identifier, not a URL that can be fetched
 * (https://developer-docs.amazon.com/sp-api/docs/product-type-definition-meta-schema), and no copy
 * is stored locally, so {@link addAmazonVocabulary} registers a stand-in under this id.
 */
export const AMAZON_META_SCHEMA_ID = 'https://schemas.amazon.com/selling-partners/definitions/product-types/meta-schema/v1'

const DRAFT_2019_09 = 'https://json-schema.org/draft/2019-09/schema'

/** Values the marketplace fills in when an attribute value omits them (`$defs.marketplace_id.default` etc.). */
export interface SelectorDefaults {
  marketplace_id?: string
  language_tag?: string
}

/**
 * Teaches an ajv 2019-09 instance Amazon's custom vocabulary. Each keyword is either implemented or
 * declared as an annotation on purpose, with the reason beside it; strict mode stays on, so a keyword
 * Amazon adds later fails compilation loudly instead of being skipped silently.
 */
export function addAmazonVocabulary(ajv: Ajv2019, defaults: SelectorDefaults): void {
  // The meta-schema is not network addressable and not stored: stand in for it with the 2019-09
  // meta-schema (which ajv ships) so `$schema` resolves and the instance schema is still validated
  // against 2019-09 plus the `metaSchema` of each keyword below. `$recursiveAnchor` keeps the
  // 2019-09 recursion pointing at this stand-in for nested subschemas.
  ajv.addMetaSchema({ $schema: DRAFT_2019_09, $id: AMAZON_META_SCHEMA_ID, $recursiveAnchor: true, allOf: [{ $ref: DRAFT_2019_09 }] })

  // Annotations only. `selectors` names the members that identify one value of a multi-valued
  // attribute; Amazon uses it to merge PATCH values, which is no validation concern here (it is read
  // by min/maxUniqueItems below). `editable` (may the value change after creation), `hidden` (UI)
  // and `enumNames` (display labels of `enum`) do not constrain the instance. `$lifecycle` carries
  // `enumDeprecated` lists (BRACELET's variation themes): deprecated values are still valid today.
  ajv.addKeyword({ keyword: 'selectors', schemaType: 'array', metaSchema: { type: 'array', items: { type: 'string' } } })
  ajv.addKeyword({ keyword: 'editable', schemaType: 'boolean' })
  ajv.addKeyword({ keyword: 'hidden', schemaType: 'boolean' })
  ajv.addKeyword({ keyword: 'enumNames', schemaType: 'array' })
  ajv.addKeyword({ keyword: '$lifecycle', schemaType: 'object' })

  // Implemented: bounds on the number of distinct values per selector combination (see uniqueCounts).
  ajv.addKeyword(uniqueItemsKeyword('minUniqueItems', defaults))
  ajv.addKeyword(uniqueItemsKeyword('maxUniqueItems', defaults))

  // Implemented: bounds on a string's length in UTF-8 bytes, which differs from `maxLength`
  // (code points) as soon as the text leaves ASCII.
  ajv.addKeyword(utf8LengthKeyword('minUtf8ByteLength'))
  ajv.addKeyword(utf8LengthKeyword('maxUtf8ByteLength'))
}

function utf8LengthKeyword(keyword: 'minUtf8ByteLength' | 'maxUtf8ByteLength') {
  const isMax = keyword === 'maxUtf8ByteLength'
  return {
    keyword,
    type: 'string' as const,
    schemaType: 'number' as const,
    metaSchema: { type: 'integer', minimum: 0 },
    errors: true,
    compile(limit: number): DataValidateFunction {
      const validate: DataValidateFunction = (data: unknown) => {
        const bytes = Buffer.byteLength(data as string, 'utf8')
        const ok = isMax ? bytes <= limit : bytes >= limit
        validate.errors = ok ? undefined : [error(keyword, { limit, bytes }, `must be ${isMax ? 'at most' : 'at least'} ${limit} bytes in UTF-8 (is ${bytes})`)]
        return ok
      }
      return validate
    },
  }
}

function uniqueItemsKeyword(keyword: 'minUniqueItems' | 'maxUniqueItems', defaults: SelectorDefaults) {
  const isMax = keyword === 'maxUniqueItems'
  return {
    keyword,
    type: 'array' as const,
    schemaType: 'number' as const,
    metaSchema: { type: 'integer', minimum: 0 },
    errors: true,
    compile(limit: number, parentSchema: AnySchemaObject): DataValidateFunction {
      const selectors = Array.isArray(parentSchema.selectors) ? (parentSchema.selectors as string[]) : []
      // An empty array is `minItems`' to report when the schema has one (Amazon's always pair them).
      const emptyIsMinItems = typeof parentSchema.minItems === 'number' && parentSchema.minItems > 0
      const validate: DataValidateFunction = (data: unknown) => {
        if (emptyIsMinItems && (data as unknown[]).length === 0) {
          validate.errors = undefined
          return true
        }
        const errors: Partial<ErrorObject>[] = []
        for (const group of uniqueCounts(data as unknown[], selectors, defaults)) {
          if (isMax ? group.count > limit : group.count < limit) {
            const where = group.selection ? ` for ${group.selection}` : ''
            errors.push(error(keyword, { limit, count: group.count, selection: group.selection }, `must have ${isMax ? 'at most' : 'at least'} ${limit} distinct value(s)${where} (has ${group.count})`))
          }
        }
        validate.errors = errors.length > 0 ? errors : undefined
        return errors.length === 0
      }
      return validate
    },
  }
}

/**
 * Distinct values per selector combination. Amazon's meta-schema documents min/maxUniqueItems as
 * counting unique items where uniqueness is judged with the `selectors`: values are grouped by their
 * selector members (e.g. marketplace + language), and each group may hold between min and max
 * distinct values — so `item_name` (max 1) may carry one title per language, and ten identical
 * bullet points count once. A missing selector member counts as its default (the listing's
 * marketplace and language), as Amazon fills it in. An empty array is one group of zero.
 */
function uniqueCounts(items: unknown[], selectors: string[], defaults: SelectorDefaults): { selection: string; count: number }[] {
  if (items.length === 0) return [{ selection: '', count: 0 }]
  // Most attributes hold one value: one group of one, without serialising anything.
  if (items.length === 1) return [{ selection: '', count: 1 }]
  const groups = new Map<string, Set<string>>()
  for (const item of items) {
    const filled = isRecord(item) ? withDefaults(item, selectors, defaults) : item
    const selection = isRecord(filled) ? selectors.map((name) => `${name}=${typeof filled[name] === 'string' ? filled[name] : JSON.stringify(filled[name] ?? '(none)')}`).join(', ') : ''
    let distinct = groups.get(selection)
    if (!distinct) groups.set(selection, (distinct = new Set()))
    distinct.add(canonicalJson(filled))
  }
  return [...groups].map(([selection, distinct]) => ({ selection, count: distinct.size }))
}

function withDefaults(item: Record<string, unknown>, selectors: string[], defaults: SelectorDefaults): Record<string, unknown> {
  const filled = { ...item }
  for (const name of selectors) {
    const fallback = (defaults as Record<string, string | undefined>)[name]
    if (filled[name] === undefined && fallback !== undefined) filled[name] = fallback
  }
  return filled
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

function error(keyword: string, params: Record<string, unknown>, message: string): Partial<ErrorObject> {
  return { keyword, params, message }
}

/** True for a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
