import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ErrorObject, ValidateFunction } from 'ajv'
import AjvDraft04 from 'ajv-draft-04'
import addFormatsModule from 'ajv-formats'
import { fixturesDir } from './fixtures-dir.js'

/** The Swagger 2.0 models this simulator implements, by short name. */
export type SpApiModelName = 'listingsItems' | 'productTypeDefinitions'

const MODEL_FILES: Readonly<Record<SpApiModelName, string>> = {
  listingsItems: 'listingsItems_2021-08-01.json',
  productTypeDefinitions: 'definitionsProductTypes_2020-09-01.json',
}

/** A token bucket: `rate` tokens per second refill a bucket of `burst`. */
export interface UsagePlan {
  readonly rate: number
  readonly burst: number
}

/** One query parameter as the model declares it. */
export interface QueryParameter {
  readonly name: string
  readonly required: boolean
  readonly type: 'string' | 'array' | 'integer' | 'boolean'
  readonly enum?: readonly string[]
  readonly maxItems?: number
  readonly default?: unknown
}

/** What the model declares for one response status of an operation. */
export interface DeclaredResponse {
  /** Definition name of the body, e.g. `ErrorList`. */
  readonly definition?: string
  /** Header names exactly as the model spells them, e.g. `x-amzn-RateLimit-Limit`. */
  readonly headers: readonly string[]
}

/** One operation of a model: what it takes, what it may answer, and its default usage plan. */
export interface SpApiOperation {
  readonly id: string
  readonly model: SpApiModelName
  readonly method: string
  /** The Swagger path template, e.g. `/listings/2021-08-01/items/{sellerId}/{sku}`. */
  readonly path: string
  readonly usagePlan: UsagePlan
  readonly queryParameters: readonly QueryParameter[]
  /** Definition name of the request body, when the operation takes one. */
  readonly bodyDefinition?: string
  readonly responses: ReadonlyMap<number, DeclaredResponse>
}

/** Query values after {@link SpApiModels.parseQuery}: arrays split from CSV, defaults applied. */
export type QueryValues = Record<string, string | string[] | number | boolean | undefined>

type JsonSchema = Record<string, unknown>

interface SwaggerParameter {
  name: string
  in: string
  required?: boolean
  type?: QueryParameter['type']
  enum?: string[]
  items?: { enum?: string[] }
  maxItems?: number
  default?: unknown
  schema?: { $ref?: string }
}

interface SwaggerOperation {
  operationId: string
  description: string
  parameters?: SwaggerParameter[]
  responses: Record<string, { schema?: { $ref?: string }; headers?: Record<string, unknown> }>
}

interface SwaggerDocument {
  paths: Record<string, Record<string, SwaggerOperation | SwaggerParameter[]>>
  definitions: Record<string, JsonSchema>
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'patch', 'delete'])

/**
 * Amazon's Swagger models from `amazon-sp-api/models` (read in place from the fixtures), as the one
 * source of what each operation accepts and answers: query parameters, body definitions, declared
 * statuses and headers, and the default usage plan from each operation's "Usage Plan" table. The
 * definitions are draft-04 JSON Schema; every object schema with `properties` is closed
 * (`additionalProperties: false`) unless the model says otherwise, so a misspelt field fails in
 * requests the simulator accepts and in responses the tests check.
 */
export class SpApiModels {
  private readonly operationsById = new Map<string, SpApiOperation>()
  private readonly definitions = new Map<SpApiModelName, Record<string, JsonSchema>>()
  private readonly ajv: InstanceType<typeof AjvDraft04.default>
  private readonly compiled = new Map<string, ValidateFunction>()

