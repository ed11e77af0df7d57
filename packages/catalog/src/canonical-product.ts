// The canonical product, mirroring schemas/catalog/product-changed.avsc field for field. The Avro
// schema is the only definition: canonical-product.test.ts encodes values of these types with it,
// so a field added to one and not the other fails the build.

/** How a change was observed (Avro enum ChangeSource). */
export type ChangeSource = 'webhook' | 'reconcile' | 'backfill'

/** Magento visibility 1..4 (Avro enum Visibility). */
export type Visibility = 'NOT_VISIBLE' | 'CATALOG' | 'SEARCH' | 'CATALOG_SEARCH'

/** The store's configured weight unit (Avro enum WeightUnit). */
export type WeightUnit = 'KG' | 'LB'

/** A decimal amount as text ('.' separator, no exponent) in an ISO 4217 currency. */
export interface Money {
  amount: string
  currency: string
}

/** A weight with the store's unit; Magento's weight has no unit of its own. */
export interface Weight {
  value: number
  unit: WeightUnit
}

/** Stock of the product: physical quantity, and the MSI salable quantity when known. */
export interface Stock {
  qty: number
  isInStock: boolean
  manageStock: boolean
  /** MSI salable quantity of the configured stock: sync this, not qty, to avoid overselling. */
  salableQty: number | null
  /** MSI stock whose salable quantity `salableQty` is. */
  stockId: number | null
}

/** A category the product is assigned to, with its name and path when known. */
export interface CategoryRef {
  id: number
  name: string | null
  /** Names from the root to this category. */
  path: string[]
}

/** One media gallery entry with its absolute URL. */
export interface MediaEntry {
  url: string
  label: string | null
  position: number
  /** image, small_image, thumbnail, swatch_image. */
  roles: string[]
  disabled: boolean
  mediaType: string
}

/** One custom attribute value: Magento's raw value and the resolved option labels. */
export interface AttributeValue {
  /** Option id(s) for select and multiselect (comma-joined), text otherwise. */
  raw: string | null
  /** Store labels of the option id(s); empty for non-option attributes and unknown ids. */
  labels: string[]
}

/** One attribute a configurable parent varies by. */
export interface VariationAttribute {
  attributeId: number
  code: string | null
  label: string
  /** Option ids (as strings) the children use. */
  valueIds: string[]
}

/** Variation attributes and children of a configurable parent. */
export interface ConfigurableInfo {
  variationAttributes: VariationAttribute[]
  childIds: number[]
  childSkus: string[]
}

/** The canonical product (Avro record Product). */
export interface Product {
  sku: string
  magentoId: number | null
  storeCode: string
  name: string
  typeId: string
  attributeSetId: number | null
  attributeSetName: string | null
  enabled: boolean
  visibility: Visibility
  price: Money | null
  weight: Weight | null
  descriptionHtml: string | null
  shortDescriptionHtml: string | null
  stock: Stock | null
  categories: CategoryRef[]
  websiteIds: number[]
  media: MediaEntry[]
  attributes: Record<string, AttributeValue>
  configurable: ConfigurableInfo | null
  parentSkus: string[]
  createdAt: Date | null
  /** Magento's updated_at of this product. */
  updatedAt: Date | null
  /**
   * For a child of a configurable, its parent when the event was made (whose own parent is null).
   * Records written before the field existed decode without it, hence optional.
   */
  parent?: Product | null
}

/** The value of `catalog.product.v1`: the full current state of one product after a change. */
export interface ProductChanged {
  /** Idempotency key: x-adobe-commerce-request-id, the CloudEvent id, or a generated id. */
  eventId: string
  source: ChangeSource
  /** Magento's updated_at (UTC); orders the events of one SKU. */
  magentoUpdatedAt: Date
  /** When listing-sync received the change. */
  observedAt: Date
  product: Product
}
