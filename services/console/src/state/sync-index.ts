/** What happened to a SKU at one step of the topology. */
export type TraceStage =
  | 'received' // ingest recorded a change from Magento (ingest.magento.changes.v1)
  | 'published' // the canonical product event (catalog.product.v1)
  | 'deleted' // the canonical tombstone
  | 'listed' // the transformer published a listing update (listing.<mkt>.v1)
  | 'replayed' // a dead letter sent back to listing.<mkt>.v1
  | 'invalid' // the transformer could not list it (listing.<mkt>.invalid)
  | 'accepted' // the marketplace accepted it (listing.<mkt>.result.v1)
  | 'rejected' // the marketplace rejected it
  | 'dead-lettered' // the dispatcher gave up on it (listing.<mkt>.dlt)
  | 'discarded' // an operator discarded its inbox entry

/** One step of a SKU's trace, with the record it was read from. */
export interface TraceStep {
  readonly stage: TraceStage
  /** When it happened, ms since the epoch. */
  readonly at: number
  /** null for the steps before the fan-out to marketplaces. */
  readonly marketplace: string | null
  readonly eventId: string | null
  /** A readable line: the source, the operation and reference, or the reasons. */
  readonly detail: string
  readonly payloadHash?: string | null
  /** Submission id (Amazon) or import id (Mirakl). */
  readonly reference?: string | null
  readonly topic: string
  readonly partition: number
  readonly offset: string
}

/** The two inboxes of a marketplace. */
export type InboxKind = 'dlt' | 'invalid'

/** An open failure of one SKU on one marketplace: its newest dead letter or `.invalid` record. */
export interface InboxEntry {
  /** `<topic>/<partition>/<offset>` of the record. */
  readonly id: string
  readonly kind: InboxKind
  readonly marketplace: string
  readonly sku: string
  readonly at: number
  /** Error class (dead letter) or the first problem's rule (invalid). */
  readonly errorClass: string
  /** Every reason, readable. */
  readonly reasons: readonly string[]
  readonly attempts: number
  readonly eventId: string | null
  /** Set once a replay sent it back; the entry closes when the marketplace accepts. */
  replayedAt: number | null
}

/** An operator's discard of an inbox entry. */
export interface Discard {
  readonly id: string
  readonly sku: string
  readonly marketplace: string
  readonly kind: InboxKind
  /** When it was discarded. */
  readonly at: number
  /** When the discarded failure happened. */
  readonly failedAt: number
}

/** Outcomes of one marketplace since the console started reading, for the throughput and error charts. */
export interface OutcomeCounts {
  accepted: number
  rejected: number
  deadLettered: number
  invalid: number
}

/** Steps kept per SKU: enough for its recent history, bounded for 50,000 SKUs. */
const STEPS_PER_SKU = 40

export const entryId = (topic: string, partition: number, offset: string) => `${topic}/${partition}/${offset}`

/**
 * What the console knows, built from the topology's topics: every SKU's recent steps, the open
 * inbox entries per marketplace, and outcome counts over time. It only holds what it was told
 * (see index-feed.ts); steps may arrive in any order across topics and are kept in time order.
 */
export class SyncIndex {
  private readonly steps = new Map<string, TraceStep[]>()
  private readonly inboxes = new Map<string, Map<InboxKind, Map<string, InboxEntry>>>()
  /** Entry ids operators discarded (from the console's own topic). */
  private readonly discarded = new Set<string>()
  /** Per `<marketplace>/<kind>/<sku>`: failures up to this time are discarded. */
  private readonly discardedUntil = new Map<string, number>()
  private readonly totals = new Map<string, OutcomeCounts>()

  constructor(readonly marketplaces: readonly string[]) {
    for (const marketplace of marketplaces) {
      this.inboxes.set(marketplace, new Map<InboxKind, Map<string, InboxEntry>>([['dlt', new Map()], ['invalid', new Map()]]))
      this.totals.set(marketplace, { accepted: 0, rejected: 0, deadLettered: 0, invalid: 0 })
    }
  }

  /** Records a step of a SKU and what it means for the SKU's inbox entries. */
  add(sku: string, step: TraceStep): void {
    let list = this.steps.get(sku)
    if (list === undefined) this.steps.set(sku, (list = []))
    // Kept in time order, so the cap drops the oldest steps, not the first ones read: topics are
    // read side by side, and a SKU's older catalog steps may arrive after its newer listing steps.
    let position = list.length
    while (position > 0 && list[position - 1]!.at > step.at) position--
    list.splice(position, 0, step)
    if (list.length > STEPS_PER_SKU) list.splice(0, list.length - STEPS_PER_SKU)
    if (step.marketplace === null) return
    const counts = this.totals.get(step.marketplace) ?? { accepted: 0, rejected: 0, deadLettered: 0, invalid: 0 }
    const inbox = this.inboxes.get(step.marketplace)
    switch (step.stage) {
      case 'accepted':
        counts.accepted++
        // Delivered after it failed: the failure is resolved.
        this.close(inbox?.get('dlt'), sku, step.at)
        break
      case 'rejected':
        counts.rejected++
        break
      case 'listed':
        // The product maps again: the transformer published it, so it is no longer invalid.
        this.close(inbox?.get('invalid'), sku, step.at)
        break
      case 'replayed': {
        const entry = inbox?.get('dlt')?.get(sku)
        if (entry !== undefined && entry.at <= step.at) entry.replayedAt = step.at
        break
      }
      case 'dead-lettered':
        counts.deadLettered++
        break
      case 'invalid':
        counts.invalid++
        break
      default:
        break
    }
  }

