import type { Message, Producer } from 'kafkajs'

interface Pending {
  readonly topic: string
  readonly message: Message
  /** Bytes of key, value and headers: what the record adds to a produce request. */
  readonly bytes: number
  resolve(): void
  reject(error: unknown): void
}

/** Limits of one produce request of {@link BatchingProducer}. */
export interface BatchLimits {
  /** Records per request. */
  readonly maxBatch?: number
  /**
   * Bytes of keys, values and headers per request (a single larger record still goes alone).
   * kafkajs encodes a request through several growing buffers, so its transient memory is a
   * multiple of this; it also keeps each partition's batch under the broker's message.max.bytes
   * (1 MiB by default).
   */
  readonly maxBatchBytes?: number
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
  private readonly maxBatch: number
  private readonly maxBatchBytes: number

  constructor(
    private readonly producer: Producer,
    limits: BatchLimits = {},
  ) {
    this.maxBatch = limits.maxBatch ?? 1000
    // Below the broker's 1 MiB message.max.bytes: a partition's batch also carries each record's
    // framing (10-20 bytes), which the count leaves out, and a resync sends whole requests to one
    // partition (its source and listing topics partition keys alike).
    this.maxBatchBytes = limits.maxBatchBytes ?? 896 * 1024
  }

  /** Resolves once the broker acknowledged the record on every in-sync replica. */
  send(topic: string, message: Message): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ topic, message, bytes: messageBytes(message), resolve, reject })
      if (!this.sending) void this.drain()
    })
  }

  private async drain(): Promise<void> {
    this.sending = true
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.batchLength())
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

  /** How many queued records the next request takes: at least one, then within both limits. */
  private batchLength(): number {
    let bytes = this.queue[0]!.bytes
    let length = 1
    while (length < this.queue.length && length < this.maxBatch && bytes + this.queue[length]!.bytes <= this.maxBatchBytes) {
      bytes += this.queue[length]!.bytes
      length++
    }
    return length
  }
}

function messageBytes(message: Message): number {
  let bytes = byteLength(message.key) + byteLength(message.value)
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    bytes += name.length
    for (const part of Array.isArray(value) ? value : [value]) bytes += byteLength(part)
  }
  return bytes
}

function byteLength(value: Buffer | string | null | undefined): number {
  if (value === null || value === undefined) return 0
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length
}
