import { describe, expect, it } from 'vitest'
import { isAppError, LS_ERR_CONFIG_INVALID } from '@listing-sync/errors'
import { loadConfig } from '@listing-sync/config'
import { b2bSimulatorVariables, resolveRateLimits } from '../simulator-config.js'
import { DEFAULT_RATE_LIMITS, NO_RATE_LIMITS } from '../rate-limit/rate-limiter.js'
import { loadMarketplaceConfig, parseMarketplaceConfig } from './marketplace-config.js'

describe('the marketplace configuration', () => {
  it("reads the demo marketplace's file from mappings/, in place", () => {
    const config = loadMarketplaceConfig()
    expect(config.requiredOfferFields).toContain('quantity')
    expect(config.productIdTypes).toEqual(['EAN', 'UPC', 'SHOP_SKU'])
    expect(config.attributes.find((attribute) => attribute.code === 'title')).toEqual({ code: 'title', required: true, type: 'TEXT', maxLength: 100 })
    expect(config.valueLists.categories).toContain('bags')
  })

  it('refuses a configuration with every problem and its path', () => {
    let thrown: unknown
    try {
      parseMarketplaceConfig({
        requiredOfferFields: ['quantity', 'stock'],
        attributes: [
          { code: 'color', required: false, type: 'LIST' },
          { code: 'size', required: false, type: 'LIST', valuesList: 'sizes' },
          { code: 'size', required: false, type: 'TEXT' },
          { code: 'weight', required: 'yes', type: 'NUMBER' },
        ],
        valueLists: {},
      })
    } catch (error) {
      thrown = error
    }
    expect(isAppError(thrown, LS_ERR_CONFIG_INVALID)).toBe(true)
    const details = (thrown as { details: string[] }).details
    expect(details.map((detail) => detail.split(': ')[1])).toEqual(['attributes.3.required', 'attributes.3.type'])
    let refined: unknown
    try {
      parseMarketplaceConfig({ requiredOfferFields: ['stock'], attributes: [{ code: 'color', required: false, type: 'LIST' }, { code: 'size', required: false, type: 'LIST', valuesList: 'sizes' }, { code: 'size', required: false, type: 'TEXT' }], valueLists: {} })
    } catch (error) {
      refined = error
    }
    expect((refined as { details: string[] }).details).toEqual([
      "marketplace config: requiredOfferFields.0: 'stock' is not an OF24 offer field",
      "marketplace config: attributes.0.valuesList: LIST attribute 'color' names no value list",
      "marketplace config: attributes.1.valuesList: value list 'sizes' is not in valueLists",
      "marketplace config: attributes.2.code: attribute 'size' is defined twice",
    ])
    expect(() => loadMarketplaceConfig('/nonexistent/b2b-attributes.json')).toThrow(/nonexistent/)
  })
})

describe('environment variables', () => {
  it('default to the demo shop, one-second import steps and Mirakl limits', () => {
    const config = loadConfig(b2bSimulatorVariables, {})
    expect(config).toMatchObject({ B2B_SIM_API_KEY: 'sim-shop-api-key', B2B_SIM_SHOP_IDS: [2000], B2B_SIM_IMPORT_STEP_MS: 1000, B2B_SIM_OFFERS_REQUIRE_PRODUCT: true, B2B_SIM_CURRENCY: 'USD' })
    expect(resolveRateLimits(config.B2B_SIM_RATE_LIMITS)).toEqual(DEFAULT_RATE_LIMITS)
  })

  it('read shops, rate-limit overrides ("official", "off" or per operation) and the product requirement', () => {
    const config = loadConfig(b2bSimulatorVariables, { B2B_SIM_SHOP_IDS: '2000, 2001', B2B_SIM_RATE_LIMITS: 'OF24=6/60, P41=off, P42=1/10/3', B2B_SIM_OFFERS_REQUIRE_PRODUCT: 'false' })
    expect(config.B2B_SIM_SHOP_IDS).toEqual([2000, 2001])
    expect(config.B2B_SIM_OFFERS_REQUIRE_PRODUCT).toBe(false)
    expect(resolveRateLimits(config.B2B_SIM_RATE_LIMITS)).toMatchObject({ OF24: { calls: 6, perSeconds: 60, burst: 6 }, P41: null, P42: { calls: 1, perSeconds: 10, burst: 3 }, OF02: DEFAULT_RATE_LIMITS.OF02 })
    expect(resolveRateLimits(loadConfig(b2bSimulatorVariables, { B2B_SIM_RATE_LIMITS: 'off' }).B2B_SIM_RATE_LIMITS)).toEqual(NO_RATE_LIMITS)
    expect(resolveRateLimits(loadConfig(b2bSimulatorVariables, { B2B_SIM_RATE_LIMITS: 'official' }).B2B_SIM_RATE_LIMITS)).toEqual(DEFAULT_RATE_LIMITS)
  })

  it('refuse bad values, naming each variable', () => {
    let thrown: unknown
    try {
      loadConfig(b2bSimulatorVariables, { B2B_SIM_RATE_LIMITS: 'OF99=off', B2B_SIM_SHOP_IDS: 'main', B2B_SIM_OFFERS_REQUIRE_PRODUCT: 'yes', B2B_SIM_CURRENCY: 'usd' })
    } catch (error) {
      thrown = error
    }
    expect(isAppError(thrown, LS_ERR_CONFIG_INVALID)).toBe(true)
    expect((thrown as { details: { variable: string }[] }).details.map((problem) => problem.variable).sort()).toEqual(['B2B_SIM_CURRENCY', 'B2B_SIM_OFFERS_REQUIRE_PRODUCT', 'B2B_SIM_RATE_LIMITS', 'B2B_SIM_SHOP_IDS.0'])
    expect(() => loadConfig(b2bSimulatorVariables, { B2B_SIM_RATE_LIMITS: 'OF24=fast' })).toThrow(/B2B_SIM_RATE_LIMITS: 'OF24=fast' is not OP=<calls>\/<seconds>/)
    expect(() => loadConfig(b2bSimulatorVariables, { B2B_SIM_RATE_LIMITS: 'OF24=0/60' })).toThrow(/must be at least 1/)
  })
})
