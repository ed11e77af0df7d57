import type { Kafka, Producer } from 'kafkajs'
import { marketplaceTopicNames, readTopicToEnd, stringHeaders, type AvroRegistry } from '@listing-sync/kafka'
import type { ListingUpdate } from './delivery/marketplace-adapter.js'

/** A record of `listing.<mkt>.dlt`, with the headers the dispatcher wrote read out. */
export interface DeadLetter {
  readonly partition: number
  readonly offset: string
  readonly sku: string
  readonly errorClass: string
  readonly message: string
  readonly attempts: number
  readonly source: { readonly topic: string; readonly partition: number; readonly offset: string }
  readonly deadLetteredAt: Date
  /** The event id the update carried (the ProductChanged it was mapped from). */
  readonly eventId: string | null
  /** The original record's value; undefined headers and value are kept as they came. */
  readonly value: Buffer | null
  readonly headers: Readonly<Record<string, string>>
}

/** Which dead letters to replay: some SKUs, a time range, or all. */
export type ReplaySelection = { readonly skus: readonly string[] } | { readonly from?: Date; readonly to?: Date } | { readonly all: true }

/** What a replay did with each selected SKU. */
export interface ReplayReport {
  /** Sent to `listing.<mkt>.v1` again: still the newest listing of its SKU. */
  readonly replayed: readonly DeadLetter[]
  /** A newer listing of the SKU exists; re-sending this one would overwrite it. */
  readonly superseded: readonly DeadLetter[]
  /** Records that never decoded (poison): nothing to re-send. */
  readonly undecodable: readonly DeadLetter[]
}

/** Every dead letter of a marketplace, oldest first. */
export async function readDeadLetters(kafka: Kafka, marketplace: string): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = []
  await readTopicToEnd(kafka, marketplaceTopicNames(marketplace).deadLetters, (message, partition) => {
    const headers = stringHeaders(message)
    letters.push({
      partition,
      offset: message.offset,
      sku: message.key?.toString() ?? '',
      errorClass: headers['dlt-error-class'] ?? 'unknown',
      message: headers['dlt-error-message'] ?? '',
      attempts: Number(headers['dlt-attempts'] ?? 0),
      source: { topic: headers['dlt-source-topic'] ?? '', partition: Number(headers['dlt-source-partition'] ?? -1), offset: headers['dlt-source-offset'] ?? '' },
      deadLetteredAt: new Date(headers['dlt-timestamp'] ?? Number(message.timestamp)),
      eventId: headers['event-id'] ?? null,
      value: message.value,
      headers,
    })
  })
  return letters.sort((a, b) => a.deadLetteredAt.getTime() - b.deadLetteredAt.getTime())
}

/**
 * Sends selected dead letters back to `listing.<mkt>.v1` for the dispatcher to deliver again, the
 * newest one per SKU, and only when it is still the newest listing of its SKU: a replay never
 * overwrites what the transformer published since. The record goes back byte for byte, with its
 * original headers and `replay-of` naming the dead letter.
 */
export async function replayDeadLetters(kafka: Kafka, registry: AvroRegistry, producer: Producer, marketplace: string, selection: ReplaySelection): Promise<ReplayReport> {
  const topics = marketplaceTopicNames(marketplace)
  const newestBySku = new Map<string, DeadLetter>()
  for (const letter of (await readDeadLetters(kafka, marketplace)).filter((candidate) => selected(candidate, selection))) newestBySku.set(letter.sku, letter)
  const undecodable: DeadLetter[] = []
  const wanted = new Map<string, { letter: DeadLetter; update: ListingUpdate }>()
  for (const letter of newestBySku.values()) {
    try {
      if (letter.value === null) throw new Error('no value')
      wanted.set(letter.sku, { letter, update: await registry.decode<ListingUpdate>(letter.value) })
    } catch {
      undecodable.push(letter)
    }
  }
  // The newest listing of each wanted SKU, from one read of the compacted listing topic.
  const current = new Map<string, string>()
  if (wanted.size > 0) {
    await readTopicToEnd(kafka, topics.listings, async (message) => {
      const sku = message.key?.toString()
      if (sku === undefined || !wanted.has(sku) || message.value === null) return
      try {
        current.set(sku, (await registry.decode<ListingUpdate>(message.value)).sourceEventId)
      } catch {
        // A poison record on the listing topic says nothing about the SKU's newest listing.
      }
    })
  }
  const replayed: DeadLetter[] = []
  const superseded: DeadLetter[] = []
  const messages = []
  for (const { letter, update } of wanted.values()) {
    if (current.get(letter.sku) !== update.sourceEventId) {
      superseded.push(letter)
      continue
    }
    const headers = Object.fromEntries(Object.entries(letter.headers).filter(([name]) => !name.startsWith('dlt-')))
    messages.push({ key: letter.sku, value: letter.value, headers: { ...headers, 'replay-of': `${topics.deadLetters}/${letter.partition}/${letter.offset}` } })
    replayed.push(letter)
  }
  if (messages.length > 0) await producer.send({ topic: topics.listings, acks: -1, messages })
  return { replayed, superseded, undecodable }
}

function selected(letter: DeadLetter, selection: ReplaySelection): boolean {
  if ('all' in selection) return true
  if ('skus' in selection) return selection.skus.includes(letter.sku)
  const time = letter.deadLetteredAt.getTime()
  return (selection.from === undefined || time >= selection.from.getTime()) && (selection.to === undefined || time <= selection.to.getTime())
}
