import type { IHeaders, KafkaMessage } from 'kafkajs'
import type { BatchingProducer } from '@listing-sync/kafka'

/** Why a record is dead-lettered. */
export interface DeadLetterCause {
  /** e.g. undecodable, rejected, retries-exhausted, plus the marketplace's class (http-400, INVALID). */
  readonly errorClass: string
  readonly message: string
  readonly attempts: number
}

/**
 * Writes records the dispatcher gives up on to `listing.<mkt>.dlt`: the original key, value and
 * headers unchanged (a replay re-sends exactly what was mapped), plus headers naming the error,
 * the attempts and where the record came from.
 */
export class DeadLetters {
  constructor(
    private readonly producer: BatchingProducer,
    private readonly topic: string,
  ) {}

  /** Resolves once the broker has the dead letter. */
  send(source: { topic: string; partition: number; message: KafkaMessage }, cause: DeadLetterCause): Promise<void> {
    const { message } = source
    const headers: IHeaders = {
      ...message.headers,
      'dlt-error-class': cause.errorClass,
      'dlt-error-message': cause.message.slice(0, 4000),
      'dlt-attempts': String(cause.attempts),
      'dlt-source-topic': source.topic,
      'dlt-source-partition': String(source.partition),
      'dlt-source-offset': message.offset,
      'dlt-timestamp': new Date().toISOString(),
    }
    return this.producer.send(this.topic, { key: message.key, value: message.value, headers })
  }
}
