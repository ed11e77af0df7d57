import { defineError } from './app-error.js'

// The one error catalog. Each entry: code, message template, HTTP status, retry class.

/** Configuration failed validation; the details list every problem. */
export const LS_ERR_CONFIG_INVALID = defineError({
  code: 'LS_ERR_CONFIG_INVALID',
  template: 'invalid configuration:\n%s',
  status: 500,
  retry: 'permanent',
})

/** A webhook body failed validation; the details list every failing path and rule. */
export const LS_ERR_INGEST_INVALID_PAYLOAD = defineError({
  code: 'LS_ERR_INGEST_INVALID_PAYLOAD',
  template: 'invalid payload: %s',
  status: 400,
  retry: 'permanent',
})

/** A webhook failed authentication: no valid signature or secret while one is configured. */
export const LS_ERR_INGEST_UNAUTHORIZED = defineError({
  code: 'LS_ERR_INGEST_UNAUTHORIZED',
  template: 'unauthorized: %s',
  status: 401,
  retry: 'permanent',
})

/** A webhook body is larger than the configured limit. */
export const LS_ERR_INGEST_BODY_TOO_LARGE = defineError({
  code: 'LS_ERR_INGEST_BODY_TOO_LARGE',
  template: 'body larger than %s bytes',
  status: 413,
  retry: 'permanent',
})

/** A webhook body is not JSON. */
export const LS_ERR_INGEST_UNSUPPORTED_MEDIA_TYPE = defineError({
  code: 'LS_ERR_INGEST_UNSUPPORTED_MEDIA_TYPE',
  template: 'content-type %s is not supported; send application/json',
  status: 415,
  retry: 'permanent',
})

/** The change could not be recorded (broker or registry down): the sender must retry. */
export const LS_ERR_INGEST_UNAVAILABLE = defineError({
  code: 'LS_ERR_INGEST_UNAVAILABLE',
  template: 'the change could not be recorded, retry later: %s',
  status: 503,
  retry: 'retryable',
})

/** A product lacks fields the canonical record needs: it must be fetched from REST first. */
export const LS_ERR_INGEST_PRODUCT_INCOMPLETE = defineError({
  code: 'LS_ERR_INGEST_PRODUCT_INCOMPLETE',
  template: 'product %s lacks %s; fetch it with GET /V1/products/{sku} first',
  status: 500,
  retry: 'permanent',
})

/** A call to Magento's REST API failed. */
export const LS_ERR_INGEST_MAGENTO_CALL = defineError({
  code: 'LS_ERR_INGEST_MAGENTO_CALL',
  template: 'Magento %s %s answered %s: %s',
  status: 502,
  retry: 'retryable',
})

/** Magento could not be reached or did not answer in time: tried again, never taken for bad data. */
export const LS_ERR_INGEST_MAGENTO_UNREACHABLE = defineError({
  code: 'LS_ERR_INGEST_MAGENTO_UNREACHABLE',
  template: 'Magento %s %s did not answer: %s',
  status: 503,
  retry: 'retryable',
})

/** The broker could not be reached or did not answer in time. */
export const LS_ERR_KAFKA_UNAVAILABLE = defineError({
  code: 'LS_ERR_KAFKA_UNAVAILABLE',
  template: 'kafka is unavailable at %s: %s',
  status: 503,
  retry: 'retryable',
})

/** The schema registry could not be reached or refused a request. */
export const LS_ERR_KAFKA_REGISTRY_UNAVAILABLE = defineError({
  code: 'LS_ERR_KAFKA_REGISTRY_UNAVAILABLE',
  template: 'schema registry is unavailable at %s: %s',
  status: 503,
  retry: 'retryable',
})

/** A schema change would break the subject's compatibility rule. */
export const LS_ERR_KAFKA_SCHEMA_INCOMPATIBLE = defineError({
  code: 'LS_ERR_KAFKA_SCHEMA_INCOMPATIBLE',
  template: 'schema %s is not %s compatible with subject %s: %s',
  status: 409,
  retry: 'permanent',
})

