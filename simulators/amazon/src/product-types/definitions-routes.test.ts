import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AmazonSimulator } from '../app.js'
import { accessToken, contractProblems, GENEROUS_LIMITS, newSimulator, US } from '../test-support/sp-api-test-kit.js'

interface Definition {
  schema: { link: { resource: string; verb: string }; checksum: string }
  metaSchema: { link: { resource: string; verb: string }; checksum: string }
  requirements: string
  requirementsEnforced: string
  propertyGroups: Record<string, { title: string; propertyNames: string[] }>
  locale: string
  marketplaceIds: string[]
  productType: string
  displayName: string
  productTypeVersion: { version: string; latest: boolean; releaseCandidate: boolean }
}

let sim: AmazonSimulator
let token: string

beforeAll(async () => {
  sim = newSimulator({ rateLimits: GENEROUS_LIMITS, publicBaseUrl: 'http://localhost:9002' })
  token = await accessToken(sim)
})
afterAll(async () => {
  await sim.app.close()
})

const search = async (query: string) => {
  const response = await sim.app.inject({ url: `/definitions/2020-09-01/productTypes?${query}`, headers: { 'x-amz-access-token': token } })
  expect(contractProblems('searchDefinitionsProductTypes', response)).toEqual([])
  return response
}
const definition = async (productType: string, query = `marketplaceIds=${US}`) => {
  const response = await sim.app.inject({ url: `/definitions/2020-09-01/productTypes/${productType}?${query}`, headers: { 'x-amz-access-token': token } })
  expect(contractProblems('getDefinitionsProductType', response)).toEqual([])
  return response
}
/** Fetches a link the way a client would: the path on this simulator, no access token. */
const follow = (link: string) => sim.app.inject({ url: link.replace('http://localhost:9002', '') })

describe('searchDefinitionsProductTypes', () => {
  it('lists every product type it has a schema for: the real BRACELET and the demo types', async () => {
    const names = (await search(`marketplaceIds=${US}`)).json<{ productTypes: { name: string }[] }>().productTypes.map((type) => type.name)
    expect(names).toContain('BRACELET')
    expect(names).toEqual(expect.arrayContaining(['LUGGAGE', 'PANTS', 'SHIRT', 'SPORTING_GOODS', 'WATCH']))
  })

  it('finds product types by keyword and by item name', async () => {
    expect((await search(`marketplaceIds=${US}&keywords=shirt`)).json()).toEqual({ productTypes: [{ name: 'SHIRT', displayName: 'Shirt', marketplaceIds: [US] }], productTypeVersion: expect.any(String) as unknown })
    expect((await search(`marketplaceIds=${US}&keywords=sporting`)).json<{ productTypes: { name: string }[] }>().productTypes.map((t) => t.name)).toEqual(['SPORTING_GOODS'])
    expect((await search(`marketplaceIds=${US}&itemName=${encodeURIComponent('Sterling Silver Charm Bracelets')}`)).json<{ productTypes: { name: string }[] }>().productTypes.map((t) => t.name)).toEqual(['BRACELET'])
  })

  it('refuses keywords together with itemName, and a request without marketplaceIds', async () => {
    const both = await search(`marketplaceIds=${US}&keywords=shirt&itemName=shirt`)
    expect(both.statusCode).toBe(400)
    expect(both.json()).toMatchObject({ errors: [{ code: 'InvalidInput', details: "Parameters 'keywords' and 'itemName' cannot be used together." }] })
    expect((await search('keywords=shirt')).statusCode).toBe(400)
  })
})

