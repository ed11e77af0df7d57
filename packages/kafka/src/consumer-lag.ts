import type { Admin } from 'kafkajs'
import { Gauge, type Registry } from 'prom-client'
import type { Logger } from '@listing-sync/observability'

/** Records of one partition a consumer group has not committed yet. */
export interface PartitionLag {
  readonly partition: number
  readonly lag: number
}

/**
 * How far `groupId` is behind on `topic`, per partition: end offset minus committed offset. A
 * partition with no commit, or with a commit older than what retention kept, counts from its
 * earliest offset: where our consumers (all `fromBeginning`) would start reading it.
 */
export async function fetchConsumerLag(admin: Admin, groupId: string, topic: string): Promise<PartitionLag[]> {
  const [ends, groupOffsets] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })])
  const committed = new Map((groupOffsets.find((entry) => entry.topic === topic)?.partitions ?? []).map((entry) => [entry.partition, BigInt(entry.offset)]))
  return ends
    .map(({ partition, high, low }) => {
      const from = committed.get(partition) ?? -1n
      const lag = BigInt(high) - (from < BigInt(low) ? BigInt(low) : from)
      return { partition, lag: lag > 0n ? Number(lag) : 0 }
    })
    .sort((a, b) => a.partition - b.partition)
}

/** Options of {@link ConsumerLagGauge}. */
export interface ConsumerLagGaugeOptions {
  /** The service's admin client; two small requests a watched group each round. */
  readonly admin: Admin
  readonly registry: Registry
  readonly log: Logger
  /** Time between two reads of the offsets (10 s by default, a little under a usual scrape interval). */
  readonly intervalMs?: number
}

/**
 * `listing_sync_consumer_lag_records{group,topic,partition}`: the queue depth of each consumer group
 * of a service, read in the background every few seconds so a scrape never waits for the broker.
 * A group whose offsets cannot be read loses its series until they can: an old value would look
 * current.
 */
export class ConsumerLagGauge {
  private readonly gauge: Gauge<'group' | 'topic' | 'partition'>
  private readonly watched: { readonly groupId: string; readonly topic: string; partitions: number[]; failing: boolean }[] = []
  private timer: NodeJS.Timeout | undefined
  private stopped = false

  constructor(private readonly options: ConsumerLagGaugeOptions) {
    this.gauge = new Gauge({
      name: 'listing_sync_consumer_lag_records',
      help: 'Records of a partition its consumer group has not committed yet (end offset minus committed offset)',
      labelNames: ['group', 'topic', 'partition'] as const,
      registers: [options.registry],
    })
  }

  /** Reports the lag of `groupId` on `topic` from the next round on. */
  watch(groupId: string, topic: string): void {
    this.watched.push({ groupId, topic, partitions: [], failing: false })
  }

  /** Starts the background rounds, the first at once. */
  start(): void {
    if (this.timer === undefined && !this.stopped) this.schedule(0)
  }

  /** Reads every watched group's offsets once and updates the gauge. */
  async refresh(): Promise<void> {
    await Promise.all(this.watched.map(async (entry) => {
      const { groupId, topic } = entry
      try {
        const lags = await fetchConsumerLag(this.options.admin, groupId, topic)
        for (const { partition, lag } of lags) this.gauge.set({ group: groupId, topic, partition: String(partition) }, lag)
        entry.partitions = lags.map((lag) => lag.partition)
        entry.failing = false
      } catch (error) {
        if (this.stopped) return // the admin client closed under the last round
        // Once per outage, not every round.
        if (!entry.failing) this.options.log.warn({ err: error, group: groupId, topic }, 'consumer lag cannot be read')
        entry.failing = true
        for (const partition of entry.partitions) this.gauge.remove({ group: groupId, topic, partition: String(partition) })
        entry.partitions = []
      }
    }))
  }

  /** Ends the background rounds. */
  stop(): void {
    this.stopped = true
    clearTimeout(this.timer)
  }

  // A timeout chain, not an interval: a round that waits on an unreachable broker is not overlapped.
  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      void this.refresh().finally(() => {
        if (!this.stopped) this.schedule(this.options.intervalMs ?? 10_000)
      })
    }, delayMs)
    // Metrics never keep a process alive.
    this.timer.unref()
  }
}
