/** OF02 `status` values the simulator reaches (WAITING_SYNCHRONIZATION_PRODUCT needs OF01 with products). */
export type OfferImportStatus = 'WAITING' | 'RUNNING' | 'COMPLETE' | 'FAILED'

/** P42 `import_status` values the simulator reaches (the TRANSFORMATION_* ones need the Catalog Transformer). */
export type ProductImportStatus = 'WAITING' | 'RUNNING' | 'SENT' | 'COMPLETE' | 'FAILED'

/** Counts and reports of a processed offer import. */
export interface OfferImportResult {
  readonly status: 'COMPLETE' | 'FAILED'
  readonly reasonStatus?: string
  readonly linesRead: number
  readonly linesInSuccess: number
  readonly linesInError: number
  readonly inserted: number
  readonly updated: number
  /** Updates that left the offer exactly as it was: writes that changed nothing (duplicates). */
  readonly unchanged: number
  readonly deleted: number
  /** OF03's CSV, when lines were rejected. */
  readonly errorReport?: string
}

/** An OF24 call: its lines, and its result once processed. */
export interface OfferImport {
  readonly kind: 'offers'
  readonly importId: number
  readonly shopId: number
  readonly createdAt: number
  readonly runningAt: number
  readonly doneAt: number
  readonly offers: readonly Readonly<Record<string, unknown>>[]
  /** Identifies an identical request (same shop, same body) while this one waits. */
  readonly fingerprint: string
  result?: OfferImportResult
}

/** One product line of a P41 file, as read: its line number and cells by column. */
export interface ProductRow {
  readonly line: number
  readonly cells: readonly string[]
  readonly values: Readonly<Record<string, string>>
}

/** The file check of a product import (done when it turns SENT) and its integration (COMPLETE). */
export interface ProductImportResult {
  readonly status: 'SENT' | 'COMPLETE' | 'FAILED'
  readonly reasonStatus?: string
  readonly header: readonly string[]
  readonly linesRead: number
  readonly linesInSuccess: number
  readonly linesInError: number
  /** Lines that passed the checks, integrated at COMPLETE. */
  readonly accepted: readonly ProductRow[]
  /** P44's CSV, when lines were rejected. */
  readonly errorReport?: string
  /** P45's CSV, once integrated, when products were added. */
  readonly newProductReport?: string
  readonly added?: number
  readonly updated?: number
}

/** A P41 call: the uploaded file, and its result as it is processed. */
export interface ProductImport {
  readonly kind: 'products'
  readonly importId: number
  readonly shopId: number
  readonly createdAt: number
  readonly runningAt: number
  readonly sentAt: number
  readonly doneAt: number
  readonly file: { readonly filename?: string; readonly content: Buffer }
  result?: ProductImportResult
}

export type AnyImport = OfferImport | ProductImport
