// The consistency checker of issue 8: after a scenario settles, is every marketplace simulator equal
// to the mapping of Magento's current catalog? Scenarios call checkConsistency; `npm run bench --
// consistency` runs it against the `npm start` stack (consistency-bench.ts).
import type { Kafka } from 'kafkajs'
import { loadMarketplaceMapping } from '@listing-sync/cli/preview'
import { createMagentoNormalisation, type MagentoStoreConfig } from '@listing-sync/ingest'
import type { AvroRegistry } from '@listing-sync/kafka'
import type { MarketplaceMapping } from '@listing-sync/mapping'
import type { Logger } from '@listing-sync/observability'
import { readAmazonListings, type AmazonListingsScope } from './amazon-listings.js'
import { readB2bListings, type B2bListingsScope } from './b2b-listings.js'
import { readListingReasons, type ListingReasons } from './listing-reasons.js'
import { readMagentoCatalog, type CatalogEntry } from './magento-catalog.js'
import type { MarketplaceListings } from './marketplace-listings.js'

/**
 * How one SKU stands on one marketplace:
 * - consistent: listed exactly as the mapping of Magento's current product says;
 * - stale: listed, but differently;
 * - missing: should be listed and is not, with no reason on the topics (or cannot be listed and
 *   no reason was recorded on listing.<mkt>.invalid);
 * - explained: not listed, and the topics say why (a rejection on .invalid, or the dead letter of
 *   the SKU's newest update);
 * - unexpected: listed, though deleted in Magento or the mapping cannot list it.
 */
export type ConsistencyClass = 'consistent' | 'stale' | 'missing' | 'explained' | 'unexpected'

export const CONSISTENCY_CLASSES: readonly ConsistencyClass[] = ['consistent', 'stale', 'missing', 'explained', 'unexpected']

/** One SKU that is not consistent, for a person to look at. */
export interface ConsistencyFinding {
  readonly sku: string
  /** Stale: where the listing differs, first ones only. */
  readonly paths?: readonly string[]
  /** Stale: the same as lines, `~ path: held -> expected`. */
  readonly differences?: readonly string[]
  readonly reason?: string
}

/** One marketplace's verdict. */
export interface MarketplaceConsistency {
  readonly marketplace: string
  readonly counts: Readonly<Record<ConsistencyClass, number>>
  /** A sample of each class but consistent. */
  readonly samples: Readonly<Record<Exclude<ConsistencyClass, 'consistent'>, readonly ConsistencyFinding[]>>
}

/** What checkConsistency found. */
export interface ConsistencyReport {
  readonly checkedAt: string
  /** Products in Magento's current catalog. */
  readonly magentoProducts: number
  readonly durationMs: number
  readonly marketplaces: readonly MarketplaceConsistency[]
}

/** A marketplace simulator to check, by the kind of API it simulates. */
export type MarketplaceTarget =
  /** `marketplace`: listing-sync's id (manifest and topics, e.g. amazon). */
  | ({ readonly kind: 'amazon'; readonly marketplace: string } & AmazonListingsScope)
  | ({ readonly kind: 'mirakl'; readonly marketplace: string } & B2bListingsScope)

/** What checkConsistency reads. */
export interface ConsistencyCheckOptions {
  /** The Magento simulator and the store settings, as ingest is configured (see loadIngestConfig). */
  readonly magento: MagentoStoreConfig
  readonly targets: readonly MarketplaceTarget[]
  /** Folder of the manifests (MAPPINGS_DIR), loaded as the transformer loads them. */
  readonly mappingsDir: string
  readonly kafka: Kafka
  readonly registry: AvroRegistry
  readonly log: Logger
  /**
   * Bound of each HTTP read (Magento's catalog, each marketplace's state); 60 s by default, since a
   * check on a busy machine reads tens of thousands of products.
   */
  readonly timeoutMs?: number
  /** Findings kept per class and marketplace; 20 by default. */
  readonly sampleSize?: number
}

const DIFFERENCES_KEPT = 5

/**
 * Computes, for every SKU of Magento's current catalog, the payload each marketplace should hold
 * (ingest's normalisation, then the marketplace's manifest, validated as the transformer does) and
 * compares it with what each marketplace simulator holds; SKUs a marketplace holds that Magento no
 * longer has are unexpected. Reasons come from listing.<mkt>.invalid and listing.<mkt>.dlt.
 */