/** A record does not match its Avro schema; the message names every invalid field. */
export const LS_ERR_KAFKA_RECORD_INVALID = defineError({
  code: 'LS_ERR_KAFKA_RECORD_INVALID',
  template: 'record does not match schema %s: invalid %s',
  status: 500,
  retry: 'permanent',
})

/** An existing topic disagrees with its declaration in a way code cannot fix (fewer partitions cannot be made). */
export const LS_ERR_KAFKA_TOPIC_MISMATCH = defineError({
  code: 'LS_ERR_KAFKA_TOPIC_MISMATCH',
  template: 'topic %s has %s partitions but %s are declared',
  status: 500,
  retry: 'permanent',
})

/** A topic the command needs does not exist on the cluster (not provisioned, or a misspelt name). */
export const LS_ERR_KAFKA_TOPIC_UNKNOWN = defineError({
  code: 'LS_ERR_KAFKA_TOPIC_UNKNOWN',
  template: 'topic %s does not exist (`listing-sync stack up` and the services create their topics)',
  status: 404,
  retry: 'permanent',
})

/** A prerequisite of the local stack (java, mvn) is missing. */
export const LS_ERR_STACK_PREREQUISITE = defineError({
  code: 'LS_ERR_STACK_PREREQUISITE',
  template: '%s is required to run the local stack: %s',
  status: 500,
  retry: 'permanent',
})

/** A stack component did not become healthy in time. */
export const LS_ERR_STACK_UNHEALTHY = defineError({
  code: 'LS_ERR_STACK_UNHEALTHY',
  template: '%s did not become healthy within %s ms; see %s',
  status: 500,
  retry: 'retryable',
})

/** A port the stack needs is held by a process the stack did not start. */
export const LS_ERR_STACK_PORT_TAKEN = defineError({
  code: 'LS_ERR_STACK_PORT_TAKEN',
  template: 'port %s for %s is already in use by a process this stack did not start',
  status: 500,
  retry: 'permanent',
})

/** A mapping manifest failed validation; the details list every problem with its JSON path. */
export const LS_ERR_MAPPING_MANIFEST_INVALID = defineError({
  code: 'LS_ERR_MAPPING_MANIFEST_INVALID',
  template: 'mapping manifest %s is invalid:\n%s',
  status: 500,
  retry: 'permanent',
})

/** A mapping manifest could not be read or is not JSON. */
export const LS_ERR_MAPPING_MANIFEST_UNREADABLE = defineError({
  code: 'LS_ERR_MAPPING_MANIFEST_UNREADABLE',
  template: 'cannot read mapping manifest %s: %s',
  status: 500,
  retry: 'permanent',
})

/** Two mapping manifests in one folder name the same marketplace. */
export const LS_ERR_MAPPING_DUPLICATE_MARKETPLACE = defineError({
  code: 'LS_ERR_MAPPING_DUPLICATE_MARKETPLACE',
  template: 'marketplace %s is mapped by both %s and %s',
  status: 500,
  retry: 'permanent',
})

/** No manifest in the mappings folder maps the marketplace asked for. */
export const LS_ERR_MAPPING_MARKETPLACE_UNKNOWN = defineError({
  code: 'LS_ERR_MAPPING_MARKETPLACE_UNKNOWN',
  template: 'no manifest for marketplace %s in %s; known marketplaces: %s',
  status: 404,
  retry: 'permanent',
})

/** The canonical topic holds no record for the SKU asked for. */
export const LS_ERR_MAPPING_PRODUCT_UNKNOWN = defineError({
  code: 'LS_ERR_MAPPING_PRODUCT_UNKNOWN',
  template: 'no product with SKU %s on %s (SKUs are case-sensitive; has the product been ingested?)',
  status: 404,
  retry: 'permanent',
})

/**
 * An Amazon product type definition or its schema could not be had: the call failed or was
 * refused, the answer was not a definition, or the schema's bytes do not match its checksum.
 */
export const LS_ERR_MARKETPLACE_PRODUCT_TYPE_DEFINITION = defineError({
  code: 'LS_ERR_MARKETPLACE_PRODUCT_TYPE_DEFINITION',
  template: 'cannot get the product type definition of %s: %s',
  status: 502,
  retry: 'retryable',
})
