import type { Kafka, Producer } from 'kafkajs'
import { loadMarketplaceMapping } from '@listing-sync/cli/preview'
import { replayDeadLetters } from '@listing-sync/dispatcher'
import { CONSOLE_DISCARDS_TOPIC, type AvroRegistry } from '@listing-sync/kafka'
import type { Logger } from '@listing-sync/observability'
import type { PipelineConfig } from '@listing-sync/service'
import { resyncMarketplace } from '@listing-sync/transformer'
import type { InboxEntry, SyncIndex } from '../state/sync-index.js'

/** What an action did, in words for the page and in numbers for scripts. */
export interface ActionReport {
  readonly message: string
  readonly done: number
  readonly skipped: number
}

/** What the actions need. */
export interface InboxActionsOptions {
  readonly kafka: Kafka
  readonly registry: AvroRegistry
  readonly producer: Producer
  readonly index: SyncIndex
  /** Schema id of console/inbox-discard.avsc. */
  readonly discardSchemaId: number
  readonly pipeline: PipelineConfig
  readonly mappingsDir: string
  readonly log: Logger
}

/**
 * Replay and discard of inbox entries. Each uses the one implementation the CLI uses too: a dead
 * letter goes back through `replayDeadLetters` (only while it is still its SKU's newest listing), a
 * `.invalid` product is re-mapped with the current manifest by the transformer's resync, limited to
 * the selected SKUs. A discard is recorded on the console's compacted topic.
 */
export class InboxActions {
  constructor(private readonly options: InboxActionsOptions) {}

  async replay(entries: readonly InboxEntry[]): Promise<ActionReport> {
    const { kafka, registry, producer, log } = this.options
    const lines: string[] = []
    let done = 0
    let skipped = 0
    for (const [marketplace, kinds] of groupEntries(entries)) {
      const deadLetters = kinds.get('dlt') ?? []
      if (deadLetters.length > 0) {
        const report = await replayDeadLetters(kafka, registry, producer, marketplace, { skus: deadLetters.map((entry) => entry.sku) })
        done += report.replayed.length
        skipped += report.superseded.length + report.undecodable.length
        lines.push(
          `${marketplace}: ${report.replayed.length} dead letter(s) sent back for delivery` +
            (report.superseded.length > 0 ? `, ${report.superseded.length} not replayed: a newer listing exists (${names(report.superseded)})` : '') +
            (report.undecodable.length > 0 ? `, ${report.undecodable.length} undecodable: nothing to send (${names(report.undecodable)})` : ''),
        )
      }
      const invalid = kinds.get('invalid') ?? []
      if (invalid.length > 0) {
        const mapping = await loadMarketplaceMapping(this.options.mappingsDir, marketplace)
        const summary = await resyncMarketplace(this.options.pipeline, mapping, { log, skus: new Set(invalid.map((entry) => entry.sku)) })
        done += summary.read
        lines.push(`${marketplace}: ${summary.read} product(s) re-mapped with manifest ${summary.manifestVersion}: ${summary.outcomes.published} published, ${summary.outcomes.invalid} still invalid, ${summary.outcomes.unchanged} unchanged`)
      }
    }
    log.info({ event: { action: 'console-replay' }, entries: entries.length, done, skipped }, 'inbox replay')
    return { message: lines.join('. ') || 'nothing selected', done, skipped }
  }

  async discard(entries: readonly InboxEntry[]): Promise<ActionReport> {
    const { producer, registry, index, discardSchemaId, log } = this.options
    if (entries.length === 0) return { message: 'nothing selected', done: 0, skipped: 0 }
    const discardedAt = new Date()
    const messages = await Promise.all(
      entries.map(async (entry) => ({
        key: entry.id,
        value: await registry.encode(discardSchemaId, { entryId: entry.id, marketplace: entry.marketplace, sku: entry.sku, kind: entry.kind, discardedAt, failedAt: new Date(entry.at) }),
      })),
    )
    const [written] = await producer.send({ topic: CONSOLE_DISCARDS_TOPIC, acks: -1, messages })
    // Applied at once, so the page that follows shows it; the feed reading the record back changes nothing more.
    entries.forEach((entry, i) => {
      const { id, sku, marketplace, kind, at: failedAt } = entry
      index.discard({ id, sku, marketplace, kind, at: discardedAt.getTime(), failedAt }, { topic: CONSOLE_DISCARDS_TOPIC, partition: written!.partition, offset: String(BigInt(written!.baseOffset ?? '0') + BigInt(i)) })
    })
    log.info({ event: { action: 'console-discard' }, entries: entries.map((entry) => entry.id) }, 'inbox entries discarded')
    return { message: `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} discarded`, done: entries.length, skipped: 0 }
  }
}

function groupEntries(entries: readonly InboxEntry[]): Map<string, Map<InboxEntry['kind'], InboxEntry[]>> {
  const groups = new Map<string, Map<InboxEntry['kind'], InboxEntry[]>>()
  for (const entry of entries) {
    let kinds = groups.get(entry.marketplace)
    if (kinds === undefined) groups.set(entry.marketplace, (kinds = new Map<InboxEntry['kind'], InboxEntry[]>()))
    kinds.set(entry.kind, [...(kinds.get(entry.kind) ?? []), entry])
  }
  return groups
}

const names = (letters: readonly { sku: string }[]) => letters.slice(0, 5).map((letter) => letter.sku).join(', ') + (letters.length > 5 ? ', …' : '')
