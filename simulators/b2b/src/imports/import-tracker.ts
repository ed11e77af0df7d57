import type { AnyImport, OfferImport, OfferImportResult, OfferImportStatus, ProductImport, ProductImportResult, ProductImportStatus } from './import-types.js'

/** What processes imports when their time comes; `at` is that time (ms), not the time it is observed. */
export interface ImportProcessors {
  processOffers(offerImport: OfferImport, at: number): OfferImportResult
  /** Reads and checks a product file (the end of RUNNING). */
  checkProducts(productImport: ProductImport, at: number): ProductImportResult
  /** Integrates the accepted products (the end of SENT). */
  integrateProducts(productImport: ProductImport, at: number): ProductImportResult
}

/**
 * Imports and their lifecycle. Each lifecycle step lasts `stepMs`: an offer import is WAITING,
 * then RUNNING, then COMPLETE; a product import WAITING, RUNNING, SENT, then COMPLETE. A shop's
 * imports of one kind run one after the other, as Mirakl queues them. Processing is lazy and
 * deterministic: `advance(now)` runs, in time order, every step due by `now`, each at its own time.
 */
export class ImportTracker {
  private imports = new Map<number, AnyImport>()
  private pending: AnyImport[] = []
  private queueEnds = new Map<string, number>()

  constructor(
    private readonly stepMs: number,
    private readonly processors: ImportProcessors,
  ) {}

  addOffers(importId: number, shopId: number, offers: OfferImport['offers'], fingerprint: string, now: number): OfferImport {
    const runningAt = Math.max(now + this.stepMs, this.queueEnd(shopId, 'offers'))
    const created: OfferImport = { kind: 'offers', importId, shopId, createdAt: now, runningAt, doneAt: runningAt + this.stepMs, offers, fingerprint }
    return this.track(created, created.doneAt)
  }

  addProducts(importId: number, shopId: number, file: ProductImport['file'], now: number): ProductImport {
    const runningAt = Math.max(now + this.stepMs, this.queueEnd(shopId, 'products'))
    const sentAt = runningAt + this.stepMs
    const created: ProductImport = { kind: 'products', importId, shopId, createdAt: now, runningAt, sentAt, doneAt: sentAt + this.stepMs, file }
    return this.track(created, created.doneAt)
  }

  /** An offer import of the shop with the same fingerprint that has not started yet. */
  waitingDuplicate(shopId: number, fingerprint: string, now: number): OfferImport | undefined {
    return this.pending.find((candidate): candidate is OfferImport => candidate.kind === 'offers' && candidate.shopId === shopId && candidate.fingerprint === fingerprint && now < candidate.runningAt)
  }

  /** An import of a shop, by id. */
  get(importId: number, shopId: number): AnyImport | undefined {
    const found = this.imports.get(importId)
    return found?.shopId === shopId ? found : undefined
  }

  all(): AnyImport[] {
    return [...this.imports.values()]
  }

  /** Runs every step due by `now`, oldest first. */
  advance(now: number): void {
    for (;;) {
      let next: { item: AnyImport; at: number } | undefined
      for (const item of this.pending) {
        const at = this.nextStepAt(item)
        if (at <= now && (!next || at < next.at || (at === next.at && item.importId < next.item.importId))) next = { item, at }
      }
      if (!next) return
      this.runStep(next.item, next.at)
    }
  }

  offerStatus(offerImport: OfferImport, now: number): OfferImportStatus {
    if (offerImport.result) return offerImport.result.status
    return now < offerImport.runningAt ? 'WAITING' : 'RUNNING'
  }

  productStatus(productImport: ProductImport, now: number): ProductImportStatus {
    if (productImport.result) return productImport.result.status
    return now < productImport.runningAt ? 'WAITING' : 'RUNNING'
  }

  reset(): void {
    this.imports.clear()
    this.pending = []
    this.queueEnds.clear()
  }

  private track<T extends AnyImport>(item: T, doneAt: number): T {
    this.imports.set(item.importId, item)
    this.pending.push(item)
    this.queueEnds.set(`${item.shopId}/${item.kind}`, doneAt)
    return item
  }

  private queueEnd(shopId: number, kind: AnyImport['kind']): number {
    return this.queueEnds.get(`${shopId}/${kind}`) ?? 0
  }

  private nextStepAt(item: AnyImport): number {
    if (item.kind === 'offers') return item.doneAt
    return item.result === undefined ? item.sentAt : item.doneAt
  }

  private runStep(item: AnyImport, at: number): void {
    if (item.kind === 'offers') {
      item.result = this.processors.processOffers(item, at)
    } else if (item.result === undefined) {
      item.result = this.processors.checkProducts(item, at)
    } else {
      item.result = this.processors.integrateProducts(item, at)
    }
    if (item.result.status !== 'SENT') this.pending = this.pending.filter((candidate) => candidate !== item)
  }
}
