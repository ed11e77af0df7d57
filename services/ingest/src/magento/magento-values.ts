// Coercion of the values Magento sends. The model data array that observers and I/O Events carry
// holds strings ("123.000000", "1", "4"); REST holds numbers. Both are accepted, carefully: only
// plain decimal text, no exponent, hex, whitespace or Infinity, so "1e999" cannot sneak in.
import { z } from 'zod'
import { RULES, describeValue } from './payload-problem.js'

/** Plain decimal text: optional minus, up to 20 integer digits, up to 12 decimals. */
const DECIMAL_TEXT = /^-?\d{1,20}(?:\.\d{1,12})?$/
/** Unsigned integer text within the safe-integer range's digit count. */
const INTEGER_TEXT = /^\d{1,15}$/
/** A signed integer of at most 10 digits (the int32 range is checked after). */
const INT32_TEXT = /^-?\d{1,10}$/
/** Magento's date format (UTC), also ISO 8601 with an optional zone. */
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(Z|[+-]\d{2}:?\d{2})?$/
/** Magento's attribute code rule (Magento\Eav\Model\Validator\Attribute\Code): letters first, 60 at most. */
const ATTRIBUTE_CODE = /^[a-zA-Z][a-zA-Z0-9_]{0,59}$/

/** Upper bound for amounts and quantities: Magento stores them as decimal(20,6) at most. */
export const DECIMAL_LIMIT = 1e14
/** Magento's SKU column is varchar(64). */
export const SKU_MAX_LENGTH = 64

/** The number in a Magento decimal (number or plain decimal text), or undefined when it is not one. */
export function toDecimal(value: unknown): number | undefined {
  let result: number
  if (typeof value === 'number') result = value
  else if (typeof value === 'string' && DECIMAL_TEXT.test(value)) result = Number(value)
  else return undefined
  if (!Number.isFinite(result)) return undefined
  return result === 0 ? 0 : result // no -0 in records
}

/** The integer in a Magento id (safe integer >= 0 or its digits as text), or undefined. */
export function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined
  if (typeof value === 'string' && INTEGER_TEXT.test(value)) return Number(value)
  return undefined
}

/** A Magento flag (true/false, 1/0, "1"/"0"), or undefined. */
export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (value === 1 || value === '1') return true
  if (value === 0 || value === '0') return false
  return undefined
}

/**
 * Parses Magento's `YYYY-MM-DD HH:MM:SS` (UTC, as Magento stores and returns created_at and
 * updated_at) or ISO 8601 with a zone; undefined for anything else, including impossible dates.
 */
export function parseMagentoDate(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined
  const match = DATE_TEXT.exec(value)
  if (match === null) return undefined
  const [, y, mo, d, h, mi, s, zone] = match as unknown as [string, string, string, string, string, string, string, string | undefined]
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const utc = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(s))
  const check = new Date(utc)
  // Date.UTC rolls 2024-02-31 over to March: refuse instead.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined
  let offsetMinutes = 0
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)))
  }
  return new Date(utc - offsetMinutes * 60_000)
}

/** Formats a date as Magento's 'YYYY-MM-DD HH:MM:SS' (UTC), for searchCriteria filters on updated_at. */
export function formatMagentoDate(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ')
}

/** The rule a SKU breaks, or undefined when it is acceptable as a Kafka key and a Magento SKU. */
export function skuViolation(value: unknown): string | undefined {
  if (typeof value !== 'string') return RULES.string
  let codePoints = 0
  let blank = true
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index)
    // C0, DEL, C1 and the Unicode line/paragraph separators: they break keys, logs and CSV feeds.
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) return RULES.skuControl
    if (code >= 0xd800 && code <= 0xdfff) {
      // A high surrogate followed by a low one is one character. Any other surrogate has no UTF-8
      // form: the Kafka key would become U+FFFD (and collide), and Magento cannot hold it.
      const low = value.charCodeAt(index + 1)
      if (code > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) return RULES.skuUnicode
      index++
    }
    if (code !== 0x20) blank = false
    codePoints++
  }
  if (blank) return RULES.skuEmpty
  if (codePoints > SKU_MAX_LENGTH) return RULES.skuLength
  return undefined
}

/** True for a valid Magento attribute code that is safe as an object key. */
export function isAttributeCode(value: string): boolean {
  return ATTRIBUTE_CODE.test(value) && value !== 'constructor' && value !== 'prototype'
}

/** The outcome of checking one value: the coerced value, or the rule it breaks and why. */
export type Check<T> = (value: unknown) => { ok: true; value: T } | { ok: false; rule: string; message: string }

/**
 * A zod field that may be absent. `null` means "no value" (Magento sends it for unset attributes)
 * and becomes undefined, like a missing key.
 */
export function optionalValue<T>(check: Check<T>) {
  return z
    .unknown()
    .transform((value, ctx): T | undefined => {
      if (value === null || value === undefined) return undefined
      const result = check(value)
      if (result.ok) return result.value
      ctx.addIssue({ code: 'custom', message: result.message, params: { rule: result.rule }, input: value })
      return z.NEVER
    })
    .optional()
}

