import { describe, expect, it } from 'vitest'
import { formatMagentoDate, parseMagentoDate } from './magento-values.js'

describe('formatMagentoDate', () => {
  it("writes Magento's UTC text, dropping milliseconds", () => {
    expect(formatMagentoDate(new Date('2025-07-17T15:48:41.999Z'))).toBe('2025-07-17 15:48:41')
  })

  it('round trips with parseMagentoDate', () => {
    for (const text of ['2026-01-02 03:04:05', '2024-02-29 23:59:59', '1999-12-31 00:00:00']) {
      expect(formatMagentoDate(parseMagentoDate(text)!)).toBe(text)
    }
  })
})
