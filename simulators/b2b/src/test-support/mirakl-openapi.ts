import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { fixturesDir } from '../fixtures-dir.js'

// ajv-formats is CommonJS with a default export; under NodeNext its namespace arrives as the module.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[]; additionalProperties?: boolean; description?: string }
interface MediaType {
  schema?: JsonSchema
  examples?: Record<string, { value: unknown }>
}
interface OperationObject {
  operationId: string
  requestBody?: { content: Record<string, MediaType> }
  responses: Record<string, { content?: Record<string, MediaType>; headers?: Record<string, unknown> }>
}
interface SpecDocument {
  openapi: string
  paths: Record<string, Record<string, OperationObject>>
  components: { schemas: Record<string, JsonSchema> }
}

/** One example the spec carries, with the operation and the place it belongs to. */
export interface SpecExample {
  readonly operationId: string
  readonly where: 'request' | `response ${string}`
  readonly name: string
  readonly mediaType: string
  readonly value: unknown
}

/** The Mirakl seller spec subset as validators. Errors come back as readable strings; none means valid. */
export interface MiraklSpec {
  readonly version: string
  validateSchema(name: string, value: unknown): string[]
  validateRequest(operationId: string, body: unknown, mediaType?: string): string[]
  validateResponse(operationId: string, status: number, body: unknown, mediaType?: string): string[]
  /** Media types the spec declares for a response (e.g. application/octet-stream for OF03). */
  responseMediaTypes(operationId: string, status: number): string[]
  /** Header names the spec declares for a response (e.g. Location for OF24's 201). */
  responseHeaders(operationId: string, status: number): string[]
  /** Every example in the spec, requests and responses. */
  examples(): SpecExample[]
  /** Every operation: its id, method and path (with `{param}` placeholders). */
  operations(): { readonly operationId: string; readonly method: string; readonly path: string }[]
}

const SPEC_FILE = join('mirakl', 'mmp-seller-openapi.offers-products-subset.json')
const BASE = 'mirakl-seller'

/**
 * Loads `mirakl/mmp-seller-openapi.offers-products-subset.json` (OpenAPI 3.1, so JSON Schema
 * 2020-12: ajv's Ajv2020) with formats checked and every object schema closed
 * (`additionalProperties: false`) so a misspelt field fails instead of passing. The generated spec
 * disagrees with Mirakl's own examples in a few places; each change below names the example that
 * shows what Mirakl really sends, and a test proves every example in the spec validates after them.
 */