/** A zod field that must be present and not null. */
export function requiredValue<T>(check: Check<T>) {
  return z.unknown().transform((value, ctx): T => {
    if (value === null || value === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a value is required', params: { rule: RULES.required }, input: value })
      return z.NEVER
    }
    const result = check(value)
    if (result.ok) return result.value
    ctx.addIssue({ code: 'custom', message: result.message, params: { rule: result.rule }, input: value })
    return z.NEVER
  })
}

/** A decimal >= 0 and below DECIMAL_LIMIT: prices, weights, quantities. */
export const checkDecimal: Check<number> = (value) => {
  const number = toDecimal(value)
  if (number === undefined || number < 0) {
    return { ok: false, rule: RULES.nonNegativeNumber, message: `${describeValue(value)} is not a finite decimal >= 0` }
  }
  if (number >= DECIMAL_LIMIT) return { ok: false, rule: RULES.tooLarge, message: `${describeValue(value)} is too large` }
  return { ok: true, value: number }
}

/** An id: integer >= 0. */
export const checkInteger: Check<number> = (value) => {
  const number = toInteger(value)
  return number === undefined
    ? { ok: false, rule: RULES.integer, message: `${describeValue(value)} is not an integer >= 0` }
    : { ok: true, value: number }
}

/** A position: any 32-bit integer (Avro int), as number or text. */
export const checkInt32: Check<number> = (value) => {
  const number = typeof value === 'string' && INT32_TEXT.test(value) ? Number(value) : value
  return typeof number === 'number' && Number.isInteger(number) && number >= -2_147_483_648 && number <= 2_147_483_647
    ? { ok: true, value: number === 0 ? 0 : number }
    : { ok: false, rule: RULES.int32, message: `${describeValue(value)} is not a 32-bit integer` }
}

/** A Magento flag. */
export const checkBoolean: Check<boolean> = (value) => {
  const flag = toBoolean(value)
  return flag === undefined ? { ok: false, rule: RULES.boolean, message: `${describeValue(value)} is not a flag` } : { ok: true, value: flag }
}

/** Magento status: 1 enabled, 2 disabled. */
export const checkStatus: Check<1 | 2> = (value) => {
  const number = toInteger(value)
  return number === 1 || number === 2
    ? { ok: true, value: number }
    : { ok: false, rule: RULES.status, message: `${describeValue(value)} is not a Magento status` }
}

/** Magento visibility: 1 not visible, 2 catalog, 3 search, 4 catalog and search. */
export const checkVisibility: Check<1 | 2 | 3 | 4> = (value) => {
  const number = toInteger(value)
  return number === 1 || number === 2 || number === 3 || number === 4
    ? { ok: true, value: number }
    : { ok: false, rule: RULES.visibility, message: `${describeValue(value)} is not a Magento visibility` }
}

/** A Magento date, kept as Magento's text (the REST shape) once it is known to parse. */
export const checkDate: Check<string> = (value) =>
  typeof value === 'string' && parseMagentoDate(value) !== undefined
    ? { ok: true, value }
    : { ok: false, rule: RULES.date, message: `${describeValue(value)} is not a Magento date` }

/** A SKU: the Kafka key of every topic. */
export const checkSku: Check<string> = (value) => {
  const rule = skuViolation(value)
  if (rule === undefined) return { ok: true, value: value as string }
  return { ok: false, rule, message: rule === RULES.string ? `${describeValue(value)} is not a string` : `the SKU ${rule}` }
}

/** A Magento attribute code that is safe as an object key. */
export const checkAttributeCode: Check<string> = (value) => {
  if (typeof value === 'string' && isAttributeCode(value)) return { ok: true, value }
  const forbidden = value === 'constructor' || value === 'prototype'
  return {
    ok: false,
    rule: forbidden ? RULES.forbiddenKey : RULES.attributeCode,
    message: `${describeValue(value)} is not a Magento attribute code`,
  }
}

/** A media path becomes a URL (encodeURI), which control characters and lone surrogates break. */
const isControlOrUnicodeViolation = (rule: string | undefined) => rule === RULES.skuControl || rule === RULES.skuUnicode

/** No `..` segment, whitespace, query, fragment or backslash: the path is appended to the media base URL. */
const MEDIA_FILE = /^(?!.*(?:^|\/)\.\.(?:\/|$))\/[^\s?#\\]+$/

/** A media gallery file path relative to catalog/product, e.g. "/m/j/mj03-black_main_12.jpg". */
export const checkMediaFile: Check<string> = (value) =>
  typeof value === 'string' && value.length <= 1024 && MEDIA_FILE.test(value) && !isControlOrUnicodeViolation(skuViolation(value))
    ? { ok: true, value }
    : { ok: false, rule: RULES.mediaFile, message: `${describeValue(value)} is not a media file path` }

/** Text that is not blank: names, type ids. */
export const checkText: Check<string> = (value) => {
  if (typeof value !== 'string') return { ok: false, rule: RULES.string, message: `${describeValue(value)} is not a string` }
  return value.trim() === '' ? { ok: false, rule: RULES.notEmpty, message: 'the text is blank' } : { ok: true, value }
}