  /** Opens (or replaces with a newer one) the inbox entry of a SKU, unless it was discarded. */
  open(entry: InboxEntry): void {
    if (entry.at <= (this.discardedUntil.get(`${entry.marketplace}/${entry.kind}/${entry.sku}`) ?? -Infinity)) return
    // Topics are read side by side, so what resolved the failure may have been read first.
    const resolvedBy: TraceStage = entry.kind === 'dlt' ? 'accepted' : 'listed'
    const later = (this.steps.get(entry.sku) ?? []).filter((step) => step.marketplace === entry.marketplace && step.at >= entry.at)
    if (later.some((step) => step.stage === resolvedBy)) return
    if (entry.kind === 'dlt') entry.replayedAt = later.find((step) => step.stage === 'replayed')?.at ?? entry.replayedAt
    const inbox = this.inboxes.get(entry.marketplace)?.get(entry.kind)
    const current = inbox?.get(entry.sku)
    if (inbox !== undefined && (current === undefined || current.at <= entry.at)) inbox.set(entry.sku, entry)
  }

  /**
   * An operator discarded an entry: it leaves the inbox and stays out after a restart, with the
   * SKU's older failures of that kind on that marketplace (a newer failure opens a new entry).
   * Discards of marketplaces this console does not show are ignored.
   */
  discard(discard: Discard, position: { readonly topic: string; readonly partition: number; readonly offset: string }): void {
    const { id, sku, marketplace, kind } = discard
    if (this.discarded.has(id) || !this.marketplaces.includes(marketplace)) return
    this.discarded.add(id)
    const key = `${marketplace}/${kind}/${sku}`
    this.discardedUntil.set(key, Math.max(this.discardedUntil.get(key) ?? -Infinity, discard.failedAt))
    const inbox = this.inboxes.get(marketplace)?.get(kind)
    const current = inbox?.get(sku)
    if (current !== undefined && current.at <= discard.failedAt) inbox!.delete(sku)
    this.add(sku, { stage: 'discarded', at: discard.at, marketplace, eventId: null, detail: `inbox entry ${id} discarded`, ...position })
  }

  /** The SKU's steps, oldest first; empty for an unknown SKU. */
  trace(sku: string): TraceStep[] {
    return [...(this.steps.get(sku) ?? [])]
  }

  /** Up to `limit` known SKUs containing `query` (case-insensitive), sorted. */
  findSkus(query: string, limit: number): string[] {
    const needle = query.trim().toLowerCase()
    const found: string[] = []
    for (const sku of this.steps.keys()) {
      if (sku.toLowerCase().includes(needle)) found.push(sku)
    }
    return found.sort().slice(0, limit)
  }

  get skuCount(): number {
    return this.steps.size
  }

  /** Open entries of one inbox (or every inbox of a marketplace), newest first. */
  inbox(marketplace: string, kind?: InboxKind): InboxEntry[] {
    const inboxes = this.inboxes.get(marketplace)
    if (inboxes === undefined) return []
    const kinds: InboxKind[] = kind === undefined ? ['dlt', 'invalid'] : [kind]
    return kinds.flatMap((k) => [...(inboxes.get(k)?.values() ?? [])]).sort((a, b) => b.at - a.at)
  }

  /** Every open entry of every marketplace, newest first. */
  openEntries(): InboxEntry[] {
    return this.marketplaces.flatMap((marketplace) => this.inbox(marketplace)).sort((a, b) => b.at - a.at)
  }

  /** The open entries with these ids. */
  entries(ids: readonly string[]): InboxEntry[] {
    const wanted = new Set(ids)
    return this.marketplaces.flatMap((marketplace) => this.inbox(marketplace).filter((entry) => wanted.has(entry.id)))
  }

  openCount(marketplace: string, kind: InboxKind): number {
    return this.inboxes.get(marketplace)?.get(kind)?.size ?? 0
  }

  /** Outcomes of a marketplace read so far (a copy). */
  outcomeTotals(marketplace: string): OutcomeCounts {
    return { ...(this.totals.get(marketplace) ?? { accepted: 0, rejected: 0, deadLettered: 0, invalid: 0 }) }
  }

  private close(inbox: Map<string, InboxEntry> | undefined, sku: string, at: number): void {
    const entry = inbox?.get(sku)
    if (entry !== undefined && entry.at <= at) inbox!.delete(sku)
  }
}
