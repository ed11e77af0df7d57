import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { runMappings } from '../commands/mappings.js'

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const MAPPINGS = join(ROOT, 'mappings')
const INVALID = join(ROOT, 'packages/mapping/src/test-support/invalid-manifest.json')

/** Runs `mappings check` in-process; returns its exit code and report. */
async function check(files: string[], mappingsDir = MAPPINGS): Promise<{ code: number; lines: string[] }> {
  let text = ''
  const code = await runMappings(['check', ...files], { MAPPINGS_DIR: mappingsDir }, (chunk) => {
    text += chunk
  })
  return { code, lines: text.trimEnd().split('\n') }
}

function mappingsCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mappings-check-'))
  cpSync(MAPPINGS, dir, { recursive: true })
  return dir
}

describe('listing-sync mappings check', () => {
  it('passes every shipped manifest of MAPPINGS_DIR, saying what each maps, and exits 0', async () => {
    const { code, lines } = await check([])
    const expected = ['amazon', 'b2b'].map((marketplace) => {
      const manifest = JSON.parse(readFileSync(join(MAPPINGS, `${marketplace}.json`), 'utf8')) as { version: string; rules: unknown[]; productType: { default: string } }
      return expect.stringMatching(new RegExp(`^OK +${join(MAPPINGS, `${marketplace}.json`).replace(ROOT, '').replace(/\./g, '\\.')}: ${marketplace} ${manifest.version.replace(/\./g, '\\.')}, ${manifest.rules.length} rules, product types: .*${manifest.productType.default}`)) as unknown
    })
    expect(lines).toEqual([...expected, '2 manifests OK'])
    expect(code).toBe(0)
  }, 60_000)

  it('reports every problem of the invalid manifest with its JSON path and offending value, and exits 1', async () => {
    const { code, lines } = await check([INVALID])
    expect(code).toBe(1)
    expect(lines[0]).toMatch(/^FAIL +.*invalid-manifest\.json: 14 problems$/)
    expect(lines.slice(1, -1)).toEqual([
      '  /productType/rules/0/when: needs one of id, name, path (value: {"type":"category"})',
      '  /rules/0/transforms/0/max: must be >= 1 (value: 0)',
      expect.stringMatching(/^ {2}\/rules\/1\/transforms\/0\/type: unknown transform "shout"; known transforms: trim, .* \(value: "shout"\)$/),
      expect.stringMatching(/^ {2}\/rules\/2\/from: unknown root "title": .* \(value: "title"\)$/),
      '  /rules/2/target: duplicate target: /rules/0 also writes attributes.item_name (value: "attributes.item_name")',
      expect.stringMatching(/^ {2}\/rules\/3\/expr: JSONata does not compile: .* \(value: "attributes\.color\.labels\[0"\)$/),
      '  /rules/4/transforms/0/to: cannot convert length (in) into weight (kg) (value: "kg")',
      '  /rules/5/colour: is not allowed here (value: "red")',
      '  /rules/5/from: unknown constant "nope"; constants: marketplaceId (value: "$constants.nope")',
      '  /rules/6/transforms/0/min: min (10) must be <= max (1) (value: 10)',
      expect.stringMatching(/^ {2}\/rules\/6\/when: JSONata does not compile: .* \(value: "\$number\(price\.amount\) >"\)$/),
      '  /rules/7/required: must be boolean (value: "yes")',
      '  /validation/productTypeSchemas: product type PRODUCT can be selected but has no schema file (value: "PRODUCT")',
      expect.stringMatching(/^ {2}\/version: must match pattern .* \(value: "1\.0"\)$/),
    ])
    expect(lines.at(-1)).toBe('1 of 1 manifest with problems')
  })

  it('checks only the files it is given, and fails the run when one of them fails', async () => {
    const { code, lines } = await check([join(MAPPINGS, 'b2b.json'), INVALID])
    expect(lines[0]).toMatch(/^OK +.*b2b\.json: b2b /)
    expect(lines[1]).toMatch(/^FAIL +.*invalid-manifest\.json/)
    expect(lines.at(-1)).toBe('1 of 2 manifests with problems')
    expect(code).toBe(1)
  })

  it('reports a product type schema file the manifest names but that is missing', async () => {
    const dir = mappingsCopy()
    rmSync(join(dir, 'product-types/SHORTS.json'))
    const { code, lines } = await check([], dir)
    expect(code).toBe(1)
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^FAIL +.*amazon\.json: 1 problem$/),
        expect.stringMatching(/^ {2}\/validation\/productTypeSchemas\/SHORTS: cannot load the product type schema: ENOENT.* \(value: "product-types\/SHORTS\.json"\)$/),
        expect.stringMatching(/^OK +.*b2b\.json: b2b /),
      ]),
    )
  }, 60_000)

  it('reports two manifests of one folder that map the same marketplace', async () => {
    const dir = mappingsCopy()
    writeFileSync(join(dir, 'b2b-copy.json'), readFileSync(join(dir, 'b2b.json')))
    const { code, lines } = await check([join(dir, 'b2b-copy.json'), join(dir, 'b2b.json')])
    expect(lines.slice(0, 3)).toEqual([expect.stringMatching(/^OK +.*b2b-copy\.json: b2b /), expect.stringMatching(/^FAIL +.*\/b2b\.json: 1 problem$/), '  /marketplace: b2b-copy.json in the same folder maps this marketplace too (value: "b2b")'])
    expect(code).toBe(1)
  })

  it('answers an unknown subcommand with its usage and exit code 2', async () => {
    expect(await runMappings(['lint'], {}, () => undefined)).toBe(2)
  })

  it('exits non-zero from the command line when a manifest has a problem', async () => {
    const error = await promisify(execFile)(process.execPath, [join(ROOT, 'packages/cli/bin/listing-sync.js'), 'mappings', 'check', INVALID], { cwd: ROOT }).then(
      () => undefined,
      (failure: { code: number; stdout: string }) => failure,
    )
    expect(error?.code).toBe(1)
    expect(error?.stdout).toContain('/rules/5/colour: is not allowed here (value: "red")')
  }, 60_000)
})
