// The `badinput` corpus (issue 8): malformed, oversized, wrongly signed, wrongly typed and hostile
// webhook requests, each with the answer ingest must give. Shared by `npm run bench -- badinput`
// and test/integration/badinput.test.ts, so the benchmark and CI judge the same cases.
//
// Every request is signed like Commerce signs (RSA-SHA256 over the raw bytes) unless the case is
// about the signature, so that each case reaches the check it targets. What reaches validation
// is an observer hook {eventName, data: {product}} around a complete REST product (complete, so
// an accepted case needs no Magento REST fetch to reach catalog.product.v1).
import { createSign, generateKeyPairSync } from 'node:crypto'

/** What a case needs from the run: a unique id, the Commerce signing key, ingest's body limit. */
export interface CorpusContext {
  /** Unique per run; goes into SKUs and request ids so records of this run can be told apart. */
  readonly runId: string
  /** Signs bytes as Commerce does (base64 RSA-SHA256 with the key whose public half ingest has). */
  sign(body: Buffer): string
  /** INGEST_BODY_LIMIT_BYTES of the ingest under test. */
  readonly bodyLimit: number
}

/** One HTTP request to POST /webhooks/magento: headers and the exact bytes of the body. */
export interface CaseRequest {
  readonly headers: Readonly<Record<string, string>>
  readonly body: Buffer
}

/** The answer a case must get. */
export interface ExpectedAnswer {
  readonly status: number
  /** A substring of the answer's `message` (or of the body when it has none). */
  readonly fragment: string
  /** For 400s: problems the body must list, each by path and rule (all of them, any order). */
  readonly problems?: readonly { readonly path: string; readonly rule: string }[]
}

export interface BadInputCase {
  readonly name: string
  readonly group: 'transport' | 'auth' | 'types' | 'numbers' | 'hostile' | 'unicode' | 'structure' | 'envelope'
  /** Why the expected answer is the right one, where that is not obvious. */
  readonly why?: string
  readonly expected: ExpectedAnswer
  request(context: CorpusContext): CaseRequest
}

/** The request id a case sends: ingest uses it as the event id (Kafka header `event-id`). */
export const caseEventId = (context: CorpusContext, name: string) => `badinput-${context.runId}-${name}`

const SAVE_EVENT = 'observer.catalog_product_save_after'
const JSON_TYPE = 'application/json'

/** A unique SKU for a case of this run (well under Magento's 64 characters). */
const skuOf = (context: CorpusContext, suffix: string) => `BI-${context.runId}-${suffix}`

/** A complete REST product (see isCompleteProduct), with fields replaced or removed by `changes`. */
function product(sku: unknown, changes: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    sku,
    name: 'Bad input probe',
    attribute_set_id: 4,
    price: 12.5,
    status: 1,
    visibility: 4,
    type_id: 'simple',
    created_at: '2026-01-01 00:00:00',
    updated_at: new Date().toISOString().slice(0, 19).replace('T', ' '),
    weight: 1,
    extension_attributes: { website_ids: [1], category_links: [], stock_item: { qty: 10, is_in_stock: true } },
    media_gallery_entries: [],
    custom_attributes: [{ attribute_code: 'description', value: '<p>probe</p>' }],
  }
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete base[key]
    else base[key] = value
  }
  return base
}

const observer = (productData: unknown) => ({ eventName: SAVE_EVENT, data: { product: productData } })

/** A request with the given body text, signed unless `sign` is false. */
function raw(context: CorpusContext, name: string, text: string | Buffer, headers: Record<string, string> = {}, sign = true): CaseRequest {
  const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : text
  return {
    headers: {
      'content-type': JSON_TYPE,
      'x-adobe-commerce-request-id': caseEventId(context, name),
      ...(sign && { 'x-adobe-commerce-webhook-signature': context.sign(body) }),
      ...headers,
    },
    body,
  }
}

/** A signed JSON request. */
const json = (context: CorpusContext, name: string, value: unknown) => raw(context, name, JSON.stringify(value))

/**
 * JSON text with `"$RAW$"` replaced by literal text, for numbers JSON.stringify cannot write
 * (1e309, 2^63 exactly) and nesting it would not reach.
 */
const withRaw = (value: unknown, literal: string) => JSON.stringify(value).replace('"$RAW$"', literal)

