import { changeCase } from './change-case.js'
import { clamp } from './clamp.js'
import { coalesce } from './coalesce.js'
import { concat } from './concat.js'
import { convertUnit } from './convert-unit.js'
import { formatMoney } from './format-money.js'
import { htmlListItems } from './html-list-items.js'
import { join } from './join.js'
import { mapValues } from './map-values.js'
import { pick } from './pick.js'
import { round } from './round.js'
import { slice } from './slice.js'
import { split } from './split.js'
import { stripHtml } from './strip-html.js'
import { template } from './template.js'
import { toInteger } from './to-integer.js'
import { toNumber } from './to-number.js'
import { toText } from './to-text.js'
import { trim } from './trim.js'
import { truncate } from './truncate.js'
import type { TransformDefinition } from './transform-definition.js'
import { wrap } from './wrap.js'

/**
 * Every transform a manifest may name. Adding one: a file beside this one exporting its
 * definition, and its name in this list (mapping.schema.json is regenerated from it).
 */
export const TRANSFORMS: readonly TransformDefinition<never, unknown>[] = [
  trim,
  stripHtml,
  htmlListItems,
  truncate,
  round,
  toInteger,
  toNumber,
  toText,
  clamp,
  coalesce,
  convertUnit,
  mapValues,
  template,
  concat,
  join,
  split,
  formatMoney,
  changeCase,
  pick,
  slice,
  wrap,
]

/** Transforms by name. */
export const TRANSFORMS_BY_TYPE: ReadonlyMap<string, TransformDefinition<Record<string, unknown>, unknown>> = new Map(
  TRANSFORMS.map((definition) => [definition.type, definition as unknown as TransformDefinition<Record<string, unknown>, unknown>]),
)
