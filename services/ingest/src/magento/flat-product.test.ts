import { describe, expect, it } from 'vitest'
import { isAppError, LS_ERR_INGEST_INVALID_PAYLOAD } from '@listing-sync/errors'
import { flatToRestProduct } from './flat-product.js'
import { readFixture } from './test-fixtures.js'

const flatProduct = () =>
  (readFixture('adobe-commerce/io-events/observer.catalog_product_save_after.full-payload.json') as { event: { data: { value: Record<string, unknown> } } }).event.data.value

describe('flatToRestProduct', () => {
  it('converts the real model data into the REST shape', () => {
    const product = flatToRestProduct(flatProduct())
    expect(product).toMatchObject({
      id: 3,
      sku: 'test2',
      name: 'test2',
      attribute_set_id: 4,
      price: 123,
      status: 1,
      visibility: 4,
      type_id: 'simple',
      created_at: '2022-07-28 14:13:40',
      updated_at: '2022-09-06 20:37:25',
      extension_attributes: { website_ids: [1], stock_item: { qty: 333, is_in_stock: true, item_id: 3, product_id: 3, stock_id: 1 } },
      media_gallery_entries: [],
    })
    // manage_stock follows the store config (use_config_manage_stock = 1): not knowable from the data.
    expect(product.extension_attributes?.stock_item?.manage_stock).toBeUndefined()
    expect(product.custom_attributes).toContainEqual({ attribute_code: 'category_ids', value: ['4'] })
  })

  it('keeps transient and internal keys out of the custom attributes', () => {
    const codes = flatToRestProduct(flatProduct()).custom_attributes!.map((a) => a.attribute_code)
    for (const internal of [
      '_edit_mode',
      'store_id',
      'entity_id',
      'has_options',
      'required_options',
      'row_id',
      'created_in',
      'updated_in',
      'options_container',
      'is_changed_categories',
      'is_changed_websites',
      'force_reindex_eav_required',
      'special_from_date_is_formated',
      'can_save_custom_options',
      'can_save_bundle_selections',
      'current_product_id',
      'current_store_id',
      'affect_product_custom_options',
      'use_config_gift_message_available',
      'quantity_and_stock_status',
      'stock_data',
      'media_gallery',
      'tier_price',
      'options',
      'is_salable',
    ]) {
      expect(codes, internal).not.toContain(internal)
    }
    expect(codes).toEqual(expect.arrayContaining(['url_key', 'meta_title', 'tax_class_id', 'gift_message_available', 'page_layout', 'category_ids']))
  })

  it('reads website_ids as a checked-map or a list, dropping unchecked websites', () => {
    expect(flatToRestProduct({ sku: 'S', website_ids: { '1': '1', '2': '0', '3': 1 } }).extension_attributes?.website_ids).toEqual([1, 3])
    expect(flatToRestProduct({ sku: 'S', website_ids: ['1', 2] }).extension_attributes?.website_ids).toEqual([1, 2])
  })

  it('falls back to quantity_and_stock_status and honours a manage_stock that does not follow the config', () => {
    expect(flatToRestProduct({ sku: 'S', quantity_and_stock_status: { qty: '4', is_in_stock: '0' } }).extension_attributes?.stock_item).toEqual({ qty: 4, is_in_stock: false })
    const item = flatToRestProduct({ sku: 'S', stock_data: { qty: '1', is_in_stock: '1', manage_stock: '0', use_config_manage_stock: '0' } }).extension_attributes?.stock_item
    expect(item).toMatchObject({ manage_stock: false })
  })

  it('converts media_gallery.images with roles from the image attributes and skips removed images', () => {
    const product = flatToRestProduct({
      sku: 'S',
      image: '/a/b/main.jpg',
      thumbnail: '/a/b/main.jpg',
      small_image: 'no_selection',
      media_gallery: {
        images: {
          '12': { value_id: '12', file: '/a/b/main.jpg', media_type: 'image', label: 'Front', position: '1', disabled: '0' },
          '13': { value_id: '13', file: '/a/b/old.jpg', media_type: 'image', label: null, position: '2', disabled: '0', removed: '1' },
          tmp: { file: '/a/b/new.jpg', position: '3', disabled: '1' },
        },
      },
    })
    expect(product.media_gallery_entries).toEqual([
      { id: 12, media_type: 'image', label: 'Front', position: 1, disabled: false, types: ['image', 'thumbnail'], file: '/a/b/main.jpg' },
      { id: undefined, media_type: 'image', label: null, position: 3, disabled: true, types: [], file: '/a/b/new.jpg' },
    ])
  })

  it('leaves lists out that the data did not carry, so partial data stays recognisably partial', () => {
    const product = flatToRestProduct({ sku: 'S', price: '1.000000' })
    expect(product).toEqual({ sku: 'S', price: 1 })
  })

  it('throws every problem with the flat key it came from', () => {
    let caught: unknown
    try {
      flatToRestProduct({ sku: '', entity_id: '-1', quantity_and_stock_status: { qty: 'NaN', is_in_stock: '1' } })
    } catch (error) {
      caught = error
    }
    expect(isAppError(caught, LS_ERR_INGEST_INVALID_PAYLOAD)).toBe(true)
    expect((caught as { details: { path: string; rule: string }[] }).details.map(({ path, rule }) => ({ path, rule }))).toEqual([
      { path: 'entity_id', rule: 'must be an integer >= 0' },
      { path: 'sku', rule: 'must not be empty' },
      { path: 'quantity_and_stock_status.qty', rule: 'must be a number >= 0' },
    ])
  })
})
