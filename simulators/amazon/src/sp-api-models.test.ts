import { describe, expect, it } from 'vitest'
import { usagePlanOf } from './sp-api-models.js'
import { spApiModels } from './test-support/sp-api-test-kit.js'

describe('SpApiModels', () => {
  it("reads each operation's default usage plan from its model's Usage Plan table", () => {
    const plans = Object.fromEntries(spApiModels().operations.map((operation) => [operation.id, operation.usagePlan]))
    expect(plans).toMatchObject({
      getListingsItem: { rate: 5, burst: 10 },
      putListingsItem: { rate: 5, burst: 10 },
      patchListingsItem: { rate: 5, burst: 5 },
      deleteListingsItem: { rate: 5, burst: 5 },
      searchListingsItems: { rate: 5, burst: 5 },
      searchDefinitionsProductTypes: { rate: 5, burst: 10 },
      getDefinitionsProductType: { rate: 5, burst: 10 },
    })
  })

  it('refuses a description without a usage plan table instead of guessing one', () => {
    expect(() => usagePlanOf('someOperation', 'Returns things.')).toThrow('no usage plan table in the description of someOperation')
  })

  it('knows which statuses declare x-amzn-RateLimit-Limit', () => {
    const put = spApiModels().operation('putListingsItem')
    expect(put.responses.get(200)?.headers).toEqual(['x-amzn-RateLimit-Limit', 'x-amzn-RequestId'])
    expect(put.responses.get(429)?.headers).toEqual(['x-amzn-RequestId'])
    expect(put.responses.has(404)).toBe(false)
  })

  it('rejects bodies that break a definition, so contract checks cannot pass vacuously', () => {
    const models = spApiModels()
    expect(models.validate('listingsItems', 'ListingsItemPutRequest', { productType: 'SHIRT', attributes: {} })).toEqual([])
    expect(models.validate('listingsItems', 'ListingsItemPutRequest', { productType: 'SHIRT' })).toEqual(["(root): 'attributes' is required"])
    expect(models.validate('listingsItems', 'ListingsItemPutRequest', { productType: 'SHIRT', attributes: {}, requirement: 'LISTING' })).toEqual(["(root): 'requirement' is not allowed"])
    expect(models.validate('listingsItems', 'ListingsItemSubmissionResponse', { sku: 'A', status: 'DONE', submissionId: '1' })).toEqual(['(root)/status: must be one of ACCEPTED, INVALID, VALID'])
    expect(models.validate('listingsItems', 'Item', { sku: 'A', summaries: [{ marketplaceId: 'X', productType: 'SHIRT', status: [], createdDate: 'yesterday', lastUpdatedDate: '2025-01-01T00:00:00Z' }] })).toEqual([
      '(root)/summaries/0/createdDate: must match format "date-time"',
    ])
    expect(models.validate('productTypeDefinitions', 'ErrorList', { errors: [{ code: 'X' }] })).toEqual(["(root)/errors/0: 'message' is required"])
  })

  it('parses query parameters as the model declares them: CSV arrays, enums, maxItems, defaults', () => {
    const models = spApiModels()
    expect(models.parseQuery(models.operation('getListingsItem'), { marketplaceIds: 'ATVPDKIKX0DER,A2EUQ1WTGCTBG2' })).toEqual({
      values: { marketplaceIds: ['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2'], issueLocale: undefined, includedData: ['summaries'] },
    })
    expect(models.parseQuery(models.operation('putListingsItem'), { marketplaceIds: 'A,B', includedData: 'issues,offers', mode: 'DRY_RUN' })).toEqual({
      problems: [
        "Parameter 'marketplaceIds' takes at most 1 value(s), got 2.",
        "Invalid value 'offers' for parameter 'includedData': must be one of identifiers, issues.",
        "Invalid value 'DRY_RUN' for parameter 'mode': must be one of VALIDATION_PREVIEW.",
      ],
    })
    expect(models.parseQuery(models.operation('deleteListingsItem'), {})).toEqual({ problems: ["Missing required parameter 'marketplaceIds'."] })
  })
})
