/**
 * Magento's `fields` query parameter on REST GETs (Magento\Framework\Webapi\Rest\Response\FieldsFilter):
 * `fields=items[id,sku,extension_attributes[website_ids]],total_count` keeps only the named fields,
 * nested in brackets; a list is filtered element by element. Clients ask for it to keep answers
 * small (ingest reads children's SKUs with `items[id,sku],total_count`).
 */

/** Field name → the fields kept under it (undefined: the whole value). */
export type FieldTree = ReadonlyMap<string, FieldTree | undefined>

/** The tree of a `fields` value, or undefined when it is not well formed (Magento then ignores it). */
export function parseFields(text: string): FieldTree | undefined {
  let position = 0
  const parseList = (): Map<string, FieldTree | undefined> | undefined => {
    const tree = new Map<string, FieldTree | undefined>()
    for (;;) {
      const start = position
      while (position < text.length && !',[]'.includes(text[position]!)) position++
      const name = text.slice(start, position).trim()
      if (name === '') return undefined
      let children: FieldTree | undefined
      if (text[position] === '[') {
        position++
        children = parseList()
        if (children === undefined || text[position] !== ']') return undefined
        position++
      }
      tree.set(name, children)
      if (text[position] !== ',') return tree
      position++
    }
  }
  const tree = parseList()
  return tree !== undefined && position === text.length ? tree : undefined
}

/** `value` with only the fields of `tree`; lists keep their elements, each filtered. */
export function filterFields(value: unknown, tree: FieldTree): unknown {
  if (Array.isArray(value)) return value.map((item) => filterFields(item, tree))
  if (value === null || typeof value !== 'object') return value
  const kept: Record<string, unknown> = {}
  for (const [name, children] of tree) {
    if (!Object.hasOwn(value, name)) continue
    const field = (value as Record<string, unknown>)[name]
    kept[name] = children === undefined ? field : filterFields(field, children)
  }
  return kept
}
