import { z } from 'zod'

// What `PUT /_sim/products/{sku}` and `POST /_sim/mass-update` accept: Magento product fields in
// REST shape. Objects are strict so a misspelt field is an error, not a silent no-op.

const customAttributeSchema = z.strictObject({
  attribute_code: z.string().min(1, { error: 'must be a non-empty attribute code' }),
  // null removes the value; category_ids is the one array-valued attribute.
  value: z.union([z.string(), z.array(z.string()), z.null()], { error: 'must be a string, an array of strings (category_ids) or null' }),
})

const stockItemSchema = z
  .strictObject({
    qty: z.number({ error: 'must be a number' }),
    is_in_stock: z.boolean({ error: 'must be true or false' }),
    manage_stock: z.boolean({ error: 'must be true or false' }),
    use_config_manage_stock: z.boolean({ error: 'must be true or false' }),
    min_qty: z.number().min(0, { error: 'must be a number >= 0' }),
    min_sale_qty: z.number().positive({ error: 'must be a number > 0' }),
    max_sale_qty: z.number().positive({ error: 'must be a number > 0' }),
    backorders: z.literal([0, 1, 2], { error: 'must be 0 (no), 1 (allow qty below 0) or 2 (allow and notify)' }),
    is_qty_decimal: z.boolean({ error: 'must be true or false' }),
    qty_increments: z.number().min(0, { error: 'must be a number >= 0' }),
    enable_qty_increments: z.boolean({ error: 'must be true or false' }),
    notify_stock_qty: z.number({ error: 'must be a number' }),
  })
  .partial()

const mediaEntrySchema = z.strictObject({
  id: z.int().positive({ error: 'must be a positive integer' }).optional(),
  media_type: z.literal(['image', 'external-video'], { error: 'must be "image" or "external-video"' }).default('image'),
  label: z.string({ error: 'must be a string' }).default(''),
  position: z.int().min(0, { error: 'must be an integer >= 0' }).optional(),
  disabled: z.boolean({ error: 'must be true or false' }).default(false),
  types: z.array(z.literal(['image', 'small_image', 'thumbnail', 'swatch_image'], { error: 'must be image, small_image, thumbnail or swatch_image' })).default([]),
  file: z.string().regex(/^\/[^\s]+\.(jpe?g|png|gif|webp)$/i, { error: 'must be a media path like "/m/b/mb01-blue-0.jpg"' }),
})

/** The product fields a change may set; every one optional, unknown ones rejected. */
export const productChangesSchema = z.strictObject({
  sku: z.string().min(1, { error: 'must be a non-empty string' }).max(64, { error: 'must be at most 64 characters' }).optional(),
  name: z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }).max(255, { error: 'must be at most 255 characters' }).optional(),
  price: z.number({ error: 'must be a number' }).min(0, { error: 'must be a number >= 0' }).optional(),
  status: z.literal([1, 2], { error: 'must be 1 (enabled) or 2 (disabled)' }).optional(),
  visibility: z.literal([1, 2, 3, 4], { error: 'must be 1 (not visible individually), 2 (catalog), 3 (search) or 4 (catalog, search)' }).optional(),
  type_id: z.literal(['simple', 'virtual', 'configurable'], { error: 'must be simple, virtual or configurable' }).optional(),
  attribute_set_id: z.int({ error: 'must be an integer' }).positive({ error: 'must be a positive integer' }).optional(),
  weight: z.number({ error: 'must be a number' }).min(0, { error: 'must be a number >= 0' }).optional(),
  custom_attributes: z.array(customAttributeSchema, { error: 'must be an array of {attribute_code, value}' }).optional(),
  extension_attributes: z
    .strictObject({
      website_ids: z.array(z.int().positive(), { error: 'must be an array of website ids' }).optional(),
      category_links: z
        .array(
          z.strictObject({
            position: z.int().min(0, { error: 'must be an integer >= 0' }).optional(),
            category_id: z.union([z.string().regex(/^\d+$/), z.int().positive()], { error: 'must be a category id' }),
          }),
        )
        .optional(),
      stock_item: stockItemSchema.optional(),
      configurable_product_links: z.array(z.int().positive(), { error: 'must be an array of product ids' }).optional(),
    })
    .optional(),
  media_gallery_entries: z.array(mediaEntrySchema, { error: 'must be an array of media gallery entries' }).optional(),
  tier_prices: z
    .array(
      z.strictObject({
        customer_group_id: z.int({ error: 'must be an integer' }),
        qty: z.number().positive({ error: 'must be a number > 0' }),
        value: z.number().min(0, { error: 'must be a number >= 0' }),
      }),
    )
    .optional(),
})

/** A validated product change. */
export type ProductChanges = z.infer<typeof productChangesSchema>

/** One rejected field of a change: its JSON path and the rule it broke. */
export interface ChangeProblem {
  readonly field: string
  readonly rule: string
}

/** Parses a change body, returning every problem at once rather than the first. */
export function parseProductChanges(body: unknown): { changes: ProductChanges } | { problems: ChangeProblem[] } {
  const result = productChangesSchema.safeParse(body)
  if (result.success) return { changes: result.data }
  return {
    problems: result.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.')
      if (issue.code === 'unrecognized_keys') {
        return { field: issue.keys.map((key) => (path ? `${path}.${key}` : key)).join(', '), rule: 'is not a field the simulator can change' }
      }
      return { field: path || '(body)', rule: path ? issue.message : 'must be a JSON object of product fields' }
    }),
  }
}
