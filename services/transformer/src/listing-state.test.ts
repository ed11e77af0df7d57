import { describe, expect, it } from 'vitest'
import { ListingState } from './listing-state.js'

describe('ListingState', () => {
  it('keeps one entry per marketplace and SKU', () => {
    const state = new ListingState()
    state.set('amazon', 'MH01', { state: 'a', magentoUpdatedAt: 1 })
    state.set('b2b', 'MH01', { state: 'INVALID', magentoUpdatedAt: 2 })
    state.set('amazon', 'MH01', { state: 'b', magentoUpdatedAt: 3 })
    expect(state.get('amazon', 'MH01')).toEqual({ state: 'b', magentoUpdatedAt: 3 })
    expect(state.get('b2b', 'MH01')).toEqual({ state: 'INVALID', magentoUpdatedAt: 2 })
    expect(state.get('amazon', 'MH02')).toBeUndefined()
    expect(state.get('other', 'MH01')).toBeUndefined()
    expect(state.size).toBe(2)
  })

  it('past its bound drops the entry of the marketplace written first, and only that one', () => {
    const state = new ListingState(2)
    state.set('amazon', 'A', { state: 'a', magentoUpdatedAt: 1 })
    state.set('amazon', 'B', { state: 'b', magentoUpdatedAt: 1 })
    state.set('b2b', 'A', { state: 'a', magentoUpdatedAt: 1 })
    state.set('amazon', 'B', { state: 'b2', magentoUpdatedAt: 2 })
    expect(state.size).toBe(3)
    state.set('amazon', 'C', { state: 'c', magentoUpdatedAt: 1 })
    expect(state.get('amazon', 'A')).toBeUndefined()
    expect(state.get('amazon', 'B')).toEqual({ state: 'b2', magentoUpdatedAt: 2 })
    expect(state.get('amazon', 'C')).toEqual({ state: 'c', magentoUpdatedAt: 1 })
    expect(state.get('b2b', 'A')).toEqual({ state: 'a', magentoUpdatedAt: 1 })
    expect(state.size).toBe(3)
  })
})
