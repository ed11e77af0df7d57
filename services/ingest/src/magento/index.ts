// Magento payload parsing and product normalisation: pure functions, no I/O.
export type {
  AttributeValue,
  CategoryRef,
  ChangeSource,
  ConfigurableInfo,
  MediaEntry,
  Money,
  Product,
  ProductChanged,
  Stock,
  VariationAttribute,
  Visibility,
  Weight,
  WeightUnit,
} from '@listing-sync/catalog'
export { flatToRestProduct } from './flat-product.js'
export { isInternalAttribute } from './internal-attributes.js'
export { PRODUCT_REPOSITORY_SAVE, PRODUCT_SNAPSHOT, SUPPORTED_EVENTS, UNTYPED_JOURNAL_EVENT, resolveEvent } from './magento-events.js'
export type { ChangeAction } from './magento-events.js'
export { magentoProductSchema } from './magento-product.js'
export type { MagentoCustomAttribute, MagentoMediaEntry, MagentoProduct } from './magento-product.js'
export { formatMagentoDate, parseMagentoDate } from './magento-values.js'
export { formatAmount, isCompleteProduct, normaliseProduct } from './normalise-product.js'
export type { NormaliseContext } from './normalise-product.js'
export { RULES } from './payload-problem.js'
export type { PayloadProblem } from './payload-problem.js'
export { parseWebhookPayload } from './webhook-payload.js'
export type { ChangeMetadata, ParsedChange, ParseResult, PayloadShape, StockChange } from './webhook-payload.js'
