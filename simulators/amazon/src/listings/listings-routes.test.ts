import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AmazonSimulator } from '../app.js'
import {
  accessToken,
  braceletAttributes,
  contractProblems,
  GENEROUS_LIMITS,
  itemUrl,
  newSimulator,
  offer,
  plain,
  SELLER,
  shirtAttributes,
  text,
  US,
  without,
} from '../test-support/sp-api-test-kit.js'
import type { ListingAttributes } from './listings-store.js'

interface Submission {
  sku: string
  status: 'ACCEPTED' | 'INVALID' | 'VALID'
  submissionId: string
  issues?: { code: string; message: string; severity: string; attributeNames?: string[]; categories: string[] }[]
  identifiers?: { marketplaceId: string; asin: string }[]
}

const ALL_DATA = 'summaries,attributes,issues,offers,fulfillmentAvailability,procurement,relationships,productTypes'
const CA = 'A2EUQ1WTGCTBG2'

let sim: AmazonSimulator
let token: string
let now: Date

beforeAll(async () => {
  // Compile the SHIRT validator once for the file; later simulators reuse it.
  const warm = newSimulator()
  warm.catalog.validator('SHIRT', US)
  await warm.app.close()
})

beforeEach(async () => {
  now = new Date('2025-06-01T10:00:00Z')
  sim = newSimulator({ clock: () => now, rateLimits: GENEROUS_LIMITS, marketplaceIds: [US, CA] })
  token = await accessToken(sim)
})
afterEach(async () => {
  await sim.app.close()
})

const call = async (operation: string, method: 'GET' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
  const response = await sim.app.inject({ method, url, headers: { 'x-amz-access-token': token }, ...(payload === undefined ? {} : { payload: payload as object }) })
  // Every answer in this file is checked against the model, whatever the test then asserts.
  expect(contractProblems(operation, response)).toEqual([])
  return response
}
const put = (sku: string, body: unknown, query?: Record<string, string>) => call('putListingsItem', 'PUT', itemUrl(sku, query), body)
const patch = (sku: string, body: unknown, query?: Record<string, string>) => call('patchListingsItem', 'PATCH', itemUrl(sku, query), body)
const get = (sku: string, query?: Record<string, string>) => call('getListingsItem', 'GET', itemUrl(sku, query))
const del = (sku: string, query?: Record<string, string>) => call('deleteListingsItem', 'DELETE', itemUrl(sku, query))
const shirt = (attributes: ListingAttributes = shirtAttributes()) => ({ productType: 'SHIRT', requirements: 'LISTING', attributes })

