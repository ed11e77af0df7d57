import { readFile } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import { SchemaRegistry, SchemaType, COMPATIBILITY } from '@kafkajs/confluent-schema-registry'
import { LS_ERR_KAFKA_RECORD_INVALID, LS_ERR_KAFKA_REGISTRY_UNAVAILABLE, LS_ERR_KAFKA_SCHEMA_INCOMPATIBLE } from '@listing-sync/errors'
import { LOGICAL_TYPES } from './avro-logical-types.js'
import type { TopicSpec } from './topics.js'

/**
 * The repository's `schemas/` folder: the only definition of every record. Bundled services (dist/,
 * container images) name it with LISTING_SYNC_SCHEMAS_DIR, since their files sit elsewhere.
 */
export const SCHEMAS_DIR = process.env.LISTING_SYNC_SCHEMAS_DIR
  ? pathToFileURL(`${process.env.LISTING_SYNC_SCHEMAS_DIR.replace(/\/+$/, '')}/`)
  : new URL('../../../schemas/', import.meta.url)

/** Subject of a topic's values under the Confluent TopicNameStrategy, which Java serdes use by default. */
export const valueSubject = (topic: string) => `${topic}-value`

const CONFLUENT_JSON = 'application/vnd.schemaregistry.v1+json'

/**
 * Avro over a Confluent-API schema registry: registers the project's schemas (BACKWARD compatible),
 * and encodes and decodes records in the Confluent wire format (magic byte, schema id, Avro body)
 * that other teams' Java and Python consumers read.
 */
export class AvroRegistry {
  private readonly registry: SchemaRegistry
  /** Base URL of the Confluent API. */
  readonly baseUrl: string

  constructor(url: string) {
    this.baseUrl = url.replace(/\/+$/, '')
    this.registry = new SchemaRegistry(
      { host: this.baseUrl, retry: { retries: 3, initialRetryTimeInSecs: 0.2 } },
      { [SchemaType.AVRO]: { logicalTypes: LOGICAL_TYPES } },
    )
  }

  /** Resolves when the registry answers its subjects list. */
  async ping(): Promise<void> {
    await this.request('GET', '/subjects')
  }

  /**
   * Registers `schema` under `subject` (same schema: same id, nothing changes) after checking that
   * it is BACKWARD compatible with the latest version, so a breaking change fails loudly here and
   * not in a consumer.
   */
  async register(subject: string, schema: string, schemaName = subject): Promise<number> {
    const compatibility = await this.request('POST', `/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest`, {
      schema,
    })
    if (compatibility.status === 200) {
      const verdict = (await compatibility.json()) as { is_compatible: boolean; messages?: string[] }
      if (!verdict.is_compatible) {
        throw LS_ERR_KAFKA_SCHEMA_INCOMPATIBLE(schemaName, 'BACKWARD', subject, verdict.messages?.join('; ') ?? 'the registry refused it')
      }
    } else if (compatibility.status !== 404) {
      // 404: the subject has no version yet, so there is nothing to be compatible with.
      throw LS_ERR_KAFKA_REGISTRY_UNAVAILABLE(this.baseUrl, `compatibility check answered ${compatibility.status}`)
    }
    const { id } = await this.registry.register(
      { type: SchemaType.AVRO, schema },
      { subject, compatibility: COMPATIBILITY.BACKWARD },
    )
    return id
  }

  /** Registers the value schema of every Avro topic; returns the schema id per topic. */
  async registerTopicSchemas(specs: readonly TopicSpec[]): Promise<Map<string, number>> {
    const ids = new Map<string, number>()
    for (const spec of specs) {
      if (spec.valueSchema === undefined) continue
      const schema = await readSchema(spec.valueSchema)
      ids.set(spec.name, await this.register(valueSubject(spec.name), schema, spec.valueSchema))
    }
    return ids
  }

  /** Confluent wire format of `value` under schema `id`; throws naming every invalid field path. */
  async encode(id: number, value: unknown): Promise<Buffer> {
    try {
      return await this.registry.encode(id, value)
    } catch (error) {
      const paths = (error as { paths?: string[][] }).paths
      if (!Array.isArray(paths) || paths.length === 0) throw error
      const fields = paths.map((path) => path.join('.')).join(', ')
      throw LS_ERR_KAFKA_RECORD_INVALID.with({ cause: error, details: paths }, id, fields)
    }
  }

  /**
   * Decodes a Confluent wire-format buffer with the writer's schema, fetched once per id. A record
   * that can never decode (not the wire format, an id the registry does not know, bytes the schema
   * does not read) rejects with the library's error, for callers to set it aside as poison; the
   * registry not answering the schema's fetch rejects with the retryable
   * LS_ERR_KAFKA_REGISTRY_UNAVAILABLE, for callers to read the record again later, never to drop it.
   */
  async decode<T = unknown>(buffer: Buffer): Promise<T> {
    try {
      return (await this.registry.decode(buffer)) as T
    } catch (error) {
      if (!isRegistryFetchFailure(error)) throw error
      throw LS_ERR_KAFKA_REGISTRY_UNAVAILABLE.with({ cause: error }, this.baseUrl, (error as Error).message)
    }
  }

  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    let response: Response
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers: { accept: CONFLUENT_JSON, ...(body === undefined ? {} : { 'content-type': CONFLUENT_JSON }) },
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(5000),
      })
    } catch (error) {
      throw LS_ERR_KAFKA_REGISTRY_UNAVAILABLE.with({ cause: error }, this.baseUrl, (error as Error).message)
    }
    if (response.status >= 500) {
      throw LS_ERR_KAFKA_REGISTRY_UNAVAILABLE(this.baseUrl, `${method} ${path} answered ${response.status}`)
    }
    return response
  }
}

/**
 * The library's failed schema fetch (its ResponseError) other than 404 (an id the registry does not
 * know): 5xx, refused auth, and — as its HTTP client reports them, with status 400 — a refused
 * connection or a timeout.
 */
function isRegistryFetchFailure(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status
  return error instanceof Error && error.name === 'ResponseError' && typeof status === 'number' && status !== 404
}

/** Reads a schema file from `schemas/` and returns it as canonical JSON text. */
export async function readSchema(relativePath: string): Promise<string> {
  const text = await readFile(new URL(relativePath, SCHEMAS_DIR), 'utf8')
  return JSON.stringify(JSON.parse(text))
}
