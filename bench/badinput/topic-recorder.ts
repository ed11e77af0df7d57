// Records what is written to a topic from the moment it starts: key and event-id header of each
// record, and the end offsets at start and at `drain`, so a run can prove that none of its refused
// requests reached the broker while other writers share the topic.
import { randomUUID } from 'node:crypto'
import type { Consumer, Kafka } from 'kafkajs'

/** A record as far as the check needs it. */
export interface RecordedRecord {
  readonly partition: number
  readonly offset: bigint
  readonly key: string
  readonly eventId: string | undefined
}

/** End offset (the next offset to be written) of each partition. */
export type EndOffsets = ReadonlyMap<number, bigint>

export class TopicRecorder {
  readonly records: RecordedRecord[] = []
  private consumer: Consumer | undefined
  private startOffsets: EndOffsets = new Map()
  /** Next offset to read, per partition. */
  private readonly positions = new Map<number, bigint>()

  constructor(
    private readonly kafka: Kafka,
    readonly topic: string,
  ) {}

  /** Notes the end offsets and resolves once the consumer reads from them. */
  async start(): Promise<void> {
    this.startOffsets = await this.endOffsets()
    for (const [partition, offset] of this.startOffsets) this.positions.set(partition, offset)
    const consumer = this.kafka.consumer({ groupId: `badinput-recorder-${randomUUID()}` })
    this.consumer = consumer
    await consumer.connect()
    await consumer.subscribe({ topic: this.topic, fromBeginning: false })
    const joined = new Promise<void>((resolve) =>
      consumer.on(consumer.events.GROUP_JOIN, () => {
        for (const [partition, offset] of this.startOffsets) consumer.seek({ topic: this.topic, partition, offset: String(offset) })
        resolve()
      }),
    )
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ partition, message }) => {
        const offset = BigInt(message.offset)
        // A fetch that ran before the seek may deliver a record twice, or one from before the start.
        if (offset < (this.positions.get(partition) ?? 0n)) return Promise.resolve()
        this.positions.set(partition, offset + 1n)
        const eventId = message.headers?.['event-id']
        this.records.push({ partition, offset, key: message.key?.toString() ?? '', eventId: eventId === undefined ? undefined : String(eventId) })
        return Promise.resolve()
      },
    })
    await joined
  }

  /** Waits until every record written before this call has been read; returns the end offsets it read to. */
  async drain(timeoutMs = 30_000): Promise<EndOffsets> {
    const ends = await this.endOffsets()
    await this.until(() => [...ends].every(([partition, end]) => (this.positions.get(partition) ?? 0n) >= end), timeoutMs, () => `${this.topic} not read to its end offsets`)
    return ends
  }

  /** Waits until some record has each of the event ids; false when the time ran out first (the report then shows which are missing). */
  async waitForEventIds(eventIds: readonly string[], timeoutMs = 30_000): Promise<boolean> {
    try {
      await this.until(() => eventIds.every((id) => this.records.some((record) => record.eventId === id)), timeoutMs, () => `${this.topic}: event ids missing`)
      return true
    } catch {
      return false
    }
  }

  /** Records written since start, summed over partitions, as the end offsets say. */
  offsetsAdvanced(ends: EndOffsets): bigint {
    let total = 0n
    for (const [partition, end] of ends) total += end - (this.startOffsets.get(partition) ?? 0n)
    return total
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect()
  }

  private async endOffsets(): Promise<EndOffsets> {
    const admin = this.kafka.admin()
    await admin.connect()
    try {
      // A broker just started may not lead its partitions yet (NOT_LEADER_FOR_PARTITION, retriable).
      for (let attempt = 1; ; attempt++) {
        try {
          const offsets = await admin.fetchTopicOffsets(this.topic)
          return new Map(offsets.map((entry) => [entry.partition, BigInt(entry.high)]))
        } catch (error) {
          if (!(error as { retriable?: boolean }).retriable || attempt >= 20) throw error
          await new Promise((resolve) => setTimeout(resolve, 500))
        }
      }
    } finally {
      await admin.disconnect()
    }
  }

  /** Checks `condition` as records arrive (every 50 ms) until it holds or the time is up. */
  private async until(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(describe())
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}