describe('putListingsItem', () => {
  it('accepts a valid listing, stores it and serves it back as an Item with every data set', async () => {
    const response = await put('MH01-XS-Black', shirt())
    expect(response.statusCode).toBe(200)
    const submission = response.json<Submission>()
    expect(submission).toEqual({ sku: 'MH01-XS-Black', status: 'ACCEPTED', submissionId: expect.any(String) as unknown, issues: [] })

    const item = (await get('MH01-XS-Black', { marketplaceIds: US, includedData: ALL_DATA })).json<Record<string, unknown>>()
    expect(item).toEqual({
      sku: 'MH01-XS-Black',
      summaries: [
        {
          marketplaceId: US,
          asin: expect.stringMatching(/^B0[0-9A-Z]{8}$/) as unknown,
          productType: 'SHIRT',
          conditionType: 'new_new',
          status: ['BUYABLE', 'DISCOVERABLE'],
          itemName: 'Chaz Kangeroo Hoodie',
          createdDate: '2025-06-01T10:00:00.000Z',
          lastUpdatedDate: '2025-06-01T10:00:00.000Z',
        },
      ],
      attributes: shirtAttributes(),
      issues: [],
      offers: [{ marketplaceId: US, offerType: 'B2C', price: { currencyCode: 'USD', amount: '52.00' }, audience: { value: 'ALL', displayName: 'Sell on Amazon' } }],
      fulfillmentAvailability: [{ fulfillmentChannelCode: 'DEFAULT', quantity: 100 }],
      relationships: [{ marketplaceId: US, relationships: [] }],
      productTypes: [{ marketplaceId: US, productType: 'SHIRT' }],
    })
    expect(sim.store.get(SELLER, US, 'MH01-XS-Black')?.submissionId).toBe(submission.submissionId)
  })

  it('returns only the summaries by default', async () => {
    await put('MH01-XS-Black', shirt())
    expect(Object.keys((await get('MH01-XS-Black')).json<object>()).sort()).toEqual(['sku', 'summaries'])
  })

  it('takes URL-encoded SKUs with slashes, spaces and symbols', async () => {
    const sku = 'MH01/XS Black#1+%'
    expect((await put(sku, shirt())).json<Submission>()).toMatchObject({ sku, status: 'ACCEPTED' })
    expect((await get(sku)).json<{ sku: string }>().sku).toBe(sku)
    expect(sim.store.get(SELLER, US, sku)).toBeDefined()
  })

  it('replaces the whole listing on a second PUT, keeping its creation date and ASIN', async () => {
    await put('MH01-XS-Black', shirt())
    const first = sim.store.get(SELLER, US, 'MH01-XS-Black')
    now = new Date('2025-06-01T10:30:00Z')
    // A body without required attributes is INVALID, and the first listing stays.
    expect((await put('MH01-XS-Black', shirt(without(shirtAttributes({ purchasable_offer: offer(40) }), 'brand')))).json<Submission>().status).toBe('INVALID')
    expect(sim.store.get(SELLER, US, 'MH01-XS-Black')).toEqual(first)
    await put('MH01-XS-Black', shirt(shirtAttributes({ purchasable_offer: offer(40), style: text('Hoodie') })))
    const second = sim.store.get(SELLER, US, 'MH01-XS-Black')
    expect(second).toMatchObject({ createdDate: first?.createdDate, asin: first?.asin, lastUpdatedDate: '2025-06-01T10:30:00.000Z', writes: 2 })
    expect(second?.attributes.style).toEqual(text('Hoodie'))
  })

  it('answers an invalid SHIRT with INVALID and the schema’s issues, and stores nothing', async () => {
    const attributes = { ...without(shirtAttributes(), 'color', 'size'), condition_type: plain('brand_new'), fake_attribute: [{ value: 'x' }], item_name: text('A'.repeat(300)) }
    const response = await put('MH01-XS-Black', shirt(attributes))
    expect(response.statusCode).toBe(200)
    const submission = response.json<Submission>()
    expect(submission.status).toBe('INVALID')
    type Issue = NonNullable<Submission['issues']>[number]
    const byAttribute: Record<string, Issue> = Object.fromEntries((submission.issues ?? []).map((issue) => [issue.attributeNames?.[0] ?? '', issue]))
    expect(Object.keys(byAttribute).sort()).toEqual(['color', 'condition_type', 'fake_attribute', 'item_name', 'size'])
    expect(byAttribute.color).toEqual({ code: '90220', message: "'color' is required but not supplied.", severity: 'ERROR', attributeNames: ['color'], categories: ['MISSING_ATTRIBUTE'] })
    expect(byAttribute.fake_attribute).toMatchObject({ code: '90000900', severity: 'ERROR', categories: ['INVALID_ATTRIBUTE'] })
    expect(byAttribute.condition_type?.message).toContain('"new_new"')
    expect(byAttribute.item_name?.message).toContain('item_name[0].value')
    expect(sim.store.size).toBe(0)
    expect(sim.stats.snapshot().submissions).toEqual({ ACCEPTED: 0, INVALID: 1, VALID: 0 })
  })

  it('validates a variation child against the conditional rules (a child needs its parent SKU)', async () => {
    const child = shirtAttributes({ parentage_level: plain('child'), variation_theme: [{ name: 'SIZE/COLOR' }], child_parent_sku_relationship: [{ child_relationship_type: 'variation', marketplace_id: US }] })
    const invalid = (await put('MH01-XS-Black', shirt(child))).json<Submission>()
    expect(invalid.issues?.map((issue) => issue.message)).toEqual(["'child_parent_sku_relationship[0].parent_sku' is required but not supplied."])

    const parent = without(shirtAttributes({ parentage_level: plain('parent'), variation_theme: [{ name: 'SIZE/COLOR' }], child_parent_sku_relationship: [{ child_relationship_type: 'variation', marketplace_id: US }] }), 'purchasable_offer', 'fulfillment_availability', 'condition_type', 'item_package_weight', 'externally_assigned_product_identifier', 'color', 'size', 'material', 'department')
    expect((await put('MH01', shirt(parent))).json<Submission>().status).toBe('ACCEPTED')
    const related = { ...child, child_parent_sku_relationship: [{ child_relationship_type: 'variation', parent_sku: 'MH01', marketplace_id: US }] }
    expect((await put('MH01-XS-Black', shirt(related))).json<Submission>().status).toBe('ACCEPTED')

    const relationships = (sku: string) => get(sku, { marketplaceIds: US, includedData: 'relationships,summaries' }).then((r) => r.json<{ relationships: unknown; summaries: { status: string[] }[] }>())
    expect((await relationships('MH01-XS-Black')).relationships).toEqual([{ marketplaceId: US, relationships: [{ type: 'VARIATION', parentSkus: ['MH01'], variationTheme: { theme: 'SIZE/COLOR', attributes: ['size', 'color'] } }] }])
    const parentItem = await relationships('MH01')
    expect(parentItem.relationships).toEqual([{ marketplaceId: US, relationships: [{ type: 'VARIATION', childSkus: ['MH01-XS-Black'], variationTheme: { theme: 'SIZE/COLOR', attributes: ['size', 'color'] } }] }])
    expect(parentItem.summaries[0]?.status).toEqual(['DISCOVERABLE'])
  })

  it('validates BRACELET listings against Amazon’s real BRACELET schema', async () => {
    const bracelet = (attributes: ListingAttributes) => ({ productType: 'BRACELET', requirements: 'LISTING', attributes })
    const invalid = (await put('BR-001', bracelet(without(braceletAttributes(), 'brand', 'country_of_origin')))).json<Submission>()
    expect(invalid.status).toBe('INVALID')
    expect(invalid.issues?.map((issue) => [issue.code, issue.attributeNames?.[0]])).toEqual([
      ['90220', 'brand'],
      ['90220', 'country_of_origin'],
    ])
    expect((await put('BR-001', bracelet(braceletAttributes()))).json<Submission>().status).toBe('ACCEPTED')
  }, 60_000)

  it('answers INVALID for a product type it has no definition for', async () => {
    const submission = (await put('X-1', { productType: 'SPACESHIP', attributes: shirtAttributes() })).json<Submission>()
    expect(submission.status).toBe('INVALID')
    expect(submission.issues).toEqual([{ code: '4000001', message: `The product type 'SPACESHIP' is not valid for marketplace ${US}.`, severity: 'ERROR', attributeNames: [], categories: [] }])
  })

  it('checks only sales terms for LISTING_OFFER_ONLY and only product facts for LISTING_PRODUCT_ONLY', async () => {
    const offerOnly = { purchasable_offer: offer(30), fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 5 }], condition_type: plain('new_new'), item_package_weight: [{ value: 1, unit: 'kilograms', marketplace_id: US }] }
    expect((await put('OFFER-1', { productType: 'SHIRT', requirements: 'LISTING_OFFER_ONLY', attributes: offerOnly })).json<Submission>()).toMatchObject({ status: 'ACCEPTED', issues: [] })
    const missingPrice = (await put('OFFER-2', { productType: 'SHIRT', requirements: 'LISTING_OFFER_ONLY', attributes: without(offerOnly, 'purchasable_offer') })).json<Submission>()
    expect(missingPrice.issues?.map((issue) => issue.attributeNames?.[0])).toEqual(['purchasable_offer'])
    const facts = without(shirtAttributes(), 'purchasable_offer', 'fulfillment_availability', 'condition_type')
    expect((await put('FACTS-1', { productType: 'SHIRT', requirements: 'LISTING_PRODUCT_ONLY', attributes: facts })).json<Submission>().status).toBe('ACCEPTED')
  })

  it('under VALIDATION_PREVIEW answers VALID with identifiers, or INVALID, and stores nothing', async () => {
    const preview = { marketplaceIds: US, mode: 'VALIDATION_PREVIEW', includedData: 'identifiers,issues' }
    const valid = (await put('MH01-XS-Black', shirt(), preview)).json<Submission>()
    expect(valid).toEqual({ sku: 'MH01-XS-Black', status: 'VALID', submissionId: expect.any(String) as unknown, issues: [], identifiers: [{ marketplaceId: US, asin: expect.stringMatching(/^B0/) as unknown }] })
    const invalid = (await put('MH01-XS-Black', shirt(without(shirtAttributes(), 'condition_type')), preview)).json<Submission>()
    expect(invalid).toMatchObject({ status: 'INVALID', identifiers: [], issues: [{ code: '90220', attributeNames: ['condition_type'] }] })
    expect(sim.store.size).toBe(0)
    expect((await get('MH01-XS-Black')).statusCode).toBe(404)
    expect(sim.stats.snapshot().submissions).toEqual({ ACCEPTED: 0, INVALID: 1, VALID: 1 })
  })

  it.each([
    ['no attributes', { productType: 'SHIRT' }, "body: 'attributes' is required"],
    ['a misspelt field', { productType: 'SHIRT', attributes: {}, requirement: 'LISTING' }, "body: 'requirement' is not allowed"],
    ['an unknown requirements set', { productType: 'SHIRT', attributes: {}, requirements: 'EVERYTHING' }, 'body/requirements: must be one of LISTING, LISTING_PRODUCT_ONLY, LISTING_OFFER_ONLY'],
    ['attributes that are not an object', { productType: 'SHIRT', attributes: [] }, 'body/attributes: must be object'],
  ])('refuses a body with %s: 400 InvalidInput naming the field, nothing stored', async (_case, body, problem) => {
    const response = await put('MH01-XS-Black', body)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({ errors: [{ code: 'InvalidInput', message: 'Request has missing or invalid parameters and cannot be parsed.', details: problem }] })
    expect(sim.store.size).toBe(0)
  })

  it('refuses bad parameters: no marketplace, two marketplaces, an unknown one, a wrong mode', async () => {
    const details = async (query: Record<string, string>) => (await put('MH01-XS-Black', shirt(), query)).json<{ errors: { details: string }[] }>().errors[0]?.details
    expect(await details({})).toBe("Missing required parameter 'marketplaceIds'.")
    expect(await details({ marketplaceIds: `${US},${CA}` })).toBe("Parameter 'marketplaceIds' takes at most 1 value(s), got 2.")
    expect(await details({ marketplaceIds: 'A1PA6795UKMFR9' })).toBe(`Invalid marketplaceIds 'A1PA6795UKMFR9': the seller does not sell there (known: ${US}, ${CA}).`)
    expect(await details({ marketplaceIds: US, mode: 'PREVIEW' })).toBe("Invalid value 'PREVIEW' for parameter 'mode': must be one of VALIDATION_PREVIEW.")
  })

  it('answers 415 for a body that is not JSON and 400 for JSON that does not parse', async () => {
    const form = await sim.app.inject({ method: 'PUT', url: itemUrl('MH01-XS-Black'), headers: { 'x-amz-access-token': token, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'productType=SHIRT' })
    expect(form.statusCode).toBe(415)
    expect(contractProblems('putListingsItem', form)).toEqual([])
    const broken = await sim.app.inject({ method: 'PUT', url: itemUrl('MH01-XS-Black'), headers: { 'x-amz-access-token': token, 'content-type': 'application/json' }, payload: '{"productType":' })
    expect(broken.statusCode).toBe(400)
    expect(contractProblems('putListingsItem', broken)).toEqual([])
  })

  it('answers 413 RequestEntityTooLarge for a body over 5 MB', async () => {
    const huge = shirt(shirtAttributes({ product_description: text('x'.repeat(5 * 1024 * 1024)) }))
    const response = await put('MH01-XS-Black', huge)
    expect(response.statusCode).toBe(413)
    expect(response.json()).toEqual({ errors: [{ code: 'RequestEntityTooLarge', message: 'The request size exceeded the maximum accepted size.' }] })
  })
})

