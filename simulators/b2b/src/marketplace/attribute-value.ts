import type { AttributeDefinition } from './marketplace-config.js'
import { asDate, asDecimal, asInteger, asText, shown } from './values.js'

/** A checked attribute value: its text as stored, or the problem with it. */
export type AttributeValueResult = { readonly value: string } | { readonly problem: string }

/**
 * Checks one attribute value against its definition (type, value list, length) and returns it as
 * the text Mirakl stores (PM11 attributes and offer additional fields are strings on the wire).
 */
export function checkAttributeValue(definition: AttributeDefinition, raw: unknown, valueLists: Readonly<Record<string, readonly string[]>>): AttributeValueResult {
  const text = asText(raw)
  const name = `The attribute '${definition.code}'`
  if (text === undefined) return { problem: `${name} must be a single value (got ${shown(raw)})` }
  switch (definition.type) {
    case 'TEXT':
      if (definition.maxLength !== undefined && [...text].length > definition.maxLength) {
        return { problem: `${name} must be at most ${definition.maxLength} characters (got ${[...text].length})` }
      }
      return { value: text }
    case 'INTEGER':
      return asInteger(text) === undefined ? { problem: `${name} must be an integer (got ${shown(raw)})` } : { value: text.trim() }
    case 'DECIMAL':
      return asDecimal(text) === undefined ? { problem: `${name} must be a decimal number (got ${shown(raw)})` } : { value: text.trim() }
    case 'LIST': {
      const list = definition.valuesList ?? ''
      return (valueLists[list] ?? []).includes(text) ? { value: text } : { problem: `${name} has the value ${shown(text)}, which is not in the value list '${list}'` }
    }
    case 'MEDIA':
      return /^https?:\/\/\S+$/.test(text) ? { value: text } : { problem: `${name} must be an http(s) URL (got ${shown(raw)})` }
    case 'DATE':
      return asDate(text) === undefined ? { problem: `${name} must be an ISO 8601 date (got ${shown(raw)})` } : { value: text }
  }
}
