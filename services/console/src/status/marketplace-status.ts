import type { Admin } from 'kafkajs'
import { fetchConsumerLag, marketplaceTopicNames } from '@listing-sync/kafka'
import type { Logger } from '@listing-sync/observability'
import type { OutcomeCounts, SyncIndex } from '../state/sync-index.js'
import { scrapeMetrics, sumSamples, type MetricSample } from './metrics-scrape.js'

/** At a glance: is the marketplace equal to Magento, behind, or failing? */
export type SyncStatus = 'in sync' | 'lagging' | 'failing' | 'unknown'

/** One sample of a marketplace, every {@link StatusOptions.intervalMs}. */
export interface StatusPoint {
  readonly at: number
  /** Listing updates its dispatcher group has not committed yet; null when the offsets could not be read. */
  readonly depth: number | null
  /** Canonical changes the transformer has not mapped yet (every marketplace waits for them); null when unreadable. */
  readonly awaitingMapping: number | null
  /** Per second over the interval: outcomes from the result topic, failed calls from the dispatchers' metrics. */
  readonly acceptedPerSecond: number
  readonly errorsPerSecond: number
}

/** What the overview shows for one marketplace. */
export interface MarketplaceStatus {
  readonly marketplace: string
  readonly status: SyncStatus
  /** Why, in a few words. */
  readonly because: string
  readonly depth: number | null
  readonly awaitingMapping: number | null
  readonly openDeadLetters: number
  readonly openInvalid: number
  readonly history: readonly StatusPoint[]
}

/** Options of {@link MarketplaceStatusBoard}. */
export interface StatusOptions {
  readonly admin: Admin
  readonly index: SyncIndex
  /** Consumer group of each marketplace's dispatchers. */
  readonly dispatcherGroup: (marketplace: string) => string
  /** The transformer's group and topic: a change it has not mapped yet is not on any marketplace either. */
  readonly mapping: { readonly group: string; readonly topic: string }
  /** The dispatchers' (and other services') `/metrics` URLs: their call counters say at once when calls fail. */
  readonly metricsUrls: readonly string[]
  readonly log: Logger
  readonly intervalMs?: number
  /** How much history the charts keep. */
  readonly historyMs?: number
}

/** A failed call within this window makes a marketplace "failing". */
const FAILING_WINDOW_MS = 30_000

/**
 * Samples every marketplace in the background: queue depth (its dispatcher group's lag), accepted
 * outcomes (from the index) and failed marketplace calls (the dispatchers' retry and DLT counters,
 * scraped). The overview reads the last samples, so a page view never waits for the broker.
 */
export class MarketplaceStatusBoard {
  private readonly history = new Map<string, StatusPoint[]>()
  private readonly lastFailureAt = new Map<string, number>()
  private previous = new Map<string, Counts>()
  private previousAt = 0
  /** Each metrics URL's last answer. */
  private readonly lastScraped = new Map<string, MetricSample[]>()
  private timer: NodeJS.Timeout | undefined
  private readonly intervalMs: number
  private readonly historyMs: number

  constructor(private readonly options: StatusOptions) {
    this.intervalMs = options.intervalMs ?? 2000
    this.historyMs = options.historyMs ?? 60 * 60 * 1000
    for (const marketplace of options.index.marketplaces) this.history.set(marketplace, [])
  }

  /** Samples at once, then every interval. */
  start(): void {
    const round = () => {
      this.sample().catch((error: unknown) => this.options.log.warn({ err: error }, 'status sample failed'))
      this.timer = setTimeout(round, this.intervalMs)
      this.timer.unref()
    }
    round()
  }

  stop(): void {
    clearTimeout(this.timer)
  }