export async function checkConsistency(options: ConsistencyCheckOptions): Promise<ConsistencyReport> {
  const started = performance.now()
  const checkedAt = new Date().toISOString()
  const { log } = options
  const timeoutMs = options.timeoutMs ?? 60_000
  const [catalog, mappings, held, reasons] = await Promise.all([
    readMagentoCatalog(createMagentoNormalisation(options.magento, log, { timeoutMs })),
    Promise.all(options.targets.map((target) => loadMarketplaceMapping(options.mappingsDir, target.marketplace))),
    Promise.all(options.targets.map((target) => (target.kind === 'amazon' ? readAmazonListings(target, log, timeoutMs) : readB2bListings(target, log, timeoutMs)))),
    Promise.all(options.targets.map((target) => readListingReasons(options.kafka, options.registry, target.marketplace))),
  ])
  const marketplaces: MarketplaceConsistency[] = []
  for (const [index, target] of options.targets.entries()) {
    marketplaces.push(await checkMarketplace(target.marketplace, catalog, mappings[index]!, held[index]!, reasons[index]!, options.sampleSize ?? 20))
  }
  return { checkedAt, magentoProducts: catalog.length, durationMs: Math.round(performance.now() - started), marketplaces }
}

async function checkMarketplace(marketplace: string, catalog: readonly CatalogEntry[], mapping: MarketplaceMapping, held: MarketplaceListings, reasons: ListingReasons, sampleSize: number): Promise<MarketplaceConsistency> {
  const counts: Record<ConsistencyClass, number> = { consistent: 0, stale: 0, missing: 0, explained: 0, unexpected: 0 }
  const samples: Record<Exclude<ConsistencyClass, 'consistent'>, ConsistencyFinding[]> = { stale: [], missing: [], explained: [], unexpected: [] }
  const record = (kind: ConsistencyClass, finding: ConsistencyFinding) => {
    counts[kind]++
    if (kind !== 'consistent' && samples[kind].length < sampleSize) samples[kind].push(stripUndefined(finding))
  }
  const inMagento = new Set<string>()
  for (const entry of catalog) {
    inMagento.add(entry.sku)
    const { sku } = entry
    const present = held.has(sku)
    let unlistable: string | undefined = entry.product === undefined ? entry.problem : undefined
    let payload: unknown
    if (entry.product !== undefined) {
      const outcome = await mapping.map(entry.product)
      // The payload as the transformer publishes it (payloadJson) and the dispatcher sends it.
      if (outcome.ok) payload = JSON.parse(JSON.stringify(outcome.payload)) as unknown
      else unlistable = `the mapping cannot list it: ${outcome.problems.map((problem) => `${problem.rule}: ${problem.message}`).join('; ')}`
    }
    if (unlistable !== undefined) {
      if (present) record('unexpected', { sku, reason: reasons.invalid(sku) ?? unlistable })
      else if (entry.product === undefined) record('explained', { sku, reason: unlistable })
      else {
        const invalid = reasons.invalid(sku)
        record(invalid !== undefined ? 'explained' : 'missing', { sku, reason: invalid ?? `${unlistable}, and nothing on listing.${marketplace}.invalid says so` })
      }
      continue
    }
    if (!present) {
      const deadLetter = reasons.deadLetter(sku)
      record(deadLetter !== undefined ? 'explained' : 'missing', { sku, reason: deadLetter ?? reasons.invalid(sku) })
      continue
    }
    const differences = held.differences(sku, payload)
    if (differences.length === 0) {
      record('consistent', { sku })
      continue
    }
    const first = differences.slice(0, DIFFERENCES_KEPT)
    // What the topics say about the SKU does not excuse a stale listing, but shows why it may be.
    record('stale', { sku, paths: first.map((d) => d.path), differences: first.map((d) => d.detail), reason: reasons.deadLetter(sku) ?? reasons.invalid(sku) })
  }
  for (const sku of held.skus) {
    if (!inMagento.has(sku)) record('unexpected', { sku, reason: reasons.deadLetter(sku) ?? 'not in Magento (deleted)' })
  }
  return { marketplace, counts, samples }
}

/** A finding without its absent fields, as it is written to JSON. */
function stripUndefined(finding: ConsistencyFinding): ConsistencyFinding {
  return Object.fromEntries(Object.entries(finding).filter(([, value]) => value !== undefined)) as ConsistencyFinding
}