  private constructor(documents: Readonly<Record<SpApiModelName, SwaggerDocument>>) {
    // strict off: the models carry Swagger extensions (`x-docgen-enum-table-extension`, `example`).
    this.ajv = new AjvDraft04.default({ allErrors: true, strict: false })
    addFormatsModule.default(this.ajv)
    for (const [model, document] of Object.entries(documents) as [SpApiModelName, SwaggerDocument][]) {
      for (const schema of Object.values(document.definitions)) close(schema)
      this.definitions.set(model, document.definitions)
      this.ajv.addSchema({ id: model, definitions: document.definitions }, model)
      for (const [path, methods] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(methods)) {
          if (!HTTP_METHODS.has(method)) continue
          const parsed = parseOperation(model, method, path, operation as SwaggerOperation)
          this.operationsById.set(parsed.id, parsed)
        }
      }
    }
  }

  /** Reads both models from `<fixtures>/amazon-sp-api/models`. Throws when a model lacks what the simulator relies on. */
  static load(fixtures = fixturesDir()): SpApiModels {
    const read = (file: string) => JSON.parse(readFileSync(join(fixtures, 'amazon-sp-api', 'models', file), 'utf8')) as SwaggerDocument
    return new SpApiModels({ listingsItems: read(MODEL_FILES.listingsItems), productTypeDefinitions: read(MODEL_FILES.productTypeDefinitions) })
  }

  /** The operation with this operationId; throws for one the models do not define. */
  operation(id: string): SpApiOperation {
    const operation = this.operationsById.get(id)
    if (!operation) throw new Error(`no operation ${id} in the SP-API models`)
    return operation
  }

  get operations(): SpApiOperation[] {
    return [...this.operationsById.values()]
  }

  /** Validates a value against one definition of a model; readable problems, empty when valid. */
  validate(model: SpApiModelName, definition: string, value: unknown, where = '(root)'): string[] {
    if (!this.definitions.get(model)?.[definition]) throw new Error(`no definition ${definition} in the ${model} model`)
    const key = `${model}#/definitions/${definition}`
    let validate = this.compiled.get(key)
    if (!validate) this.compiled.set(key, (validate = this.ajv.compile({ $ref: key })))
    return validate(value) ? [] : (validate.errors ?? []).map((error) => describeError(error, where))
  }

  /**
   * Reads an operation's query parameters as the model declares them: CSV arrays split, enums and
   * `maxItems` checked, required ones present, defaults applied. Undeclared parameters are ignored.
   */
  parseQuery(operation: SpApiOperation, query: Readonly<Record<string, unknown>>): { values: QueryValues } | { problems: string[] } {
    const values: QueryValues = {}
    const problems: string[] = []
    for (const parameter of operation.queryParameters) {
      const raw = query[parameter.name]
      const text = Array.isArray(raw) ? raw.map(queryText).join(',') : queryText(raw)
      if (text.trim() === '') {
        if (parameter.required) problems.push(`Missing required parameter '${parameter.name}'.`)
        else values[parameter.name] = parameter.default as QueryValues[string]
        continue
      }
      const allowed = (value: string) => parameter.enum === undefined || parameter.enum.includes(value)
      if (parameter.type === 'array') {
        const items = text.split(',').map((item) => item.trim()).filter(Boolean)
        const invalid = items.filter((item) => !allowed(item))
        if (invalid.length > 0) problems.push(`Invalid value ${invalid.map((v) => `'${v}'`).join(', ')} for parameter '${parameter.name}': must be one of ${parameter.enum?.join(', ')}.`)
        else if (parameter.maxItems !== undefined && items.length > parameter.maxItems) problems.push(`Parameter '${parameter.name}' takes at most ${parameter.maxItems} value(s), got ${items.length}.`)
        else values[parameter.name] = items
      } else if (parameter.type === 'integer') {
        if (!/^-?\d+$/.test(text.trim())) problems.push(`Parameter '${parameter.name}' must be an integer.`)
        else values[parameter.name] = Number(text)
      } else if (parameter.type === 'boolean') {
        if (text !== 'true' && text !== 'false') problems.push(`Parameter '${parameter.name}' must be true or false.`)
        else values[parameter.name] = text === 'true'
      } else if (!allowed(text)) {
        problems.push(`Invalid value '${text}' for parameter '${parameter.name}': must be one of ${parameter.enum?.join(', ')}.`)
      } else {
        values[parameter.name] = text
      }
    }
    return problems.length > 0 ? { problems } : { values }
  }
}

// Fastify's query parser yields strings (arrays of them for repeated keys); anything else is no value.
function queryText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : ''
}

function parseOperation(model: SpApiModelName, method: string, path: string, operation: SwaggerOperation): SpApiOperation {
  const parameters = operation.parameters ?? []
  const body = parameters.find((parameter) => parameter.in === 'body')
  const responses = new Map<number, DeclaredResponse>()
  for (const [status, response] of Object.entries(operation.responses)) {
    const definition = definitionName(response.schema?.$ref)
    responses.set(Number(status), { ...(definition ? { definition } : {}), headers: Object.keys(response.headers ?? {}) })
  }
  const bodyDefinition = definitionName(body?.schema?.$ref)
  return {
    id: operation.operationId,
    model,
    method: method.toUpperCase(),
    path,
    usagePlan: usagePlanOf(operation.operationId, operation.description),
    queryParameters: parameters
      .filter((parameter) => parameter.in === 'query')
      .map((parameter) => ({
        name: parameter.name,
        required: parameter.required === true,
        type: parameter.type ?? 'string',
        ...((parameter.items?.enum ?? parameter.enum) ? { enum: parameter.items?.enum ?? parameter.enum } : {}),
        ...(parameter.maxItems !== undefined ? { maxItems: parameter.maxItems } : {}),
        ...(parameter.default !== undefined ? { default: parameter.default } : {}),
      })),
    ...(bodyDefinition ? { bodyDefinition } : {}),
    responses,
  }
}

function definitionName(ref: string | undefined): string | undefined {
  return ref?.startsWith('#/definitions/') ? ref.slice('#/definitions/'.length) : undefined
}

/**
 * The default rate and burst from an operation's "Usage Plan(s)" table. Listings Items has
 * `| Rate (requests per second) | Burst |` then `| 5 | 10 |`; Product Type Definitions adds a
 * "Plan type" column (`|Default| 5 | 10 |`). The first data row is the default plan.
 */
export function usagePlanOf(operationId: string, description: string): UsagePlan {
  const table = /Rate \(requests per second\)\s*\|\s*Burst\s*\|[ \t]*\n[ \t]*\|[-| \t]+\n[ \t]*\|([^\n]+)\|/.exec(description)
  const numbers = (table?.[1] ?? '')
    .split('|')
    .map((cell) => cell.trim())
    .filter((cell) => /^\d+(\.\d+)?$/.test(cell))
    .map(Number)
  const [rate, burst] = numbers.slice(-2)
  if (rate === undefined || burst === undefined || numbers.length < 2) throw new Error(`no usage plan table in the description of ${operationId}`)
  return { rate, burst }
}

/** Closes every object schema with `properties` that does not say whether it is open. */
function close(schema: unknown): void {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return
  const object = schema as JsonSchema
  const properties = object.properties
  if (typeof properties === 'object' && properties !== null) {
    if (object.additionalProperties === undefined) object.additionalProperties = false
    for (const property of Object.values(properties)) close(property)
  }
  close(object.items)
  close(object.additionalProperties)
}

function describeError(error: ErrorObject, where: string): string {
  const path = `${where}${error.instancePath}`
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required':
      return `${path}: '${String(params.missingProperty)}' is required`
    case 'additionalProperties':
      return `${path}: '${String(params.additionalProperty)}' is not allowed`
    case 'enum':
      return `${path}: must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`
    default:
      return `${path}: ${error.message ?? error.keyword}`
  }
}