describe('patchListingsItem', () => {
  beforeEach(async () => {
    expect((await put('MH01-XS-Black', shirt())).json<Submission>().status).toBe('ACCEPTED')
  })

  it('replaces the price and the quantity of a listed SKU, leaving the other attributes alone', async () => {
    const response = await patch('MH01-XS-Black', {
      productType: 'SHIRT',
      patches: [
        { op: 'replace', path: '/attributes/purchasable_offer', value: offer(41.5) },
        { op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 0 }] },
      ],
    })
    expect(response.json<Submission>()).toMatchObject({ status: 'ACCEPTED', issues: [] })
    const item = (await get('MH01-XS-Black', { marketplaceIds: US, includedData: 'summaries,offers,fulfillmentAvailability,attributes' })).json<{ offers: unknown; fulfillmentAvailability: unknown; summaries: { status: string[] }[]; attributes: ListingAttributes }>()
    expect(item.offers).toEqual([{ marketplaceId: US, offerType: 'B2C', price: { currencyCode: 'USD', amount: '41.50' }, audience: { value: 'ALL', displayName: 'Sell on Amazon' } }])
    expect(item.fulfillmentAvailability).toEqual([{ fulfillmentChannelCode: 'DEFAULT', quantity: 0 }])
    expect(item.summaries[0]?.status).toEqual(['DISCOVERABLE'])
    expect(item.attributes.item_name).toEqual(shirtAttributes().item_name)
    expect(sim.store.get(SELLER, US, 'MH01-XS-Black')?.writes).toBe(2)
  })

  it('merges a value into the one with the same selectors and deletes values by selectors', async () => {
    await patch('MH01-XS-Black', { productType: 'SHIRT', patches: [{ op: 'merge', path: '/attributes/purchasable_offer', value: [{ currency: 'USD', marketplace_id: US, our_price: [{ schedule: [{ value_with_tax: 48 }] }] }] }] })
    expect(sim.store.get(SELLER, US, 'MH01-XS-Black')?.attributes.purchasable_offer).toEqual(offer(48))
    // externally_assigned_product_identifier's selectors are marketplace and type: a UPC is a second value.
    const upc = { type: 'upc', value: '012345678905', marketplace_id: US }
    await patch('MH01-XS-Black', { productType: 'SHIRT', patches: [{ op: 'merge', path: '/attributes/externally_assigned_product_identifier', value: [upc] }] })
    expect(sim.store.get(SELLER, US, 'MH01-XS-Black')?.attributes.externally_assigned_product_identifier).toEqual([...(shirtAttributes().externally_assigned_product_identifier ?? []), upc])
    await patch('MH01-XS-Black', { productType: 'SHIRT', patches: [{ op: 'delete', path: '/attributes/externally_assigned_product_identifier', value: [{ type: 'ean', marketplace_id: US }] }] })
    const attributes = (await get('MH01-XS-Black', { marketplaceIds: US, includedData: 'attributes' })).json<{ attributes: ListingAttributes }>().attributes
    expect(attributes.externally_assigned_product_identifier).toEqual([upc])
  })

  it('answers INVALID and keeps the listing when the patched listing breaks the schema', async () => {
    const before = sim.store.get(SELLER, US, 'MH01-XS-Black')
    const submission = (await patch('MH01-XS-Black', { productType: 'SHIRT', patches: [{ op: 'delete', path: '/attributes/brand' }, { op: 'replace', path: '/attributes/purchasable_offer', value: offer(0) }] })).json<Submission>()
    expect(submission.status).toBe('INVALID')
    expect(submission.issues?.map((issue) => [issue.code, issue.attributeNames?.[0]])).toEqual([
      ['90220', 'brand'],
      ['4000001', 'purchasable_offer'],
    ])
    expect(sim.store.get(SELLER, US, 'MH01-XS-Black')).toEqual(before)
  })

  it('validates under VALIDATION_PREVIEW without changing the listing', async () => {
    const before = sim.store.get(SELLER, US, 'MH01-XS-Black')
    const submission = (await patch('MH01-XS-Black', { productType: 'SHIRT', patches: [{ op: 'replace', path: '/attributes/purchasable_offer', value: offer(10) }] }, { marketplaceIds: US, mode: 'VALIDATION_PREVIEW' })).json<Submission>()
    expect(submission.status).toBe('VALID')
    expect(sim.store.get(SELLER, US, 'MH01-XS-Black')).toEqual(before)
  })

  it('answers INVALID for a SKU that is not listed: a patch alone is not a listing', async () => {
    const submission = (await patch('NOT-LISTED', { productType: 'SHIRT', patches: [{ op: 'replace', path: '/attributes/purchasable_offer', value: offer(10) }] })).json<Submission>()
    expect(submission.status).toBe('INVALID')
    expect(submission.issues?.map((issue) => issue.attributeNames?.[0])).toContain('item_name')
    expect(sim.store.get(SELLER, US, 'NOT-LISTED')).toBeUndefined()
  })

  it.each([
    ['a nested path', { productType: 'SHIRT', patches: [{ op: 'replace', path: '/attributes/purchasable_offer/0/currency', value: [{}] }] }, "body/patches/0/path: '/attributes/purchasable_offer/0/currency' is not '/attributes/<name>'; only top-level attributes can be patched."],
    ['an unknown op', { productType: 'SHIRT', patches: [{ op: 'set', path: '/attributes/brand', value: [] }] }, 'body/patches/0/op: must be one of add, replace, merge, delete'],
    ['no patches', { productType: 'SHIRT', patches: [] }, 'body/patches: must NOT have fewer than 1 items'],
    ['a replace without value', { productType: 'SHIRT', patches: [{ op: 'replace', path: '/attributes/brand' }] }, "body/patches/0/value: is required for op 'replace'."],
    ['a value that is not an array', { productType: 'SHIRT', patches: [{ op: 'replace', path: '/attributes/brand', value: { value: 'Luma' } }] }, 'body/patches/0/value: must be array'],
  ])('refuses %s with 400 InvalidInput', async (_case, body, problem) => {
    const response = await patch('MH01-XS-Black', body)
    expect(response.statusCode).toBe(400)
    expect(response.json<{ errors: { details: string }[] }>().errors[0]?.details).toBe(problem)
  })
})

