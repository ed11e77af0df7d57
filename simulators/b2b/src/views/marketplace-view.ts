import type { AttributeDefinition, MarketplaceConfig } from '../marketplace/marketplace-config.js'

/** Labels of Mirakl's usual offer states (OF61); other configured codes show their code. */
const STATE_LABELS: Readonly<Record<string, string>> = { '11': 'New' }

/** PM11's answer (`PM11_Response_200`): the configured attributes, with any a fault makes required. */
export function attributesView(attributes: readonly AttributeDefinition[]): Record<string, unknown> {
  return {
    attributes: attributes.map((attribute) => ({
      code: attribute.code,
      default_value: null,
      description: '',
      description_translations: [],
      example: null,
      hierarchy_code: '',
      label: attribute.code,
      label_translations: [],
      required: attribute.required,
      requirement_level: attribute.required ? 'REQUIRED' : 'OPTIONAL',
      roles: [],
      type: attribute.type,
      type_parameter: attribute.valuesList ?? null,
      type_parameters: attribute.valuesList ? [{ name: 'LIST_CODE', value: attribute.valuesList }] : [],
      ...(attribute.maxLength !== undefined ? { validations: `MAX_LENGTH|${attribute.maxLength}` } : {}),
      variant: false,
    })),
  }
}

/** VL11's answer (`VL11_Response_200`), optionally one list by code. */
export function valueListsView(config: MarketplaceConfig, code?: string): Record<string, unknown> {
  const lists = Object.entries(config.valueLists).filter(([listCode]) => code === undefined || listCode === code)
  return {
    values_lists: lists.map(([listCode, values]) => ({
      code: listCode,
      label: listCode,
      label_translations: [],
      values: values.map((value) => ({ code: value, label: value, label_translations: [] })),
    })),
  }
}

/** OF61's answer (`OF61_Response_200`): the configured offer states. */
export function offerStatesView(config: MarketplaceConfig): Record<string, unknown> {
  return { offer_states: config.stateCodes.map((code) => ({ code, label: STATE_LABELS[code] ?? code })), total_count: config.stateCodes.length }
}