describe('getDefinitionsProductType', () => {
  it('answers a ProductTypeDefinition whose schema link serves the bytes its checksum covers', async () => {
    const body = (await definition('SHIRT')).json<Definition>()
    expect(body).toMatchObject({
      requirements: 'LISTING',
      requirementsEnforced: 'ENFORCED',
      locale: 'en_US',
      marketplaceIds: [US],
      productType: 'SHIRT',
      displayName: 'Shirt',
      productTypeVersion: { latest: true, releaseCandidate: false },
      schema: { link: { resource: 'http://localhost:9002/_sim/schemas/SHIRT.json', verb: 'GET' } },
    })
    const schema = await follow(body.schema.link.resource)
    expect(schema.statusCode).toBe(200)
    expect(createHash('md5').update(schema.rawPayload).digest('base64')).toBe(body.schema.checksum)
    expect(schema.json<{ $id: string; required: string[] }>()).toMatchObject({ $id: 'https://schemas.amazon.com/selling-partners/definitions/product-types/schema/v1/SHIRT', required: expect.arrayContaining(['item_name', 'brand']) as unknown })
    const meta = await follow(body.metaSchema.link.resource)
    expect(createHash('md5').update(meta.rawPayload).digest('base64')).toBe(body.metaSchema.checksum)
    expect(meta.json<{ $id: string }>().$id).toBe('https://schemas.amazon.com/selling-partners/definitions/product-types/meta-schema/v1')
  })

  it('serves the real BRACELET schema from the fixtures', async () => {
    const body = (await definition('BRACELET')).json<Definition>()
    const schema = (await follow(body.schema.link.resource)).json<{ properties: Record<string, unknown>; allOf: unknown[] }>()
    expect(Object.keys(schema.properties).length).toBeGreaterThan(150)
    expect(body.propertyGroups.variations?.propertyNames).toEqual(['parentage_level', 'child_parent_sku_relationship', 'variation_theme'])
    expect(Object.values(body.propertyGroups).flatMap((group) => group.propertyNames).sort()).toEqual(Object.keys(schema.properties).sort())
  })

  it('serves the schema without requirements for requirementsEnforced=NOT_ENFORCED', async () => {
    const body = (await definition('SHIRT', `marketplaceIds=${US}&requirementsEnforced=NOT_ENFORCED&requirements=LISTING_OFFER_ONLY&locale=en_GB`)).json<Definition>()
    expect(body).toMatchObject({ requirementsEnforced: 'NOT_ENFORCED', requirements: 'LISTING_OFFER_ONLY', locale: 'en_GB' })
    const schema = (await follow(body.schema.link.resource)).json<{ required?: string[]; allOf: { then?: { required?: string[] } }[] }>()
    expect(schema.required).toBeUndefined()
    expect(schema.allOf.filter((rule) => rule.then?.required !== undefined)).toEqual([])
  })

  it('answers 404 for an unknown product type or version and 400 for an unknown locale', async () => {
    const unknown = await definition('SPACESHIP')
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toEqual({ errors: [{ code: 'NOT_FOUND', message: "Product type 'SPACESHIP' not found." }] })
    expect((await definition('SHIRT', `marketplaceIds=${US}&productTypeVersion=U0000000000=`)).statusCode).toBe(404)
    expect((await definition('SHIRT', `marketplaceIds=${US}&locale=xx_XX`)).statusCode).toBe(400)
  })

  it('accepts its own version and serves a new one when an attribute becomes required', async () => {
    const before = (await definition('SHIRT')).json<Definition>()
    expect((await definition('SHIRT', `marketplaceIds=${US}&productTypeVersion=${encodeURIComponent(before.productTypeVersion.version)}`)).statusCode).toBe(200)
    const fault = await sim.app.inject({ method: 'POST', url: '/_sim/faults', payload: { type: 'required-attribute', productType: 'SHIRT', attribute: 'style' } })
    expect(fault.statusCode).toBe(201)
    const after = (await definition('SHIRT')).json<Definition>()
    expect(after.schema.checksum).not.toBe(before.schema.checksum)
    expect(after.productTypeVersion.version).not.toBe(before.productTypeVersion.version)
    expect((await follow(after.schema.link.resource)).json<{ required: string[] }>().required).toContain('style')
    await sim.app.inject({ method: 'DELETE', url: '/_sim/faults' })
    expect((await definition('SHIRT')).json<Definition>().schema.checksum).toBe(before.schema.checksum)
  })
})
