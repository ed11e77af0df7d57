import { customAttribute, type MagentoProduct } from './product-types.js'

/** One filter of `searchCriteria[filter_groups][g][filters][f]`. */
export interface SearchFilter {
  field: string
  value: string
  condition_type: string
}

/** A sort order of `searchCriteria[sortOrders][n]`. */
export interface SortOrder {
  field: string
  direction: 'ASC' | 'DESC'
}

/** Parsed `searchCriteria`, echoed back as `search_criteria` (`framework-search-criteria-interface`). */
export interface SearchCriteria {
  filter_groups: { filters: SearchFilter[] }[]
  sort_orders?: SortOrder[]
  page_size?: number
  current_page?: number
}

/** A searchCriteria query Magento would refuse with 400; `message` and `parameters` follow its wording. */
export class SearchCriteriaError extends Error {
  constructor(
    message: string,
    readonly parameters: string[],
  ) {
    super(message)
  }
}

/** The condition types of `Magento\Framework\Api\SearchCriteria` the simulator implements. */
export const CONDITION_TYPES = ['eq', 'neq', 'gt', 'gteq', 'lt', 'lteq', 'in', 'nin', 'like', 'nlike', 'null', 'notnull', 'finset'] as const

const KEY = /^searchCriteria\[(\w+)\](?:\[(\d+)\]\[(\w+)\](?:\[(\d+)\]\[(\w+)\])?)?$/

/**
 * Parses the bracketed query keys. Magento accepts both `filter_groups`/`condition_type` (what
 * clients send) and the camelCase names the swagger lists (`filterGroups`, `conditionType`).
 */
export function parseSearchCriteria(query: Readonly<Record<string, unknown>>): SearchCriteria {
  const groups: Partial<SearchFilter>[][] = []
  const sorts: Partial<{ field: string; direction: string }>[] = []
  const criteria: SearchCriteria = { filter_groups: [] }
  for (const [rawKey, rawValue] of Object.entries(query)) {
    const match = KEY.exec(rawKey)
    if (!match) continue
    const value = Array.isArray(rawValue) ? String(rawValue[rawValue.length - 1]) : String(rawValue)
    const [, part = '', first, firstName, second, secondName] = match
    const name = snake(part)
    if (name === 'page_size' || name === 'current_page') {
      if (!/^-?\d+$/.test(value)) throw new SearchCriteriaError(`The "${value}" value's type is invalid. The "int" type was expected. Verify and try again.`, [])
      criteria[name] = Number(value)
    } else if (name === 'filter_groups' && first !== undefined && second !== undefined && secondName !== undefined && snake(firstName ?? '') === 'filters') {
      const group = (groups[Number(first)] ??= [])
      const filter = (group[Number(second)] ??= {})
      const property = snake(secondName)
      if (property === 'field' || property === 'value' || property === 'condition_type') filter[property] = value
    } else if (name === 'sort_orders' && first !== undefined && firstName !== undefined) {
      const sort = (sorts[Number(first)] ??= {})
      const property = snake(firstName)
      if (property === 'field' || property === 'direction') sort[property] = value
    }
  }
  for (const group of groups) {
    if (!group) continue
    const filters: SearchFilter[] = []
    for (const filter of group) {
      if (!filter?.field) continue
      const conditionType = (filter.condition_type ?? 'eq').toLowerCase()
      if (!(CONDITION_TYPES as readonly string[]).includes(conditionType)) {
        throw new SearchCriteriaError('Invalid condition type: %1', [conditionType])
      }
      filters.push({ field: filter.field, value: filter.value ?? '', condition_type: conditionType })
    }
    if (filters.length > 0) criteria.filter_groups.push({ filters })
  }
  const sortOrders = sorts.filter((sort) => sort?.field).map((sort) => ({ field: sort.field ?? '', direction: sort.direction?.toUpperCase() === 'DESC' ? ('DESC' as const) : ('ASC' as const) }))
  // Echoed in Magento's key order: filter_groups, sort_orders, page_size, current_page.
  return {
    filter_groups: criteria.filter_groups,
    ...(sortOrders.length > 0 ? { sort_orders: sortOrders } : {}),
    ...(criteria.page_size === undefined ? {} : { page_size: criteria.page_size }),
    ...(criteria.current_page === undefined ? {} : { current_page: criteria.current_page }),
  }
}

