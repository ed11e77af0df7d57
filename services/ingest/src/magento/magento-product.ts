// The Magento REST product (GET /V1/products/{sku}; swagger catalog-data-product-interface in
// ../shared/fixtures/magento-rest/admin-schema-2.4.8.yaml). Everything but the SKU is optional
// because webhooks may carry only some fields; unknown keys pass through untouched.
import { z } from 'zod'
import {
  checkAttributeCode,
  checkBoolean,
  checkDate,
  checkDecimal,
  checkInt32,
  checkInteger,
  checkMediaFile,
  checkSku,
  checkStatus,
  checkText,
  checkVisibility,
  optionalValue,
  requiredValue,
} from './magento-values.js'
import { RULES, describeValue } from './payload-problem.js'

const optionalString = () =>
  z
    .string()
    .nullish()
    .transform((value) => value ?? undefined)

/** extension_attributes.category_links[]: `category_id` is a string in the swagger, coerced to a number. */
const categoryLinkSchema = z.looseObject({
  position: optionalValue(checkInt32),
  category_id: requiredValue(checkInteger),
})

/** extension_attributes.stock_item (cataloginventory stock item); only the fields the sync reads are checked. */
const stockItemSchema = z.looseObject({
  item_id: optionalValue(checkInteger),
  product_id: optionalValue(checkInteger),
  stock_id: optionalValue(checkInteger),
  qty: optionalValue(checkDecimal),
  is_in_stock: optionalValue(checkBoolean),
  manage_stock: optionalValue(checkBoolean),
})

/** extension_attributes.configurable_product_options[] (`attribute_id` is a string in the swagger). */
const configurableOptionSchema = z.looseObject({
  id: optionalValue(checkInteger),
  attribute_id: requiredValue(checkInteger),
  label: optionalString(),
  position: optionalValue(checkInt32),
  values: z
    .array(z.looseObject({ value_index: requiredValue(checkInteger) }))
    .nullish()
    .transform((value) => value ?? undefined),
})

const extensionAttributesSchema = z.looseObject({
  website_ids: z.array(requiredValue(checkInteger)).optional(),
  category_links: z.array(categoryLinkSchema).optional(),
  stock_item: stockItemSchema.optional(),
  configurable_product_options: z.array(configurableOptionSchema).optional(),
  configurable_product_links: z.array(requiredValue(checkInteger)).optional(),
})

/** media_gallery_entries[]; `file` is missing only on uploads (`content`), which normalisation skips. */
const mediaEntrySchema = z.looseObject({
  id: optionalValue(checkInteger),
  media_type: optionalString(),
  label: z.string().nullish(),
  position: optionalValue(checkInt32),
  disabled: optionalValue(checkBoolean),
  types: z
    .array(z.string())
    .nullish()
    .transform((value) => value ?? undefined),
  file: optionalValue(checkMediaFile),
})

/** A custom attribute value: text, option id(s), arrays (category_ids) or, rarely, structures. */
const customAttributeSchema = z
  .looseObject({
    attribute_code: requiredValue(checkAttributeCode),
    value: z.json(),
  })
  .superRefine((attribute, ctx) => {
    // category_ids feeds the canonical categories: every element must be an id.
    if (attribute.attribute_code !== 'category_ids' || attribute.value === null) return
    const ids = Array.isArray(attribute.value) ? attribute.value : typeof attribute.value === 'string' ? attribute.value.split(',') : [attribute.value]
    ids.forEach((id, index) => {
      if (!checkInteger(id).ok) {
        ctx.addIssue({
          code: 'custom',
          path: Array.isArray(attribute.value) ? ['value', index] : ['value'],
          message: `${describeValue(id)} is not a category id`,
          params: { rule: RULES.integer },
        })
      }
    })
  })

/** Zod schema of the REST product; output numbers are numbers whatever Magento sent. */
export const magentoProductSchema = z.looseObject({
  id: optionalValue(checkInteger),
  sku: requiredValue(checkSku),
  name: optionalValue(checkText),
  attribute_set_id: optionalValue(checkInteger),
  price: optionalValue(checkDecimal),
  status: optionalValue(checkStatus),
  visibility: optionalValue(checkVisibility),
  type_id: optionalValue(checkText),
  created_at: optionalValue(checkDate),
  updated_at: optionalValue(checkDate),
  weight: optionalValue(checkDecimal),
  extension_attributes: extensionAttributesSchema.optional(),
  media_gallery_entries: z.array(mediaEntrySchema).optional(),
  custom_attributes: z.array(customAttributeSchema).optional(),
})

/** A validated Magento REST product, possibly partial (only `sku` is certain). */
export type MagentoProduct = z.output<typeof magentoProductSchema>

/** One entry of `custom_attributes`. */
export type MagentoCustomAttribute = NonNullable<MagentoProduct['custom_attributes']>[number]

/** One entry of `media_gallery_entries`. */
export type MagentoMediaEntry = NonNullable<MagentoProduct['media_gallery_entries']>[number]
