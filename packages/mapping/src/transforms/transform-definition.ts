import type { Product } from '@listing-sync/catalog'

/** What a transform sees besides its input value: the product being mapped and the manifest's constants. */
export interface TransformContext {
  readonly product: Product
  readonly constants: Readonly<Record<string, unknown>>
  readonly productType: string
}

/** A JSON Schema fragment describing a transform's arguments (merged into mapping.schema.json). */
export type ArgsSchema = Record<string, unknown>

/**
 * A named transform with typed arguments (after vendure's ConfigurableOperationDef): its arguments
 * are validated by `argsSchema` when a manifest is loaded, `prepare` turns them once into what
 * `apply` needs (unit factors, lookup maps), and `apply` runs per product.
 */
export interface TransformDefinition<Args = Record<string, unknown>, Prepared = Args> {
  /** The name used in manifests: `{ "type": "<type>", ...args }`. */
  readonly type: string
  /** One sentence for the schema's description and editors. */
  readonly description: string
  /** JSON Schema of the arguments: `properties` (each with title, description, examples) and `required`. */
  readonly argsSchema: { properties: Record<string, ArgsSchema>; required?: string[] }
  /** Example of a whole transform object, shown by editors. */
  readonly example: Record<string, unknown>
  /** When true the transform also runs on an empty value (null, undefined, '' or []); others pass empties through. */
  readonly acceptsEmpty?: boolean
  /**
   * Checks what the schema cannot express and precomputes; throws {@link TransformArgsError} naming
   * the argument. Called once per compile, never per product.
   */
  prepare?(args: Args): Prepared
  /** Maps one value; throws {@link TransformError} when the value cannot be transformed. */
  apply(value: unknown, args: Prepared, ctx: TransformContext): unknown
}

/** A value a transform cannot handle; the engine reports it as a problem of the rule. */
export class TransformError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TransformError'
  }
}

/** Arguments that pass the schema but cannot work (min > max, incompatible units); `arg` names the argument. */
export class TransformArgsError extends Error {
  constructor(
    readonly arg: string,
    message: string,
  ) {
    super(message)
    this.name = 'TransformArgsError'
  }
}

/** Declares a transform with its argument type; keeps `prepare`'s output typed into `apply`. */
export function defineTransform<Args, Prepared = Args>(definition: TransformDefinition<Args, Prepared>): TransformDefinition<Args, Prepared> {
  return definition
}

/** Applies `fn` to a value or to each item of an array value (string transforms work on lists too). */
export function eachValue(value: unknown, fn: (item: unknown) => unknown): unknown {
  return Array.isArray(value) ? value.map(fn) : fn(value)
}

/** The value as text: strings as they are, finite numbers and booleans via String(); anything else fails. */
export function asText(value: unknown, transform: string): string {
  if (typeof value === 'string') return value
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') return String(value)
  throw new TransformError(`${transform} needs text, got ${describe(value)}`)
}

/** The value as a finite number: numbers, and decimal text such as '34.00' or ' 12.5 '. */
export function asNumber(value: unknown, transform: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) return Number(value)
  throw new TransformError(`${transform} needs a number, got ${describe(value)}`)
}

/** Short readable rendering of a value for problem messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  const text = JSON.stringify(value) ?? typeof value
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/** Annotated schema fragment helper: every property carries title, description and examples. */
export function prop(title: string, description: string, examples: unknown[], schema: Record<string, unknown>): ArgsSchema {
  return { title, description, examples, ...schema }
}
