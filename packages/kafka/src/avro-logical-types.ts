import avro from 'avsc'

/**
 * `timestamp-millis` as a JavaScript Date, the way Java's Avro gives Instant: without it avsc
 * reads and writes a bare number and drops the logical type's meaning. (avsc's documented recipe.)
 */
class TimestampMillisType extends avro.types.LogicalType {
  override _fromValue(value: number): Date {
    return new Date(value)
  }

  override _toValue(value: unknown): number | undefined {
    if (value instanceof Date) return value.getTime()
    return undefined
  }

  override _resolve(type: avro.Type): ((value: number) => number) | undefined {
    const name = avro.Type.isType(type, 'long', 'string', 'logical:timestamp-millis') ? type.typeName : undefined
    return name === undefined ? undefined : (value: number) => value
  }
}

/** Logical types the project's schemas use, for avsc's `forSchema` options. */
export const LOGICAL_TYPES = { 'timestamp-millis': TimestampMillisType } as const
