import type { FaultInjector } from '../fault-injector.js'
import type { AttributeDefinition, MarketplaceConfig } from './marketplace-config.js'

/**
 * The product attributes in force at `at`: the configured ones, with those a "newly required
 * attribute" fault names made required (an attribute the configuration lacks is added).
 */
export function productAttributesAt(config: MarketplaceConfig, faults: FaultInjector, at: number): AttributeDefinition[] {
  const attributes = new Map(config.attributes.map((attribute) => [attribute.code, attribute]))
  for (const extra of faults.requiredAttributesAt(at, 'product')) {
    const known = attributes.get(extra.code)
    attributes.set(extra.code, known ? { ...known, required: true } : extra)
  }
  return [...attributes.values()]
}
