import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import AjvModule from 'ajv-draft-04'
import { parse } from 'yaml'
import { fixturesDir } from '../fixtures-dir.js'

type JsonSchema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>>; additionalProperties?: boolean }

/** Validates a value against one definition of Magento's admin swagger; errors as readable strings. */
export type SwaggerValidator = (definition: string, value: unknown, options?: { array?: boolean }) => string[]

const SCHEMA_ID = 'magento-admin-2.4.8'

/**
 * Loads `magento-rest/admin-schema-2.4.8.yaml` (Swagger 2.0, whose definitions are draft-04 JSON
 * Schema) into ajv. Two changes make it fit what Magento really sends, each named below; and every
 * definition is closed (`additionalProperties: false`) so a misspelt field fails instead of passing.
 */
export function loadMagentoSwagger(fixtures = fixturesDir()): SwaggerValidator {
  const document = parse(readFileSync(join(fixtures, 'magento-rest', 'admin-schema-2.4.8.yaml'), 'utf8')) as { definitions: Record<string, JsonSchema> }
  const definitions = document.definitions
  for (const schema of Object.values(definitions)) {
    if (schema.properties) schema.additionalProperties = false
  }
  // The generated swagger types every custom attribute value as a string, but Magento sends
  // `category_ids` as an array of strings (magento-rest/examples/POST_V1_products.simple-child.response.json).
  patch(definitions, 'framework-attribute-interface', 'value', { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] })
  // Swagger 2.0 cannot say "nullable"; Magento sends `"low_stock_date": null` (same example file).
  patch(definitions, 'catalog-inventory-data-stock-item-interface', 'low_stock_date', { type: ['string', 'null'] })

  const Ajv = AjvModule.default
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false })
  ajv.addSchema({ id: SCHEMA_ID, definitions }, SCHEMA_ID)
  return (definition, value, options = {}) => {
    if (!definitions[definition]) throw new Error(`no definition ${definition} in the swagger`)
    const ref = { $ref: `${SCHEMA_ID}#/definitions/${definition}` }
    const validate = ajv.compile(options.array ? { type: 'array', items: ref } : ref)
    validate(value)
    return (validate.errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`)
  }
}

function patch(definitions: Record<string, JsonSchema>, definition: string, property: string, schema: Record<string, unknown>): void {
  const properties = definitions[definition]?.properties
  if (!properties?.[property]) throw new Error(`swagger has no ${definition}.${property} to patch`)
  properties[property] = { ...schema, description: properties[property].description }
}