/** A 400 naming one path and rule; the message lists `path: rule` for every problem. */
const invalid = (path: string, rule: string): ExpectedAnswer => ({ status: 400, fragment: `${path}: ${rule}`, problems: [{ path, rule }] })
const accepted: ExpectedAnswer = { status: 200, fragment: '"op":"success"' }
const unauthorized = (fragment: string): ExpectedAnswer => ({ status: 401, fragment })

const P = 'data.product'
// The rules as a merchant reads them, written out here rather than imported from ingest's
// payload-problem.ts: the corpus states what the answer must say, so a changed message fails it.
const RULE = {
  json: 'json',
  object: 'must be a JSON object',
  string: 'must be a string',
  number: 'must be a number >= 0',
  tooLarge: 'must be less than 100000000000000',
  integer: 'must be an integer >= 0',
  boolean: 'must be a boolean (true, false, 0 or 1)',
  status: 'must be 1 (enabled) or 2 (disabled)',
  visibility: 'must be an integer from 1 to 4',
  date: 'must be a date "YYYY-MM-DD HH:MM:SS"',
  skuEmpty: 'must not be empty',
  skuLength: 'must be at most 64 characters',
  skuControl: 'must not contain control characters',
  skuUnicode: 'must be valid Unicode (no lone surrogates)',
  attributeCode: 'must be an attribute code',
  mediaFile: 'must be a media path like "/m/j/file.jpg"',
  forbiddenKey: 'forbidden key',
  tooDeep: 'too deeply nested',
  unsupportedEvent: 'unsupported event',
  specVersion: 'must be "1.0"',
  unrecognised: 'unrecognised payload',
  required: 'required',
} as const

/** A CloudEvent 1.0 as Adobe I/O Events delivers a Commerce product save. */
const cloudEvent = (context: CorpusContext, name: string, changes: Record<string, unknown>) => ({
  specversion: '1.0',
  id: caseEventId(context, name),
  source: 'urn:uuid:badinput',
  type: 'com.adobe.commerce.observer.catalog_product_save_commit_after',
  datacontenttype: 'application/json',
  data: { value: product(skuOf(context, name)), _metadata: { storeId: '1' } },
  ...changes,
})

/** A key pair ingest does not know: a valid signature by the wrong signer. */
let strangerKey: ReturnType<typeof generateKeyPairSync>['privateKey'] | undefined
const signByStranger = (body: Buffer) => {
  strangerKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
  return createSign('SHA256').update(body).sign(strangerKey, 'base64')
}

/** Nesting `depth` arrays deep, as text (JSON.stringify of such a value would recurse as deep). */
const nestedArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)

