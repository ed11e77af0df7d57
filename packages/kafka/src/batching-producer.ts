import type { Message, Producer } from 'kafkajs'

interface Pending {
  readonly topic: string
  readonly message: Message
  resolve(): void
  reject(error: unknown): void
}

/**
 * Sends records one call at a time while gathering every record that arrives during a call into
 * the next one. Under load each broker round trip carries hundreds of records; when idle a record
 * goes at once. Each caller's promise settles when the broker acknowledged its record (acks=all).
 * The idempotent producer allows one request in flight, which also keeps per-key order.
 */
export class BatchingProducer {
  private queue: Pending[] = []
  private sending = false

  constructor(
    private readonly producer: Producer,
    private readonly maxBatch = 1000,
  ) {}

  /** Resolves once the broker acknowledged the record on every in-sync replica. */
  send(topic: string, message: Message): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ topic, message, resolve, reject })
      if (!this.sending) void this.drain()
    })
  }

  private async drain(): Promise<void> {
    this.sending = true
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch)
      const byTopic = new Map<string, Pending[]>()
      for (const item of batch) {
        const list = byTopic.get(item.topic)
        if (list) list.push(item)
        else byTopic.set(item.topic, [item])
      }
      try {
        await this.producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, items]) => ({ topic, messages: items.map((item) => item.message) })),
        })
        for (const item of batch) item.resolve()
      } catch (error) {
        for (const item of batch) item.reject(error)
      }
    }
    this.sending = false
  }
}
