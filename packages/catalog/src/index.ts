// The canonical product of catalog.product.v1 (schemas/catalog/product-changed.avsc) as TypeScript
// types, shared by ingest (which writes it) and the transformer (which reads it).
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
} from './canonical-product.js'