export const CORPUS: readonly BadInputCase[] = [
  // A control: the corpus's own valid request is accepted, so every refusal below is for its defect.
  { name: 'valid-save', group: 'envelope', expected: accepted, request: (c) => json(c, 'valid-save', observer(product(skuOf(c, 'valid-save')))) },

  // Transport: JSON syntax, size and media type are checked before anything else.
  {
    name: 'malformed-json',
    group: 'transport',
    expected: { status: 400, fragment: 'body is not valid JSON', problems: [{ path: '(body)', rule: RULE.json }] },
    request: (c) => raw(c, 'malformed-json', `{"eventName": "${SAVE_EVENT}", "data": {product: {sku: 'x'}}}`),
  },
  {
    name: 'truncated-json',
    group: 'transport',
    expected: { status: 400, fragment: 'body is not valid JSON', problems: [{ path: '(body)', rule: RULE.json }] },
    request: (c) => {
      const text = JSON.stringify(observer(product(skuOf(c, 'truncated-json'))))
      return raw(c, 'truncated-json', text.slice(0, Math.floor(text.length / 2)))
    },
  },
  {
    name: 'trailing-garbage',
    group: 'transport',
    expected: { status: 400, fragment: 'body is not valid JSON', problems: [{ path: '(body)', rule: RULE.json }] },
    request: (c) => raw(c, 'trailing-garbage', JSON.stringify(observer(product(skuOf(c, 'trailing-garbage')))) + '}{'),
  },
  {
    name: 'byte-order-mark',
    group: 'transport',
    why: 'RFC 8259 forbids a BOM in JSON sent over a network; Magento never sends one',
    expected: { status: 400, fragment: 'body is not valid JSON', problems: [{ path: '(body)', rule: RULE.json }] },
    request: (c) => raw(c, 'byte-order-mark', '\uFEFF' + JSON.stringify(observer(product(skuOf(c, 'byte-order-mark'))))),
  },
  {
    name: 'invalid-utf8',
    group: 'transport',
    why: 'JSON over a network is UTF-8 (RFC 8259); decoding 0xFF as U+FFFD would publish a name Magento does not hold',
    expected: { status: 400, fragment: 'body is not valid JSON', problems: [{ path: '(body)', rule: RULE.json }] },
    request: (c) => {
      const [before, after] = JSON.stringify(observer(product(skuOf(c, 'invalid-utf8'), { name: '$NAME$' }))).split('$NAME$') as [string, string]
      return raw(c, 'invalid-utf8', Buffer.concat([Buffer.from(before), Buffer.from([0x47, 0xff, 0xfe, 0x6c]), Buffer.from(after)]))
    },
  },
  {
    name: 'empty-body',
    group: 'transport',
    expected: invalid('(root)', RULE.object),
    request: (c) => raw(c, 'empty-body', ''),
  },
  { name: 'json-null', group: 'transport', expected: invalid('(root)', RULE.object), request: (c) => raw(c, 'json-null', 'null') },
  { name: 'json-array', group: 'transport', expected: invalid('(root)', RULE.object), request: (c) => json(c, 'json-array', [observer(product(skuOf(c, 'json-array')))]) },
  { name: 'json-string', group: 'transport', expected: invalid('(root)', RULE.object), request: (c) => json(c, 'json-string', 'sku') },
  {
    name: 'oversized-body',
    group: 'transport',
    expected: { status: 413, fragment: 'body larger than' },
    request: (c) => json(c, 'oversized-body', observer(product(skuOf(c, 'oversized-body'), { name: 'x'.repeat(c.bodyLimit) }))),
  },
  {
    name: 'content-type-text',
    group: 'transport',
    expected: { status: 415, fragment: 'content-type text/plain is not supported' },
    request: (c) => raw(c, 'content-type-text', JSON.stringify(observer(product(skuOf(c, 'content-type-text')))), { 'content-type': 'text/plain' }),
  },
  {
    name: 'content-type-form',
    group: 'transport',
    expected: { status: 415, fragment: 'application/x-www-form-urlencoded is not supported' },
    request: (c) => raw(c, 'content-type-form', `sku=${skuOf(c, 'content-type-form')}&price=1`, { 'content-type': 'application/x-www-form-urlencoded' }),
  },
  {
    name: 'content-type-xml',
    group: 'transport',
    expected: { status: 415, fragment: 'application/xml is not supported' },
    request: (c) => raw(c, 'content-type-xml', '<product><sku>x</sku></product>', { 'content-type': 'application/xml' }),
  },

  // Authentication: with the Commerce key configured, a request without a signature that verifies is 401.
  {
    name: 'missing-signature',
    group: 'auth',
    expected: unauthorized('no x-adobe-commerce-webhook-signature'),
    request: (c) => raw(c, 'missing-signature', JSON.stringify(observer(product(skuOf(c, 'missing-signature')))), {}, false),
  },
  {
    name: 'empty-signature',
    group: 'auth',
    expected: unauthorized('does not verify'),
    request: (c) => raw(c, 'empty-signature', JSON.stringify(observer(product(skuOf(c, 'empty-signature')))), { 'x-adobe-commerce-webhook-signature': '' }),
  },
  {
    name: 'garbage-signature',
    group: 'auth',
    expected: unauthorized('does not verify'),
    request: (c) => raw(c, 'garbage-signature', JSON.stringify(observer(product(skuOf(c, 'garbage-signature')))), { 'x-adobe-commerce-webhook-signature': '!!not base64!!' }),
  },
  {
    name: 'wrong-signature',
    group: 'auth',
    expected: unauthorized('does not verify'),
    request: (c) => raw(c, 'wrong-signature', JSON.stringify(observer(product(skuOf(c, 'wrong-signature')))), { 'x-adobe-commerce-webhook-signature': Buffer.alloc(256, 7).toString('base64') }),
  },
  {
    name: 'signed-by-another-key',
    group: 'auth',
    expected: unauthorized('does not verify'),
    request: (c) => {
      const body = Buffer.from(JSON.stringify(observer(product(skuOf(c, 'signed-by-another-key')))))
      return raw(c, 'signed-by-another-key', body, { 'x-adobe-commerce-webhook-signature': signByStranger(body) })
    },
  },
  {
    name: 'signature-over-other-bytes',
    group: 'auth',
    why: 'the signature covers the raw bytes: the same JSON re-serialised with spaces no longer verifies',
    expected: unauthorized('does not verify'),
    request: (c) => {
      const value = observer(product(skuOf(c, 'signature-over-other-bytes')))
      const signature = c.sign(Buffer.from(JSON.stringify(value)))
      return raw(c, 'signature-over-other-bytes', JSON.stringify(value, null, 1), { 'x-adobe-commerce-webhook-signature': signature })
    },
  },
  {
    name: 'tampered-price',
    group: 'auth',
    expected: unauthorized('does not verify'),
    request: (c) => {
      const sku = skuOf(c, 'tampered-price')
      const signature = c.sign(Buffer.from(JSON.stringify(observer(product(sku, { price: 12.5 })))))
      return raw(c, 'tampered-price', JSON.stringify(observer(product(sku, { price: 0.01 }))), { 'x-adobe-commerce-webhook-signature': signature })
    },
  },
  {
    name: 'wrong-shared-secret',
    group: 'auth',
    expected: unauthorized('x-listing-sync-secret'),
    request: (c) => raw(c, 'wrong-shared-secret', JSON.stringify(product(skuOf(c, 'wrong-shared-secret'))), { 'x-listing-sync-secret': 'guess-guess-guess-guess' }, false),
  },
  {
    name: 'io-events-signature-unconfigured',
    group: 'auth',
    expected: unauthorized('I/O Events signature sent but IO_EVENTS_CLIENT_ID is not configured'),
    request: (c) => {
      const body = Buffer.from(JSON.stringify(cloudEvent(c, 'io-events-signature-unconfigured', {})))
      return raw(c, 'io-events-signature-unconfigured', body, { 'x-adobe-digital-signature-1': c.sign(body), 'x-adobe-public-key1-path': '/prod/keys/pub-key-x.pem' }, false)
    },
  },

  // Wrongly typed fields: each refusal names the path in the body and the rule.
  { name: 'price-as-object', group: 'types', expected: invalid(`${P}.price`, RULE.number), request: (c) => json(c, 'price-as-object', observer(product(skuOf(c, 'price-as-object'), { price: { amount: 10 } }))) },
  {
    name: 'qty-as-word',
    group: 'types',
    expected: invalid(`${P}.extension_attributes.stock_item.qty`, RULE.number),
    request: (c) => json(c, 'qty-as-word', observer(product(skuOf(c, 'qty-as-word'), { extension_attributes: { website_ids: [1], category_links: [], stock_item: { qty: 'ten', is_in_stock: true } } }))),
  },
  { name: 'sku-as-number', group: 'types', expected: invalid(`${P}.sku`, RULE.string), request: (c) => json(c, 'sku-as-number', observer(product(12345))) },
  { name: 'sku-empty', group: 'types', expected: invalid(`${P}.sku`, RULE.skuEmpty), request: (c) => json(c, 'sku-empty', observer(product(''))) },
  { name: 'sku-blank', group: 'types', expected: invalid(`${P}.sku`, RULE.skuEmpty), request: (c) => json(c, 'sku-blank', observer(product('   '))) },
  { name: 'sku-missing', group: 'types', expected: invalid(`${P}.sku`, RULE.required), request: (c) => json(c, 'sku-missing', observer(product(undefined))) },
  { name: 'sku-65-characters', group: 'types', expected: invalid(`${P}.sku`, RULE.skuLength), request: (c) => json(c, 'sku-65-characters', observer(product('S'.repeat(65)))) },
  { name: 'name-as-array', group: 'types', expected: invalid(`${P}.name`, RULE.string), request: (c) => json(c, 'name-as-array', observer(product(skuOf(c, 'name-as-array'), { name: ['a', 'b'] }))) },
  { name: 'name-blank', group: 'types', expected: invalid(`${P}.name`, 'must not be empty'), request: (c) => json(c, 'name-blank', observer(product(skuOf(c, 'name-blank'), { name: ' \t ' }))) },
  { name: 'status-3', group: 'types', expected: invalid(`${P}.status`, RULE.status), request: (c) => json(c, 'status-3', observer(product(skuOf(c, 'status-3'), { status: 3 }))) },
  { name: 'visibility-word', group: 'types', expected: invalid(`${P}.visibility`, RULE.visibility), request: (c) => json(c, 'visibility-word', observer(product(skuOf(c, 'visibility-word'), { visibility: 'all' }))) },
  { name: 'updated-at-word', group: 'types', expected: invalid(`${P}.updated_at`, RULE.date), request: (c) => json(c, 'updated-at-word', observer(product(skuOf(c, 'updated-at-word'), { updated_at: 'yesterday' }))) },
  {
    name: 'updated-at-impossible-date',
    group: 'types',
    expected: invalid(`${P}.updated_at`, RULE.date),
    request: (c) => json(c, 'updated-at-impossible-date', observer(product(skuOf(c, 'updated-at-impossible-date'), { updated_at: '2026-02-31 10:00:00' }))),
  },
  {
    name: 'in-stock-as-word',
    group: 'types',
    expected: invalid(`${P}.extension_attributes.stock_item.is_in_stock`, RULE.boolean),
    request: (c) => json(c, 'in-stock-as-word', observer(product(skuOf(c, 'in-stock-as-word'), { extension_attributes: { website_ids: [1], category_links: [], stock_item: { qty: 1, is_in_stock: 'yes' } } }))),
  },
  {
    name: 'category-id-word',
    group: 'types',
    expected: invalid(`${P}.custom_attributes.0.value.1`, RULE.integer),
    request: (c) => json(c, 'category-id-word', observer(product(skuOf(c, 'category-id-word'), { custom_attributes: [{ attribute_code: 'category_ids', value: ['3', 'x'] }] }))),
  },
  {
    name: 'every-problem-at-once',
    group: 'types',
    why: 'issue 3: the 400 names every failing path and rule, not the first',
    expected: {
      status: 400,
      fragment: `${P}.sku: ${RULE.string}`,
      problems: [
        { path: `${P}.sku`, rule: RULE.string },
        { path: `${P}.price`, rule: RULE.number },
        { path: `${P}.extension_attributes.stock_item.qty`, rule: RULE.number },
      ],
    },
    request: (c) =>
      json(c, 'every-problem-at-once', observer(product(42, { price: { amount: 10 }, extension_attributes: { website_ids: [1], category_links: [], stock_item: { qty: 'ten', is_in_stock: true } } }))),
  },

  // Numbers JSON can write but a price or quantity cannot be.
  { name: 'price-1e309', group: 'numbers', why: 'JSON.parse reads 1e309 as Infinity', expected: invalid(`${P}.price`, RULE.number), request: (c) => raw(c, 'price-1e309', withRaw(observer(product(skuOf(c, 'price-1e309'), { price: '$RAW$' })), '1e309')) },
  { name: 'price-2-pow-63', group: 'numbers', expected: invalid(`${P}.price`, RULE.tooLarge), request: (c) => raw(c, 'price-2-pow-63', withRaw(observer(product(skuOf(c, 'price-2-pow-63'), { price: '$RAW$' })), '9223372036854775808')) },
  { name: 'id-2-pow-63', group: 'numbers', why: 'not a safe integer: it would be rounded', expected: invalid(`${P}.id`, RULE.integer), request: (c) => raw(c, 'id-2-pow-63', withRaw(observer(product(skuOf(c, 'id-2-pow-63'), { id: '$RAW$' })), '9223372036854775807')) },
  { name: 'price-nan-text', group: 'numbers', expected: invalid(`${P}.price`, RULE.number), request: (c) => json(c, 'price-nan-text', observer(product(skuOf(c, 'price-nan-text'), { price: 'NaN' }))) },
  { name: 'price-infinity-text', group: 'numbers', expected: invalid(`${P}.price`, RULE.number), request: (c) => json(c, 'price-infinity-text', observer(product(skuOf(c, 'price-infinity-text'), { price: 'Infinity' }))) },
  { name: 'price-exponent-text', group: 'numbers', expected: invalid(`${P}.price`, RULE.number), request: (c) => json(c, 'price-exponent-text', observer(product(skuOf(c, 'price-exponent-text'), { price: '1e3' }))) },
  { name: 'price-hex-text', group: 'numbers', expected: invalid(`${P}.price`, RULE.number), request: (c) => json(c, 'price-hex-text', observer(product(skuOf(c, 'price-hex-text'), { price: '0x10' }))) },
  { name: 'price-negative', group: 'numbers', expected: invalid(`${P}.price`, RULE.number), request: (c) => json(c, 'price-negative', observer(product(skuOf(c, 'price-negative'), { price: -1 }))) },
  {
    name: 'stock-negative',
    group: 'numbers',
    why: 'ingest refuses qty < 0 (issue 8 lists negative stock as bad input); note Magento with backorders below 0 can hold one',
    expected: invalid(`${P}.extension_attributes.stock_item.qty`, RULE.number),
    request: (c) => json(c, 'stock-negative', observer(product(skuOf(c, 'stock-negative'), { extension_attributes: { website_ids: [1], category_links: [], stock_item: { qty: -5, is_in_stock: true } } }))),
  },
  {
    name: 'stock-1e14',
    group: 'numbers',
    expected: invalid(`${P}.extension_attributes.stock_item.qty`, RULE.tooLarge),
    request: (c) => json(c, 'stock-1e14', observer(product(skuOf(c, 'stock-1e14'), { extension_attributes: { website_ids: [1], category_links: [], stock_item: { qty: 1e14, is_in_stock: true } } }))),
  },
  { name: 'weight-negative-zero-text', group: 'numbers', why: '"-0" is a plain decimal: weight 0, accepted', expected: accepted, request: (c) => json(c, 'weight-negative-zero-text', observer(product(skuOf(c, 'weight-negative-zero-text'), { weight: '-0' }))) },

  // Hostile content. Names and descriptions are the merchant's text: ingest keeps them as Magento
  // holds them (description HTML raw by design) and the mapping makes them safe per marketplace.
  { name: 'script-in-name', group: 'hostile', why: 'Magento stores any name; escaping is the job of whoever renders it', expected: accepted, request: (c) => json(c, 'script-in-name', observer(product(skuOf(c, 'script-in-name'), { name: '<script>alert(1)</script>Probe' }))) },
  {
    name: 'script-in-description',
    group: 'hostile',
    why: 'description HTML is kept raw by design (README, issue 3)',
    expected: accepted,
    request: (c) =>
      json(c, 'script-in-description', observer(product(skuOf(c, 'script-in-description'), { custom_attributes: [{ attribute_code: 'description', value: '<p onmouseover="alert(1)">x</p><script>fetch("//evil")</script><img src=x onerror=alert(2)>' }] }))),
  },
  { name: 'sql-in-name', group: 'hostile', expected: accepted, request: (c) => json(c, 'sql-in-name', observer(product(skuOf(c, 'sql-in-name'), { name: "Probe'; DROP TABLE catalog_product_entity; --" }))) },
  { name: 'nul-in-name', group: 'hostile', why: 'names are not keys: JSON, Avro and the logs escape NUL', expected: accepted, request: (c) => json(c, 'nul-in-name', observer(product(skuOf(c, 'nul-in-name'), { name: 'Pro\u0000be' }))) },
  {
    name: 'media-path-traversal',
    group: 'hostile',
    expected: invalid(`${P}.media_gallery_entries.0.file`, RULE.mediaFile),
    request: (c) => json(c, 'media-path-traversal', observer(product(skuOf(c, 'media-path-traversal'), { media_gallery_entries: [{ media_type: 'image', file: '/../../../etc/passwd', types: ['image'] }] }))),
  },
  {
    name: 'media-path-with-query',
    group: 'hostile',
    expected: invalid(`${P}.media_gallery_entries.0.file`, RULE.mediaFile),
    request: (c) => json(c, 'media-path-with-query', observer(product(skuOf(c, 'media-path-with-query'), { media_gallery_entries: [{ media_type: 'image', file: '/m/a.jpg?redirect=//evil', types: ['image'] }] }))),
  },
  {
    name: 'media-path-lone-surrogate',
    group: 'hostile',
    why: 'encodeURI cannot encode it: the enricher would fail on a change already answered 200',
    expected: invalid(`${P}.media_gallery_entries.0.file`, RULE.mediaFile),
    request: (c) => json(c, 'media-path-lone-surrogate', observer(product(skuOf(c, 'media-surrogate'), { media_gallery_entries: [{ media_type: 'image', file: '/m/a\udc00.jpg', types: ['image'] }] }))),
  },
  {
    name: 'attribute-code-proto',
    group: 'hostile',
    expected: invalid(`${P}.custom_attributes.0.attribute_code`, RULE.attributeCode),
    request: (c) => json(c, 'attribute-code-proto', observer(product(skuOf(c, 'attribute-code-proto'), { custom_attributes: [{ attribute_code: '__proto__', value: { polluted: true } }] }))),
  },
  {
    name: 'attribute-code-constructor',
    group: 'hostile',
    expected: invalid(`${P}.custom_attributes.0.attribute_code`, RULE.forbiddenKey),
    request: (c) => json(c, 'attribute-code-constructor', observer(product(skuOf(c, 'attribute-code-constructor'), { custom_attributes: [{ attribute_code: 'constructor', value: '1' }] }))),
  },

  // Unicode. A SKU is the Kafka key of every topic and must be the same text Magento holds.
  {
    name: 'sku-lone-surrogate',
    group: 'unicode',
    why: 'no UTF-8 encodes "\\ud800": the Kafka key would become U+FFFD and collide; Magento (utf8mb4) cannot hold it',
    expected: invalid(`${P}.sku`, RULE.skuUnicode),
    request: (c) => json(c, 'sku-lone-surrogate', observer(product(`${skuOf(c, 'lone')}-\ud800`))),
  },
  {
    name: 'sku-reversed-surrogates',
    group: 'unicode',
    expected: invalid(`${P}.sku`, RULE.skuUnicode),
    request: (c) => json(c, 'sku-reversed-surrogates', observer(product(`${skuOf(c, 'rev')}-\udc00\ud800`))),
  },
  { name: 'sku-nul', group: 'unicode', expected: invalid(`${P}.sku`, RULE.skuControl), request: (c) => json(c, 'sku-nul', observer(product(`${skuOf(c, 'nul')}\u0000x`))) },
  { name: 'sku-line-separator', group: 'unicode', expected: invalid(`${P}.sku`, RULE.skuControl), request: (c) => json(c, 'sku-line-separator', observer(product(`${skuOf(c, 'ls')}\u2028x`))) },
  { name: 'sku-newline', group: 'unicode', expected: invalid(`${P}.sku`, RULE.skuControl), request: (c) => json(c, 'sku-newline', observer(product(`${skuOf(c, 'nl')}\nx`))) },
  { name: 'sku-65-emoji', group: 'unicode', why: 'length counts characters, not UTF-16 units', expected: invalid(`${P}.sku`, RULE.skuLength), request: (c) => json(c, 'sku-65-emoji', observer(product('🚀'.repeat(65)))) },
  {
    name: 'sku-emoji',
    group: 'unicode',
    why: 'a legal Magento SKU; valid UTF-8, so the key is exactly the SKU',
    expected: accepted,
    request: (c) => json(c, 'sku-emoji', observer(product(`${skuOf(c, 'emoji')}-🚀👩‍🔧`))),
  },
  {
    name: 'sku-rtl-override',
    group: 'unicode',
    why: 'U+202E is printable text to Magento; refusing it would keep that product off every marketplace',
    expected: accepted,
    request: (c) => json(c, 'sku-rtl-override', observer(product(`${skuOf(c, 'rtl')}-\u202Ecba`))),
  },
  { name: 'sku-zero-width', group: 'unicode', why: 'as the RTL override: legal text in a SKU', expected: accepted, request: (c) => json(c, 'sku-zero-width', observer(product(`${skuOf(c, 'zw')}-\u200B\u200D\uFEFF`))) },
  { name: 'name-rtl-and-zero-width', group: 'unicode', expected: accepted, request: (c) => json(c, 'name-rtl-and-zero-width', observer(product(skuOf(c, 'name-rtl'), { name: 'Probe \u202Egnp.exe\u200B' }))) },

  // Structure: prototype pollution keys and nesting, refused before validation.
  { name: 'proto-key-at-root', group: 'structure', expected: invalid('__proto__', RULE.forbiddenKey), request: (c) => raw(c, 'proto-key-at-root', `{"__proto__": {"polluted": true}, ${JSON.stringify(observer(product(skuOf(c, 'proto-root')))).slice(1)}`) },
  {
    name: 'proto-key-in-product',
    group: 'structure',
    expected: invalid(`${P}.__proto__`, RULE.forbiddenKey),
    // Written as text: an object literal's __proto__ would set the prototype, not a key.
    request: (c) => raw(c, 'proto-key-in-product', JSON.stringify(observer(product(skuOf(c, 'proto-product'), { extra: 'x' }))).replace('"extra":"x"', '"__proto__":{"isAdmin":true}')),
  },
  {
    name: 'constructor-prototype-key',
    group: 'structure',
    expected: invalid(`${P}.constructor`, RULE.forbiddenKey),
    request: (c) => json(c, 'constructor-prototype-key', observer({ ...product(skuOf(c, 'ctor')), constructor: { prototype: { polluted: true } } })),
  },
  {
    name: 'nesting-40',
    group: 'structure',
    expected: { status: 400, fragment: RULE.tooDeep, problems: [{ path: `${P}.custom_attributes.0.value.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0`, rule: RULE.tooDeep }] },
    request: (c) => raw(c, 'nesting-40', withRaw(observer(product(skuOf(c, 'nest40'), { custom_attributes: [{ attribute_code: 'deep', value: '$RAW$' }] })), nestedArrays(40))),
  },
  {
    name: 'nesting-20000',
    group: 'structure',
    why: 'deep enough to overflow a recursive walk; the check is iterative',
    expected: { status: 400, fragment: RULE.tooDeep },
    request: (c) => raw(c, 'nesting-20000', withRaw(observer(product(skuOf(c, 'nest20k'), { custom_attributes: [{ attribute_code: 'deep', value: '$RAW$' }] })), nestedArrays(20_000))),
  },

  // Envelopes: hooks and CloudEvents that are not what Commerce sends.
  { name: 'unknown-event', group: 'envelope', expected: invalid('eventName', RULE.unsupportedEvent), request: (c) => json(c, 'unknown-event', { eventName: 'observer.customer_save_after', data: { product: product(skuOf(c, 'unknown-event')) } }) },
  { name: 'event-name-as-number', group: 'envelope', expected: invalid('eventName', RULE.string), request: (c) => json(c, 'event-name-as-number', { eventName: 7, data: { product: product(skuOf(c, 'event-name-number')) } }) },
  { name: 'hook-without-data', group: 'envelope', expected: invalid('data', RULE.required), request: (c) => json(c, 'hook-without-data', { eventName: SAVE_EVENT }) },
  { name: 'hook-data-as-string', group: 'envelope', expected: invalid('data', RULE.object), request: (c) => json(c, 'hook-data-as-string', { eventName: SAVE_EVENT, data: JSON.stringify({ product: product(skuOf(c, 'data-string')) }) }) },
  { name: 'unrecognised-object', group: 'envelope', expected: invalid('(root)', RULE.unrecognised), request: (c) => json(c, 'unrecognised-object', { hello: 'world' }) },
  {
    name: 'stock-without-ids',
    group: 'envelope',
    expected: invalid('data.stock_item.product_id', RULE.required),
    request: (c) => json(c, 'stock-without-ids', { eventName: 'observer.cataloginventory_stock_item_save_after', data: { stock_item: { qty: 3, is_in_stock: true } } }),
  },
  { name: 'cloudevent-specversion-0.3', group: 'envelope', expected: invalid('specversion', RULE.specVersion), request: (c) => json(c, 'cloudevent-specversion-0.3', cloudEvent(c, 'cloudevent-specversion-0.3', { specversion: '0.3' })) },
  { name: 'cloudevent-specversion-number', group: 'envelope', expected: invalid('specversion', RULE.specVersion), request: (c) => json(c, 'cloudevent-specversion-number', cloudEvent(c, 'cloudevent-specversion-number', { specversion: 1.0 })) },
  { name: 'cloudevent-without-id', group: 'envelope', expected: invalid('id', RULE.required), request: (c) => json(c, 'cloudevent-without-id', cloudEvent(c, 'cloudevent-without-id', { id: undefined })) },
  {
    name: 'cloudevent-plugin-type',
    group: 'envelope',
    why: 'a plugin event carries method arguments, not a product',
    expected: invalid('type', RULE.unsupportedEvent),
    request: (c) => json(c, 'cloudevent-plugin-type', cloudEvent(c, 'cloudevent-plugin-type', { type: 'com.adobe.commerce.plugin.magento.catalog.api.product_repository.save' })),
  },
  { name: 'cloudevent-data-as-string', group: 'envelope', expected: invalid('data', RULE.object), request: (c) => json(c, 'cloudevent-data-as-string', cloudEvent(c, 'cloudevent-data-as-string', { data: 'product' })) },

  // The control again, after every hostile case: ingest still accepts valid changes.
  { name: 'valid-save-last', group: 'envelope', expected: accepted, request: (c) => json(c, 'valid-save-last', observer(product(skuOf(c, 'valid-save-last')))) },
]

/** Cases whose right answer is 200: they publish like any valid change. */
export const ACCEPTED_CASES = CORPUS.filter((entry) => entry.expected.status === 200).map((entry) => entry.name)
