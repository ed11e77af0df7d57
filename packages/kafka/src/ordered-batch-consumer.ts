import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs'
import type { Logger } from '@listing-sync/observability'
import { runKeptAlive } from './keep-running.js'

/**
 * What a pipeline stage does with a batch of one partition. `handle` runs for each record in
 * order and returns the sends it queued (not awaited one by one: one request in flight per
 * producer keeps them in order); `acknowledged` runs once all of the batch's sends are on the
 * broker, which is when a stage may record that it has done the work.
 */
export interface BatchHandler<Scope> {
  begin(): Scope
  handle(message: KafkaMessage, scope: Scope, heartbeat: () => Promise<void>): Promise<Promise<void>[]>
  acknowledged(scope: Scope): void
}

/**
 * A consumer group member that keeps per-partition order and commits a batch's offsets only after
 * every output of that batch is acknowledged: at-least-once from input to output. A failed send
 * fails the batch, and kafkajs re-delivers it from the last commit.
 */
export class OrderedBatchConsumer<Scope> {
  private readonly consumer: Consumer
  private endRestarts = () => {}

  constructor(
    kafka: Kafka,
    private readonly groupId: string,
    private readonly topic: string,
    private readonly handler: BatchHandler<Scope>,
    private readonly log: Logger,
  ) {
    // Fetches of at most 2 MiB (256 KiB a partition), not kafkajs' 10 MiB: each record is decoded
    // into objects many times its size and held until the batch's outputs are acknowledged, so the
    // fetch size, more than anything else, sets how much memory a stage takes under a backlog.
    this.consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxBytes: 2 * 1024 * 1024, maxBytesPerPartition: 256 * 1024 })
  }

  async start(): Promise<void> {
    await this.consumer.connect()
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true })
    const config = { autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: 4, eachBatch: (payload: EachBatchPayload) => this.handleBatch(payload) }
    this.endRestarts = await runKeptAlive(this.consumer, config, this.log)
  }

  stop(): Promise<void> {
    this.endRestarts()
    return this.consumer.disconnect()
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload
    const scope = this.handler.begin()
    const sends: Promise<void>[] = []
    let last: string | undefined
    for (const message of batch.messages) {
      if (!payload.isRunning() || payload.isStale()) break
      sends.push(...(await this.handler.handle(message, scope, () => payload.heartbeat())))
      last = message.offset
    }
    await Promise.all(sends)
    this.handler.acknowledged(scope)
    if (last !== undefined) {
      payload.resolveOffset(last)
      await payload.commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(last) + 1n).toString() }] }] })
    }
  }
}
