// Value parsing shared by offer lines (JSON) and product lines (CSV cells). Mirakl's JSON reader
// accepts numbers sent as strings: its own OF24 example sends "quantity": "5000".

const DECIMAL = /^-?\d+(\.\d+)?$/
const INTEGER = /^-?\d+$/
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/

/** A JSON number or a string holding a decimal number; undefined for anything else. */
export function asDecimal(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value === 'string' && DECIMAL.test(value.trim())) return Number(value.trim())
  return undefined
}

/** A JSON integer or a string holding one; undefined for anything else. */
export function asInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined
  if (typeof value === 'string' && INTEGER.test(value.trim())) return Number(value.trim())
  return undefined
}

/** A boolean, or the strings "true"/"false" (which the JSON reader also takes). */
export function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (value === 'true' || value === 'false') return value === 'true'
  return undefined
}

/** A string, or a number or boolean read as its text (the JSON reader coerces scalars to String fields). */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined
}

/** Milliseconds of an ISO 8601 date or date-time; undefined when it is not one. */
export function asDate(value: unknown): number | undefined {
  if (typeof value !== 'string' || !DATE.test(value)) return undefined
  const time = Date.parse(value)
  return Number.isNaN(time) ? undefined : time
}

/** Absent for Mirakl: not sent, null or an empty string. */
export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === ''
}

/** Quoted for a message, so an empty string or a number reads unambiguously. */
export function shown(value: unknown): string {
  return JSON.stringify(value) ?? String(value)
}

/**
 * GS1 check for EAN (8 or 13 digits) and UPC (12 digits); other id types are not checked.
 * Returns a problem message or undefined.
 */
export function gtinProblem(type: string, id: string): string | undefined {
  const lengths: Record<string, number[]> = { EAN: [8, 13], UPC: [12] }
  const allowed = lengths[type]
  if (!allowed) return undefined
  if (!/^\d+$/.test(id) || !allowed.includes(id.length)) return `The product id '${id}' is not a valid ${type}: it must have ${allowed.join(' or ')} digits`
  const digits = [...id].map(Number)
  const check = digits.pop() as number
  const sum = digits.reverse().reduce((total, digit, index) => total + digit * (index % 2 === 0 ? 3 : 1), 0)
  return (10 - (sum % 10)) % 10 === check ? undefined : `The product id '${id}' is not a valid ${type}: wrong check digit`
}
