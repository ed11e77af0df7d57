// The shape of a mapping manifest (mappings/*.json), as mapping.schema.json describes it.

/** A JSON scalar a condition compares with. */
export type Scalar = string | number | boolean

/**
 * When a rule applies, or which product type a product gets. A string is a JSONata expression over
 * the canonical product ($constants and $productType bound); objects are the simple forms.
 */
export type Condition =
  | string
  | AttributeCondition
  | FieldCondition
  | CategoryCondition
  | AttributeSetCondition
  | { type: 'all'; conditions: Condition[] }
  | { type: 'any'; conditions: Condition[] }
  | { type: 'not'; condition: Condition }

/** A custom attribute's value: `equals`/`in` match its raw value or any of its labels; `exists` tests for a non-empty raw value. */
export interface AttributeCondition {
  type: 'attribute'
  attribute: string
  equals?: Scalar
  in?: Scalar[]
  exists?: boolean
}

/** A value at a source path (`typeId`, `stock.isInStock`, `parentSkus[0]`). */
export interface FieldCondition {
  type: 'field'
  path: string
  equals?: Scalar | null
  in?: (Scalar | null)[]
  exists?: boolean
}

/** The product is in a category: by id, by name, or by a run of names along its path (`["Gear", "Bags"]`). */
export interface CategoryCondition {
  type: 'category'
  id?: number
  name?: string
  path?: string[]
}

/** The product's attribute set, by name or id. */
export interface AttributeSetCondition {
  type: 'attributeSet'
  names?: string[]
  ids?: number[]
}

/** One step of a rule's transform list: `{ type, ...args }`. */
export interface TransformSpec {
  type: string
  [arg: string]: unknown
}

/** One mapping rule: where the value goes, where it comes from, how it is transformed. */
export interface MappingRule {
  target: string
  description?: string
  from?: string
  expr?: string
  value?: unknown
  transforms?: TransformSpec[]
  required?: boolean
  default?: unknown
  when?: Condition
}

/** One product type selection rule. */
export interface ProductTypeRule {
  when: Condition
  productType: string
}

/** Output validation of an Amazon listing against product type schemas. */
export interface AmazonProductTypeValidation {
  type: 'amazonProductType'
  /** Product type → JSON Schema file, relative to the manifest. */
  productTypeSchemas: Record<string, string>
}

/** A value list of a B2B attribute. */
export interface B2bValueList {
  target: string
  values?: string[]
  file?: string
}

/** Output validation of a B2B (Mirakl) payload: required attributes and value lists. */
export interface B2bAttributesValidation {
  type: 'b2bAttributes'
  requiredAttributes: string[]
  valueLists?: B2bValueList[]
}

/** How a marketplace's output is validated; the validators live in src/validation/. */
export type ValidationSpec = AmazonProductTypeValidation | B2bAttributesValidation

/** A mapping manifest. */
export interface Manifest {
  $schema?: string
  marketplace: string
  version: string
  description?: string
  constants?: Record<string, Scalar>
  productType: { rules?: ProductTypeRule[]; default: string }
  rules: MappingRule[]
  validation: ValidationSpec
}
