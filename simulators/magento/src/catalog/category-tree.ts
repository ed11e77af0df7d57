/** One category as the simulator keeps it. */
export interface Category {
  readonly id: number
  readonly parentId: number
  readonly name: string
  readonly urlKey: string
  readonly isActive: boolean
  readonly isAnchor: boolean
  readonly includeInMenu: boolean
  readonly position: number
  readonly level: number
  /** Ids from the tree root, e.g. `[1, 2, 3]`. */
  readonly path: readonly number[]
  readonly displayMode?: string
}

/** A row of a sample-data categories.csv. */
export interface CategoryRow {
  name: string
  url_key: string
  path: string
  active: string
  is_anchor: string
  include_in_menu: string
  position: string
  display_mode: string
}

// Magento's fixed roots: 1 is the invisible tree root, 2 the "Default Category" of the main store.
const ROOT_ID = 1
const DEFAULT_CATEGORY_ID = 2

/**
 * The category tree. Ids are given in the order categories are created, as the sample-data
 * installers do (gear, then training, then apparel), so Men = 11 and Tees = 16 as in a Luma install.
 */
export class CategoryTree {
  private readonly categories = new Map<number, Category>()
  private readonly children = new Map<number, number[]>()
  private nextId = DEFAULT_CATEGORY_ID + 1
  /** Creation time of every seeded category; the sample data has none. */
  private readonly createdAt: string

  constructor(createdAt: string) {
    this.createdAt = createdAt
    this.insert({ id: ROOT_ID, parentId: 0, name: 'Root Catalog', urlKey: 'root-catalog', isActive: true, isAnchor: false, includeInMenu: true, position: 0, level: 0, path: [ROOT_ID] })
    this.insert({
      id: DEFAULT_CATEGORY_ID,
      parentId: ROOT_ID,
      name: 'Default Category',
      urlKey: 'default-category',
      isActive: true,
      isAnchor: true,
      includeInMenu: true,
      position: 1,
      level: 1,
      path: [ROOT_ID, DEFAULT_CATEGORY_ID],
    })
  }

  /** Adds the rows of a categories.csv; a category whose path already exists is kept as it is. */
  addRows(rows: readonly CategoryRow[]): void {
    for (const row of rows) {
      const parentNames = row.path === '' ? [] : row.path.split('/')
      const parent = this.resolvePath(parentNames) ?? this.ensurePath(parentNames)
      if (this.childNamed(parent.id, row.name)) continue
      this.create(parent, row.name, {
        urlKey: row.url_key,
        isActive: row.active === '1',
        isAnchor: row.is_anchor === '1',
        includeInMenu: row.include_in_menu === '1',
        position: row.position === '' ? undefined : Number(row.position),
        displayMode: row.display_mode || undefined,
      })
    }
  }

  /** Resolves names below "Default Category" (`['Men', 'Tops']`), creating the missing ones. */
  ensurePath(names: readonly string[]): Category {
    let current = this.require(DEFAULT_CATEGORY_ID)
    for (const name of names) {
      current = this.childNamed(current.id, name) ?? this.create(current, name, {})
    }
    return current
  }

  /** Resolves names below "Default Category" without creating anything. */
  resolvePath(names: readonly string[]): Category | undefined {
    let current: Category | undefined = this.require(DEFAULT_CATEGORY_ID)
    for (const name of names) {
      current = this.childNamed(current.id, name)
      if (!current) return undefined
    }
    return current
  }

  /** A direct child of `parentId` by name (case-insensitive, as the sample-data converter matches). */
  childNamed(parentId: number, name: string): Category | undefined {
    const wanted = name.trim().toLowerCase()
    for (const id of this.children.get(parentId) ?? []) {
      const category = this.categories.get(id)
      if (category && category.name.toLowerCase() === wanted) return category
    }
    return undefined
  }

  /** The category with this id, if any. */
  get(id: number): Category | undefined {
    return this.categories.get(id)
  }

  /** Number of categories, roots included. */
  get size(): number {
    return this.categories.size
  }

  /** `GET /V1/categories/{id}`, shaped as `catalog-data-category-interface`. */
  toRest(id: number): Record<string, unknown> | undefined {
    const category = this.categories.get(id)
    if (!category) return undefined
    const children = this.children.get(id) ?? []
    const path = category.path.join('/')
    const urlPath = category.path
      .filter((ancestor) => ancestor > DEFAULT_CATEGORY_ID)
      .map((ancestor) => this.require(ancestor).urlKey)
      .join('/')
    const customAttributes: { attribute_code: string; value: string }[] = []
    if (category.displayMode) customAttributes.push({ attribute_code: 'display_mode', value: category.displayMode })
    customAttributes.push(
      { attribute_code: 'is_anchor', value: category.isAnchor ? '1' : '0' },
      { attribute_code: 'path', value: path },
      { attribute_code: 'children_count', value: String(this.descendantCount(id)) },
      { attribute_code: 'url_key', value: category.urlKey },
    )
    if (urlPath) customAttributes.push({ attribute_code: 'url_path', value: urlPath })
    return {
      id: category.id,
      parent_id: category.parentId,
      name: category.name,
      is_active: category.isActive,
      position: category.position,
      level: category.level,
      children: children.join(','),
      created_at: this.createdAt,
      updated_at: this.createdAt,
      path,
      available_sort_by: [],
      include_in_menu: category.includeInMenu,
      custom_attributes: customAttributes,
    }
  }

  private descendantCount(id: number): number {
    return (this.children.get(id) ?? []).reduce((sum, child) => sum + 1 + this.descendantCount(child), 0)
  }

  private create(
    parent: Category,
    name: string,
    fields: { urlKey?: string; isActive?: boolean; isAnchor?: boolean; includeInMenu?: boolean; position?: number; displayMode?: string },
  ): Category {
    const id = this.nextId++
    const siblings = this.children.get(parent.id) ?? []
    return this.insert({
      id,
      parentId: parent.id,
      name,
      urlKey: fields.urlKey || urlKeyOf(name),
      isActive: fields.isActive ?? true,
      isAnchor: fields.isAnchor ?? true,
      includeInMenu: fields.includeInMenu ?? true,
      position: fields.position ?? siblings.length + 1,
      level: parent.level + 1,
      path: [...parent.path, id],
      ...(fields.displayMode ? { displayMode: fields.displayMode } : {}),
    })
  }

  private insert(category: Category): Category {
    this.categories.set(category.id, Object.freeze(category))
    if (category.parentId) {
      const siblings = this.children.get(category.parentId) ?? []
      siblings.push(category.id)
      this.children.set(category.parentId, siblings)
    }
    return category
  }

  private require(id: number): Category {
    const category = this.categories.get(id)
    if (!category) throw new Error(`category ${id} is missing`)
    return category
  }
}

/** Magento's URL key rule for a name: lower-case, non-alphanumerics collapsed to `-`. */
export function urlKeyOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/&[a-z]+;/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}
