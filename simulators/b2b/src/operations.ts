/**
 * The Mirakl seller operations the simulator serves, by their operationId in
 * mmp-seller-openapi.offers-products-subset.json. Stats, faults and rate limits name them.
 */
export const OPERATIONS = ['OF21', 'OF22', 'OF24', 'OF02', 'OF03', 'OF61', 'P41', 'P42', 'P44', 'P45', 'PM11', 'VL11'] as const

/** One Mirakl seller operation. */
export type Operation = (typeof OPERATIONS)[number]

/** Operations polled per import: their call frequency is read as "per import", not per shop. */
export const IMPORT_SCOPED_OPERATIONS: ReadonlySet<Operation> = new Set(['OF02', 'OF03', 'P42'])

/** True for a string that names a served operation. */
export function isOperation(value: unknown): value is Operation {
  return typeof value === 'string' && (OPERATIONS as readonly string[]).includes(value)
}
