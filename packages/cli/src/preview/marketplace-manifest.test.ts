import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { LS_ERR_MAPPING_DUPLICATE_MARKETPLACE, LS_ERR_MAPPING_MANIFEST_INVALID, LS_ERR_MAPPING_MARKETPLACE_UNKNOWN } from '@listing-sync/errors'
import { loadMarketplaceMapping } from './marketplace-manifest.js'

const MAPPINGS = fileURLToPath(new URL('../../../../mappings/', import.meta.url))
const INVALID = fileURLToPath(new URL('../../../mapping/src/test-support/invalid-manifest.json', import.meta.url))

describe('loadMarketplaceMapping', () => {
  it('loads the validated mapping of the marketplace a manifest names', async () => {
    const mapping = await loadMarketplaceMapping(MAPPINGS, 'b2b')
    expect(mapping.marketplace).toBe('b2b')
    expect(mapping.productTypes).toContain('bags')
  })

  it('refuses an unknown marketplace, listing the known ones', async () => {
    await expect(loadMarketplaceMapping(MAPPINGS, 'ebay')).rejects.toThrow(
      expect.objectContaining({ code: LS_ERR_MAPPING_MARKETPLACE_UNKNOWN.definition.code, message: expect.stringMatching(/no manifest for marketplace ebay in .*; known marketplaces: amazon, b2b$/) as unknown }),
    )
  })

  it('refuses a marketplace whose manifest is invalid, with every problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preview-manifest-'))
    copyFileSync(INVALID, join(dir, 'amazon.json'))
    const error = await loadMarketplaceMapping(dir, 'amazon').catch((failure: unknown) => failure)
    expect(error).toMatchObject({ code: LS_ERR_MAPPING_MANIFEST_INVALID.definition.code, message: expect.stringContaining('/rules/5/colour: is not allowed here') as unknown })
    expect((error as { details: unknown[] }).details).toHaveLength(14)
  })

  it('names a manifest that is not JSON after its file, so asking for it shows why it does not load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preview-manifest-'))
    writeFileSync(join(dir, 'amazon.json'), '{ "marketplace": ')
    await expect(loadMarketplaceMapping(dir, 'amazon')).rejects.toThrow(expect.objectContaining({ code: LS_ERR_MAPPING_MANIFEST_INVALID.definition.code }))
  })

  it('refuses a marketplace two manifests of the folder map', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preview-manifest-'))
    for (const name of ['b2b.json', 'b2b-old.json']) writeFileSync(join(dir, name), JSON.stringify({ marketplace: 'b2b' }))
    await expect(loadMarketplaceMapping(dir, 'b2b')).rejects.toThrow(expect.objectContaining({ code: LS_ERR_MAPPING_DUPLICATE_MARKETPLACE.definition.code }))
  })
})
