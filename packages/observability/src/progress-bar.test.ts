import { describe, expect, it } from 'vitest'
import { progressBar } from './progress-bar.js'

describe('progressBar', () => {
  it('fills the share that is done', () => {
    expect(progressBar(0.5, 10)).toBe('[#####.....]')
    expect(progressBar(1, 4)).toBe('[####]')
  })

  it('stays within its width for fractions outside 0..1 and for nothing to do', () => {
    expect(progressBar(1.7, 4)).toBe('[####]')
    expect(progressBar(-1, 4)).toBe('[....]')
    expect(progressBar(0 / 0, 4)).toBe('[....]')
  })
})
