import { fileURLToPath } from 'node:url'
import { z } from 'zod'

// Shared pieces of the configuration schema. Services compose the pieces they need with their own
// variables; every variable carries a description so the reference table can be generated from code.

const hostPort = z
  .string()
  .regex(/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/, 'must be host:port')

/** A comma-separated list of host:port pairs. */
const brokerList = z
  .string()
  .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
  .pipe(z.array(hostPort).min(1, 'must name at least one broker'))

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback)

/** Kafka and schema registry connection. */
export const kafkaVariables = {
  KAFKA_BROKERS: brokerList.default(['localhost:9092']).describe('Kafka bootstrap servers, comma-separated host:port'),
  KAFKA_CLIENT_ID: z.string().min(1).default('listing-sync').describe('Kafka client id prefix; the service name is appended'),
  SCHEMA_REGISTRY_URL: z
    .url()
    .default('http://localhost:8081/apis/ccompat/v7')
    .describe('Confluent-API schema registry base URL (Apicurio serves it under /apis/ccompat/v7)'),
  KAFKA_SSL: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false').describe('Connect to the brokers over TLS'),
  KAFKA_SSL_CA_FILE: z.string().min(1).optional().describe("PEM file of the CA that signed the brokers' certificates, when not a public one (with KAFKA_SSL=true)"),
  KAFKA_SASL_MECHANISM: z
    .enum(['plain', 'scram-sha-256', 'scram-sha-512'], { error: 'must be plain, scram-sha-256 or scram-sha-512' })
    .optional()
    .describe('SASL mechanism; unset: no SASL'),
  KAFKA_SASL_USERNAME: z.string().min(1).optional().describe('SASL user name (with KAFKA_SASL_MECHANISM)'),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional().describe('SASL password (with KAFKA_SASL_MECHANISM; a secret)'),
} as const

/** Logging. */
export const logVariables = {
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level; request and response bodies of outbound calls are logged at debug'),
} as const

/** The HTTP listener of a service. */
export function httpVariables<PortVariable extends string>(portVariable: PortVariable, defaultPort: number) {
  return {
    HOST: z.string().min(1).default('localhost').describe('Interface the HTTP server binds to (0.0.0.0 in containers)'),
    ...({ [portVariable]: port(defaultPort).describe(`HTTP port (default ${defaultPort})`) } as Record<PortVariable, ReturnType<typeof port>>),
  }
}

/** Marketplaces that have topics and a dispatcher. */
export const marketplaceVariables = {
  MARKETPLACES: z
    .string()
    .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[a-z][a-z0-9-]*$/, 'marketplace ids are lower-case letters, digits and -')).min(1))
    .default(['amazon', 'b2b'])
    .describe('Marketplace ids, comma-separated; each has listing.<id>.* topics'),
} as const

/** Where the marketplace mapping manifests live. */
export const mappingVariables = {
  MAPPINGS_DIR: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL('../../../mappings/', import.meta.url)))
    .describe('Folder of the marketplace manifests (<marketplace>.json) and their product-types/'),
} as const

/** External endpoints (the simulators by default). */
export const endpointVariables = {
  MAGENTO_BASE_URL: z.url().default('http://localhost:9001').describe('Magento base URL; REST lives under /rest/V1'),
  AMAZON_SP_API_ENDPOINT: z.url().default('http://localhost:9002').describe('Amazon Selling Partner API endpoint'),
  AMAZON_LWA_ENDPOINT: z.url().default('http://localhost:9002/auth/o2/token').describe('Login with Amazon token URL'),
  B2B_API_URL: z.url().default('http://localhost:9003').describe('Mirakl seller API base URL of the B2B marketplace'),
} as const