  /** Every marketplace's status now. */
  statuses(now = Date.now()): MarketplaceStatus[] {
    return this.options.index.marketplaces.map((marketplace) => {
      const history = this.history.get(marketplace) ?? []
      const last = history.at(-1)
      const openDeadLetters = this.options.index.openCount(marketplace, 'dlt')
      const openInvalid = this.options.index.openCount(marketplace, 'invalid')
      const failedAt = this.lastFailureAt.get(marketplace)
      const [status, because] =
        last === undefined
          ? (['unknown', 'no sample yet'] as const)
          : failedAt !== undefined && now - failedAt <= FAILING_WINDOW_MS
            ? (['failing', `calls failing (last ${Math.round((now - failedAt) / 1000)} s ago)`] as const)
            : last.depth === null || last.awaitingMapping === null
              ? (['unknown', 'queue depth unreadable'] as const)
              : last.depth + last.awaitingMapping > 0
                ? (['lagging', `${last.depth} update(s) queued for delivery, ${last.awaitingMapping} change(s) awaiting mapping`] as const)
                : (['in sync', 'nothing queued, no failing calls'] as const)
      return { marketplace, status, because, depth: last?.depth ?? null, awaitingMapping: last?.awaitingMapping ?? null, openDeadLetters, openInvalid, history }
    })
  }

  /** Takes one sample of every marketplace. */
  async sample(now = Date.now()): Promise<void> {
    const { index } = this.options
    const scraped = await this.scrape()
    const seconds = this.previousAt === 0 ? this.intervalMs / 1000 : (now - this.previousAt) / 1000
    const current = new Map<string, Counts>()
    const awaitingMapping = await this.lag(this.options.mapping.group, this.options.mapping.topic)
    for (const marketplace of index.marketplaces) {
      const depth = await this.lag(this.options.dispatcherGroup(marketplace), marketplaceTopicNames(marketplace).listings)
      // Calls answered with 429, 5xx or a network error (retried), per dispatcher; dead letters come from the index.
      const retries = new Map([...scraped].map(([url, samples]) => [url, sumSamples(samples, 'listing_sync_marketplace_calls_total', { marketplace, result: 'retry' })]))
      const outcomes = index.outcomeTotals(marketplace)
      current.set(marketplace, { retries, outcomes })
      // The first sample is the baseline: what was read at start is history, not a rate.
      const before = this.previous.get(marketplace) ?? { retries, outcomes }
      const failedCalls = [...retries].reduce((sum, [url, value]) => sum + increase(value, before.retries.get(url) ?? value), 0)
      const newFailures = failedCalls + increase(outcomes.deadLettered, before.outcomes.deadLettered)
      if (newFailures > 0) this.lastFailureAt.set(marketplace, now)
      const history = this.history.get(marketplace)!
      history.push({
        at: now,
        depth,
        awaitingMapping,
        acceptedPerSecond: increase(outcomes.accepted, before.outcomes.accepted) / seconds,
        errorsPerSecond: (newFailures + increase(outcomes.rejected, before.outcomes.rejected)) / seconds,
      })
      while (history.length > 0 && history[0]!.at < now - this.historyMs) history.shift()
    }
    this.previous = current
    this.previousAt = now
  }

  /** Records of `topic` the group has not committed, null when its offsets cannot be read. */
  private lag(group: string, topic: string): Promise<number | null> {
    return fetchConsumerLag(this.options.admin, group, topic).then(
      (lags) => lags.reduce((sum, { lag }) => sum + lag, 0),
      () => null,
    )
  }

  /**
   * Samples of every metrics URL. One that does not answer is logged and counts with its last
   * answer: left out, its counters would drop to 0 and, when it answers again, their whole value
   * would look like new failures.
   */
  private async scrape(): Promise<Map<string, MetricSample[]>> {
    const scraped = await Promise.all(
      this.options.metricsUrls.map((url) =>
        scrapeMetrics(url).then(
          (samples) => {
            this.lastScraped.set(url, samples)
            return samples
          },
          (error: unknown) => {
            this.options.log.debug({ err: error, url }, 'metrics not scraped')
            return this.lastScraped.get(url) ?? []
          },
        ),
      ),
    )
    return new Map(this.options.metricsUrls.map((url, i) => [url, scraped[i]!]))
  }
}

/** Counters of one marketplace at a sample: retried calls per metrics URL, outcomes from the index. */
interface Counts {
  readonly retries: ReadonlyMap<string, number>
  readonly outcomes: OutcomeCounts
}

/**
 * How much a counter grew, as Prometheus' `increase` sees it: a counter that went down was reset
 * (its process restarted) and everything it counts since is new.
 */
const increase = (now: number, then: number) => (now >= then ? now - then : now)
