import type { Logger } from '@listing-sync/observability'
import type { NormaliseContext } from '../magento/index.js'
import type { IngestConfig } from '../ingest-config.js'
import { MagentoClient } from '../transport/magento-client.js'
import { ConfigurableParents } from './configurable-parents.js'
import { MagentoLookups } from './magento-lookups.js'

/** The store settings normalisation depends on: ingest's MAGENTO_* variables. */
export type MagentoStoreConfig = Pick<IngestConfig, 'MAGENTO_BASE_URL' | 'MAGENTO_TOKEN' | 'MAGENTO_STORE_CODE' | 'MAGENTO_CURRENCY' | 'MAGENTO_WEIGHT_UNIT' | 'MAGENTO_MEDIA_BASE_URL'>

/** Magento REST and the cached lookups that turn its products into canonical ones. */
export interface MagentoNormalisation {
  readonly client: MagentoClient
  /** What `normaliseProduct` needs, children resolving their configurable parent. */
  readonly context: NormaliseContext
  /** Parents of configurable children, for the context and for the enricher to keep current. */
  readonly parents: ConfigurableParents
  /** Loads every attribute's option labels in a few requests; returns how many attributes. */
  preloadOptions(): Promise<number>
}

/**
 * The one way ingest normalises Magento products (webhooks, backfill, reconcile), for anything that
 * must produce the same canonical products, such as a consistency check: option labels and
 * categories cached for 10 minutes, configurable parents read once and kept 30 s. `timeoutMs` bounds
 * each Magento call (HttpClient's default when absent).
 */
export function createMagentoNormalisation(config: MagentoStoreConfig, log: Logger, options: { timeoutMs?: number } = {}): MagentoNormalisation {
  const client = new MagentoClient({ baseUrl: config.MAGENTO_BASE_URL, token: config.MAGENTO_TOKEN, storeCode: config.MAGENTO_STORE_CODE, log, timeoutMs: options.timeoutMs })
  const lookups = new MagentoLookups(client, { ttlMs: 10 * 60 * 1000 })
  const parentContext: NormaliseContext = {
    storeCode: config.MAGENTO_STORE_CODE,
    currency: config.MAGENTO_CURRENCY,
    weightUnit: config.MAGENTO_WEIGHT_UNIT,
    mediaBaseUrl: config.MAGENTO_MEDIA_BASE_URL ?? `${config.MAGENTO_BASE_URL.replace(/\/+$/, '')}/media`,
    optionLabels: (code) => lookups.optionLabels(code),
    category: (id) => lookups.category(id),
    childSkus: (ids) => lookups.childSkus(ids),
  }
  const parents = new ConfigurableParents(client, parentContext, { indexTtlMs: 10 * 60 * 1000, parentTtlMs: 30 * 1000 })
  const context: NormaliseContext = { ...parentContext, parentOf: (childId) => parents.parentOf(childId) }
  return { client, context, parents, preloadOptions: () => lookups.preloadOptions() }
}