export function loadMiraklSpec(fixtures = fixturesDir()): MiraklSpec {
  const document = JSON.parse(readFileSync(join(fixtures, SPEC_FILE), 'utf8')) as SpecDocument
  const original = JSON.parse(JSON.stringify(document.components.schemas)) as Record<string, JsonSchema>
  const schemas = document.components.schemas
  for (const schema of Object.values(schemas)) if (schema.properties) schema.additionalProperties = false

  // The subset kept the discriminator of offer additional fields but not the per-type schemas
  // that hold `value`; every example sends and returns one ({"code":"ecotax","value":"20"}).
  for (const name of ['OF21_Response_200_Offers_OfferAdditionalFields', 'OF22_Response_200_OfferAdditionalFields', 'OF24_Request_Offers_OfferAdditionalFields']) {
    property(schemas, name, 'value', () => ({ type: 'string', description: 'Custom field value' }))
  }
  // Mirakl writes absent values as null, which OpenAPI 3.1 would type as [x, "null"]: the OF21
  // and OF22 examples have "channel_code": null and "discount_price": null, PM11's has
  // "default_value", "example" and "type_parameter" null, OF04's "previous_page_token" null. OF24's
  // channel_code is documented "To set the default prices, set it to null".
  const nullable: [string, string][] = [
    ['OF21_Response_200_Offers_AllPrices', 'channel_code'],
    ['OF21_Response_200_Offers_ApplicablePricing', 'channel_code'],
    ['OF21_Response_200_Offers_Discount', 'discount_price'],
    ['OF22_Response_200_AllPrices', 'channel_code'],
    ['OF22_Response_200_ApplicablePricing', 'channel_code'],
    ['OF22_Response_200_Discount', 'discount_price'],
    ['OF24_Request_Offers_AllPrices', 'channel_code'],
    ['PM11_Response_200_Attributes', 'default_value'],
    ['PM11_Response_200_Attributes', 'example'],
    ['PM11_Response_200_Attributes', 'type_parameter'],
    ['OF04_Response_200', 'previous_page_token'],
  ]
  for (const [name, field] of nullable) property(schemas, name, field, (schema) => ({ ...schema, type: [schema.type as string, 'null'] }))
  // `required` lists that Mirakl's own examples do not meet: OF02's example has no reason_status
  // nor (deprecated) type, PM11's no (deprecated) required, P31's no total_count. An offer (OF21,
  // OF22) cannot return what an update deleted: every OF24 field documented "if not provided,
  // existing data will be deleted" is optional in the answer (the OF21 example has no
  // max_order_quantity nor min_quantity_alert).
  const deletedByUpdate = Object.entries(original.OF24_Request_Offers?.properties ?? {})
    .filter(([, schema]) => /existing data will be deleted/.test(String(schema.description)))
    // OF21 names the availability dates differently from OF24.
    .map(([field]) => ({ available_started: 'available_start_date', available_ended: 'available_end_date' })[field] ?? field)
  const optional: [string, string[]][] = [
    ['OF02_Response_200', ['reason_status', 'type']],
    ['PM11_Response_200_Attributes', ['required']],
    ['P31_Response_200', ['total_count']],
    ['OF21_Response_200_Offers', deletedByUpdate],
    ['OF22_Response_200', deletedByUpdate],
  ]
  for (const [name, fields] of optional) {
    const schema = definition(schemas, name)
    for (const field of fields) if (!schema.required?.includes(field) && !schema.properties?.[field]) throw new Error(`spec has no ${name}.${field}`)
    schema.required = (schema.required ?? []).filter((field) => !fields.includes(field))
  }
  // Mirakl's JSON reader takes numbers sent as strings: the OF24 example sends "quantity": "5000",
  // "package_quantity": "2" and "unit_discount_price": "49". Requests only; answers stay strict.
  for (const [name, schema] of Object.entries(schemas)) if (name.startsWith('OF24_Request')) acceptNumericStrings(schema)

  const ajv = new Ajv2020({ allErrors: true, strict: false })
  addFormats(ajv)
  // Mirakl's own formats: "with decimals" for amounts, int32/int64 for integers, binary for files.
  ajv.addFormat('with decimals', true)
  ajv.addFormat('int32', { type: 'number', validate: (value: number) => value >= -(2 ** 31) && value < 2 ** 31 })
  ajv.addFormat('int64', { type: 'number', validate: (value: number) => Number.isSafeInteger(value) })
  ajv.addFormat('binary', true)
  ajv.addSchema({ $id: BASE, components: { schemas } })

  const compiled = new Map<string, ValidateFunction>()
  const run = (schema: JsonSchema, value: unknown): string[] => {
    const key = JSON.stringify(schema)
    let validate = compiled.get(key)
    if (!validate) {
      validate = ajv.compile({ $id: `${BASE}-${compiled.size}`, ...rebase(schema) })
      compiled.set(key, validate)
    }
    validate(value)
    return (validate.errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`)
  }
  const operations = new Map<string, OperationObject>()
  const locations: { operationId: string; method: string; path: string }[] = []
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      operations.set(operation.operationId, operation)
      locations.push({ operationId: operation.operationId, method: method.toUpperCase(), path })
    }
  }
  const operation = (operationId: string): OperationObject => {
    const found = operations.get(operationId)
    if (!found) throw new Error(`no operation ${operationId} in the spec`)
    return found
  }
  const response = (operationId: string, status: number) => {
    const found = operation(operationId).responses[String(status)]
    if (!found) throw new Error(`${operationId} declares no ${status} response`)
    return found
  }
  const media = (content: Record<string, MediaType> | undefined, mediaType: string, where: string): JsonSchema => {
    const schema = content?.[mediaType]?.schema
    if (!schema) throw new Error(`${where} has no ${mediaType} schema`)
    return schema
  }

  return {
    version: document.openapi,
    validateSchema: (name, value) => {
      definition(schemas, name)
      return run({ $ref: `#/components/schemas/${name}` }, value)
    },
    validateRequest: (operationId, body, mediaType = 'application/json') => run(media(operation(operationId).requestBody?.content, mediaType, `${operationId} request`), body),
    validateResponse: (operationId, status, body, mediaType = 'application/json') => run(media(response(operationId, status).content, mediaType, `${operationId} ${status}`), body),
    responseMediaTypes: (operationId, status) => Object.keys(response(operationId, status).content ?? {}),
    responseHeaders: (operationId, status) => Object.keys(response(operationId, status).headers ?? {}),
    operations: () => locations.map((location) => ({ ...location })),
    examples: () =>
      [...operations.values()].flatMap((found) => [
        ...Object.entries(found.requestBody?.content ?? {}).flatMap(([mediaType, content]) =>
          Object.entries(content.examples ?? {}).map(([name, example]) => ({ operationId: found.operationId, where: 'request' as const, name, mediaType, value: example.value })),
        ),
        ...Object.entries(found.responses).flatMap(([status, answer]) =>
          Object.entries(answer.content ?? {}).flatMap(([mediaType, content]) =>
            Object.entries(content.examples ?? {}).map(([name, example]) => ({ operationId: found.operationId, where: `response ${status}` as const, name, mediaType, value: example.value })),
          ),
        ),
      ]),
  }
}

function definition(schemas: Record<string, JsonSchema>, name: string): JsonSchema {
  const schema = schemas[name]
  if (!schema) throw new Error(`spec has no schema ${name}`)
  return schema
}

function property(schemas: Record<string, JsonSchema>, name: string, field: string, change: (schema: JsonSchema) => JsonSchema): void {
  const schema = definition(schemas, name)
  schema.properties ??= {}
  schema.properties[field] = change(schema.properties[field] ?? {})
}

/** Points the spec's local `#/components/...` references at the loaded document. */
function rebase(schema: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${BASE}#/`)) as JsonSchema
}

function acceptNumericStrings(schema: JsonSchema): void {
  for (const [field, property] of Object.entries(schema.properties ?? {})) {
    if (property.type === 'integer') schema.properties![field] = { anyOf: [property, { type: 'string', pattern: '^-?\\d+$' }], description: property.description }
    else if (property.type === 'number') schema.properties![field] = { anyOf: [property, { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' }], description: property.description }
  }
}
