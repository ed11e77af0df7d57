import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { LS_ERR_CONFIG_INVALID } from '@listing-sync/errors'
import { isOf24Field } from './offer-fields.js'

/** Attribute types the marketplace defines, after PM11's `type` values. */
export const ATTRIBUTE_TYPES = ['TEXT', 'INTEGER', 'DECIMAL', 'LIST', 'MEDIA', 'DATE'] as const
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number]

/** One attribute of the marketplace (a PM11 attribute reduced to what the simulator checks). */
export interface AttributeDefinition {
  readonly code: string
  readonly required: boolean
  readonly type: AttributeType
  /** VL11 value list code of a LIST attribute. */
  readonly valuesList?: string
  /** Most characters a TEXT value may have. */
  readonly maxLength?: number
}

/**
 * The marketplace's configuration as an operator would have set it up in Mirakl: offer fields it
 * requires, accepted product id types and offer states, product attributes (PM11) and value lists
 * (VL11). The attributes are also the offer additional fields an OF24 line may carry.
 */
export interface MarketplaceConfig {
  readonly requiredOfferFields: readonly string[]
  readonly productIdTypes: readonly string[]
  readonly stateCodes: readonly string[]
  readonly attributes: readonly AttributeDefinition[]
  readonly valueLists: Readonly<Record<string, readonly string[]>>
}

/** The demo marketplace's configuration file in the repository (read in place, never copied). */
export function defaultAttributesFile(): string {
  // This file is <repo>/simulators/b2b/src/marketplace/marketplace-config.ts.
  return fileURLToPath(new URL('../../../../mappings/product-types/b2b-attributes.json', import.meta.url))
}

const attributeSchema = z.object({
  code: z.string().min(1),
  required: z.boolean(),
  type: z.enum(ATTRIBUTE_TYPES),
  valuesList: z.string().min(1).optional(),
  maxLength: z.int().positive().optional(),
})

const configSchema = z
  .object({
    requiredOfferFields: z.array(z.string()),
    // Mirakl's operators choose these; the defaults are what the OF24 example uses.
    productIdTypes: z.array(z.string().min(1)).min(1).default(['EAN', 'UPC', 'SHOP_SKU']),
    stateCodes: z.array(z.string().min(1)).min(1).default(['11']),
    attributes: z.array(attributeSchema),
    valueLists: z.record(z.string(), z.array(z.string())),
  })
  .superRefine((config, ctx) => {
    config.requiredOfferFields.forEach((field, index) => {
      if (!isOf24Field(field)) ctx.addIssue({ code: 'custom', path: ['requiredOfferFields', index], message: `'${field}' is not an OF24 offer field` })
    })
    const seen = new Set<string>()
    config.attributes.forEach((attribute, index) => {
      if (seen.has(attribute.code)) ctx.addIssue({ code: 'custom', path: ['attributes', index, 'code'], message: `attribute '${attribute.code}' is defined twice` })
      seen.add(attribute.code)
      if (attribute.type === 'LIST' && attribute.valuesList === undefined) {
        ctx.addIssue({ code: 'custom', path: ['attributes', index, 'valuesList'], message: `LIST attribute '${attribute.code}' names no value list` })
      }
      if (attribute.valuesList !== undefined && !(attribute.valuesList in config.valueLists)) {
        ctx.addIssue({ code: 'custom', path: ['attributes', index, 'valuesList'], message: `value list '${attribute.valuesList}' is not in valueLists` })
      }
    })
  })

/** Checks a configuration object; throws LS_ERR_CONFIG_INVALID listing every problem with its path. */
export function parseMarketplaceConfig(raw: unknown, source = 'marketplace config'): MarketplaceConfig {
  const result = configSchema.safeParse(raw)
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`)
    throw LS_ERR_CONFIG_INVALID.with({ details: problems }, problems.join('\n'))
  }
  return result.data
}

/** Reads a configuration file shaped like `mappings/product-types/b2b-attributes.json`. */
export function loadMarketplaceConfig(file = defaultAttributesFile()): MarketplaceConfig {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (cause) {
    throw LS_ERR_CONFIG_INVALID.with({ cause }, `${file}: ${(cause as Error).message}`)
  }
  return parseMarketplaceConfig(raw, file)
}
