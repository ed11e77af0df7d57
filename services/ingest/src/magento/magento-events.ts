// The Magento events ingest accepts, and what each means for the canonical topic.

/** What a change does to the canonical product. */
export type ChangeAction = 'upsert' | 'delete' | 'stock'

/** The Commerce plugin hook on ProductRepositoryInterface::save. */
export const PRODUCT_REPOSITORY_SAVE = 'plugin.magento.catalog.api.product_repository.save'

/** eventName of a plain REST product sent by a gateway (no Magento event involved). */
export const PRODUCT_SNAPSHOT = 'product'

/**
 * eventName of an I/O Events journal entry that carries no `type` (the docs' sample event shows
 * only `event.data`). It is treated as an upsert: the data is the product's saved state.
 */
export const UNTYPED_JOURNAL_EVENT = 'journal.untyped'

/** Supported event names (Commerce's `<type>.<event>` form) and their action. */
export const SUPPORTED_EVENTS: ReadonlyMap<string, ChangeAction> = new Map<string, ChangeAction>([
  ['observer.catalog_product_save_after', 'upsert'],
  ['observer.catalog_product_save_commit_after', 'upsert'],
  ['observer.catalog_product_delete_after', 'delete'],
  ['observer.catalog_product_delete_commit_after', 'delete'],
  ['observer.cataloginventory_stock_item_save_after', 'stock'],
  ['observer.cataloginventory_stock_item_save_commit_after', 'stock'],
  [PRODUCT_REPOSITORY_SAVE, 'upsert'],
])

/** CloudEvent `type` prefix of Commerce events: `com.adobe.commerce.observer.<event>`. */
export const CLOUDEVENT_TYPE_PREFIX = 'com.adobe.commerce.'

/**
 * The supported event a name denotes, or undefined. Bare Magento event names
 * (`catalog_product_save_after`) are read as observer events, since some senders leave out the prefix.
 */
export function resolveEvent(name: string): { eventName: string; action: ChangeAction } | undefined {
  const action = SUPPORTED_EVENTS.get(name)
  if (action !== undefined) return { eventName: name, action }
  const observer = `observer.${name}`
  const observerAction = SUPPORTED_EVENTS.get(observer)
  return observerAction === undefined ? undefined : { eventName: observer, action: observerAction }
}
