import type { ImportTracker } from '../imports/import-tracker.js'
import type { OfferImport, ProductImport } from '../imports/import-types.js'

/** OF02's answer (`OF02_Response_200`) for an offer import at `now`. */
export function offerImportView(tracker: ImportTracker, offerImport: OfferImport, now: number): Record<string, unknown> {
  const status = tracker.offerStatus(offerImport, now)
  const result = offerImport.result
  // Before processing, a running import has read its lines and holds them pending.
  const pending = status === 'RUNNING' ? offerImport.offers.length : 0
  return {
    date_created: new Date(offerImport.createdAt).toISOString(),
    has_error_report: result?.errorReport !== undefined,
    import_id: offerImport.importId,
    lines_in_error: result?.linesInError ?? 0,
    lines_in_pending: pending,
    lines_in_success: result?.linesInSuccess ?? 0,
    lines_read: result?.linesRead ?? pending,
    mode: 'NORMAL',
    offer_deleted: result?.deleted ?? 0,
    offer_inserted: result?.inserted ?? 0,
    offer_updated: result?.updated ?? 0,
    ...(result?.reasonStatus ? { reason_status: result.reasonStatus } : {}),
    status,
  }
}

/** P42's answer (`P42_Response_200`) for a product import at `now`. */
export function productImportView(tracker: ImportTracker, productImport: ProductImport, now: number): Record<string, unknown> {
  const status = tracker.productStatus(productImport, now)
  const result = productImport.result
  // "Value is filled when the import status is COMPLETE" (has_error_report, has_new_product_report).
  const complete = status === 'COMPLETE'
  return {
    date_created: new Date(productImport.createdAt).toISOString(),
    has_error_report: complete && result?.errorReport !== undefined,
    has_new_product_report: complete && result?.newProductReport !== undefined,
    has_transformation_error_report: false,
    has_transformed_file: false,
    import_id: productImport.importId,
    import_status: status,
    ...(complete && result
      ? {
          integration_details: {
            invalid_products: result.linesInError,
            products_not_accepted_in_time: 0,
            products_not_synchronized_in_time: 0,
            products_reimported: 0,
            products_successfully_synchronized: result.linesInSuccess,
            products_with_synchronization_issues: 0,
            products_with_wrong_identifiers: 0,
            rejected_products: 0,
          },
        }
      : {}),
    ...(result?.reasonStatus ? { reason_status: result.reasonStatus } : {}),
    shop_id: productImport.shopId,
    transform_lines_in_error: result?.linesInError ?? 0,
    transform_lines_in_success: result?.linesInSuccess ?? 0,
    transform_lines_read: result?.linesRead ?? 0,
    transform_lines_with_warning: 0,
  }
}