/** The answer of `GET /V1/products`: one page of matches and the total, as the repository computes them. */
export function searchProducts(products: Iterable<MagentoProduct>, criteria: SearchCriteria): { items: MagentoProduct[]; total: number } {
  // Filter groups are ANDed; the filters inside one group are ORed. Each filter is prepared once,
  // not per product: an `in` list of hundreds of ids over a 50,000-product catalog is a hot path.
  const groups = criteria.filter_groups.map((group) => group.filters.map(filterPredicate))
  const matches = [...products].filter((product) => groups.every((group) => group.some((matches) => matches(product))))
  const orders = criteria.sort_orders ?? []
  matches.sort((a, b) => {
    for (const order of orders) {
      const result = compareValues(fieldValue(a, order.field), fieldValue(b, order.field))
      if (result !== 0) return order.direction === 'DESC' ? -result : result
    }
    return a.id - b.id
  })
  const total = matches.length
  const pageSize = criteria.page_size ?? 0
  if (pageSize <= 0) return { items: matches, total }
  // Magento's collection clamps an out-of-range page to the last one (Data\Collection::getCurPage),
  // so asking for page 99 of 3 returns page 3's items again, not an empty list. Clients that page
  // until `items` is empty loop forever; they must stop at total_count.
  const lastPage = Math.max(1, Math.ceil(total / pageSize))
  const page = Math.min(Math.max(criteria.current_page ?? 1, 1), lastPage)
  return { items: matches.slice((page - 1) * pageSize, page * pageSize), total }
}

type FieldValue = string | number | string[] | undefined

function fieldValue(product: MagentoProduct, field: string): FieldValue {
  switch (field) {
    case 'entity_id':
    case 'id':
      return product.id
    case 'sku':
    case 'name':
    case 'type_id':
    case 'created_at':
    case 'updated_at':
      return product[field]
    case 'price':
    case 'status':
    case 'visibility':
    case 'attribute_set_id':
    case 'weight':
      return product[field]
    case 'category_id':
      return product.extension_attributes.category_links.map((link) => link.category_id)
    default:
      return customAttribute(product, field)
  }
}

function filterPredicate(filter: SearchFilter): (product: MagentoProduct) => boolean {
  const wanted = isDateField(filter.field) ? normaliseDate(filter.value) : filter.value
  const listed = filter.condition_type === 'in' || filter.condition_type === 'nin' ? new Set(wanted.split(',').map((part) => equalityKey(part.trim()))) : undefined
  const pattern = filter.condition_type === 'like' || filter.condition_type === 'nlike' ? new RegExp(`^${wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 'is') : undefined
  return (product) => {
    const actual = fieldValue(product, filter.field)
    // Multi-valued fields (category ids, multiselect values) match when any of their values does.
    const values: (string | number)[] = Array.isArray(actual) ? actual : typeof actual === 'string' && filter.condition_type === 'finset' ? actual.split(',') : actual === undefined ? [] : [actual]
    switch (filter.condition_type) {
      case 'null':
        return values.length === 0 || values.every((value) => value === '')
      case 'notnull':
        return values.length > 0 && values.some((value) => value !== '')
      case 'eq':
      case 'finset':
        return values.some((value) => compareValues(value, wanted) === 0)
      case 'neq':
        return values.length > 0 && values.every((value) => compareValues(value, wanted) !== 0)
      case 'gt':
        return values.some((value) => compareValues(value, wanted) > 0)
      case 'gteq':
        return values.some((value) => compareValues(value, wanted) >= 0)
      case 'lt':
        return values.some((value) => compareValues(value, wanted) < 0)
      case 'lteq':
        return values.some((value) => compareValues(value, wanted) <= 0)
      case 'in':
        return values.some((value) => listed!.has(equalityKey(value)))
      case 'nin':
        return values.length > 0 && values.every((value) => !listed!.has(equalityKey(value)))
      case 'like':
      case 'nlike': {
        const found = values.some((value) => pattern!.test(String(value)))
        return filter.condition_type === 'like' ? found : !found
      }
      default:
        return false
    }
  }
}

/** Two values with the same key are equal by {@link compareValues}: numbers by value, text case-insensitively. */
function equalityKey(value: string | number): string {
  const number = typeof value === 'number' ? value : numeric(value)
  return number !== undefined ? `n:${number}` : `s:${String(value).toLowerCase()}`
}

/** Numbers compare as numbers, everything else as MySQL's case-insensitive collation would. */
function compareValues(a: FieldValue | number, b: FieldValue | number): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1
  const left = Array.isArray(a) ? a.join(',') : a
  const right = Array.isArray(b) ? b.join(',') : b
  const leftNumber = typeof left === 'number' ? left : numeric(left)
  const rightNumber = typeof right === 'number' ? right : numeric(right)
  if (leftNumber !== undefined && rightNumber !== undefined) return leftNumber - rightNumber
  // Plain code-unit order: Magento's datetime strings sort correctly that way, localeCompare need not.
  const l = String(left).toLowerCase()
  const r = String(right).toLowerCase()
  return l < r ? -1 : l > r ? 1 : 0
}

function numeric(value: string): number | undefined {
  return /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : undefined
}

function isDateField(field: string): boolean {
  return field === 'created_at' || field === 'updated_at'
}

/** Accepts ISO-8601 (`2024-03-06T12:00:00Z`) as MySQL does for DATETIME comparisons. */
function normaliseDate(value: string): string {
  const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})/.exec(value)
  return iso ? `${iso[1]} ${iso[2]}` : value
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)
}