describe('deleteListingsItem and getListingsItem', () => {
  it('deletes a listing, after which GET answers 404 in the ErrorList shape', async () => {
    await put('24-MB01', shirt())
    expect((await del('24-MB01')).json<Submission>()).toEqual({ sku: '24-MB01', status: 'ACCEPTED', submissionId: expect.any(String) as unknown, issues: [] })
    const missing = await get('24-MB01')
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toEqual({ errors: [{ code: 'NOT_FOUND', message: `SKU '24-MB01' not found in marketplace ${US}.` }] })
    expect(sim.store.size).toBe(0)
  })

  it('accepts deleting a SKU that is not listed (the model declares no 404 for deletes)', async () => {
    expect((await del('NEVER-LISTED')).json<Submission>().status).toBe('ACCEPTED')
  })

  it('keeps listings per marketplace and serves each marketplace asked for', async () => {
    await put('MH01-XS-Black', shirt())
    const caAttributes = JSON.parse(JSON.stringify(shirtAttributes({ purchasable_offer: [{ currency: 'CAD', marketplace_id: CA, our_price: [{ schedule: [{ value_with_tax: 70 }] }] }] })).replaceAll(US, CA)) as ListingAttributes
    expect((await put('MH01-XS-Black', shirt(caAttributes), { marketplaceIds: CA })).json<Submission>().status).toBe('ACCEPTED')
    const item = (await get('MH01-XS-Black', { marketplaceIds: `${US},${CA}`, includedData: 'summaries,offers' })).json<{ summaries: { marketplaceId: string }[]; offers: { price: { amount: string; currencyCode: string } }[] }>()
    expect(item.summaries.map((summary) => summary.marketplaceId)).toEqual([US, CA])
    expect(item.offers.map((o) => `${o.price.currencyCode} ${o.price.amount}`)).toEqual(['USD 52.00', 'CAD 70.00'])
    await del('MH01-XS-Black', { marketplaceIds: CA })
    expect((await get('MH01-XS-Black', { marketplaceIds: CA })).statusCode).toBe(404)
    expect((await get('MH01-XS-Black', { marketplaceIds: US })).statusCode).toBe(200)
  })

  it('refuses an includedData value GET does not define', async () => {
    const response = await get('24-MB01', { marketplaceIds: US, includedData: 'summaries,prices' })
    expect(response.statusCode).toBe(400)
    expect(response.json<{ errors: { details: string }[] }>().errors[0]?.details).toContain("Invalid value 'prices' for parameter 'includedData'")
  })
})
