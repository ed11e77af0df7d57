import type { Consumer, ConsumerRunConfig } from 'kafkajs'
import type { Logger } from '@listing-sync/observability'

/** Pause before a consumer that kafkajs stopped is run again. */
const CONSUMER_RESTART_DELAY_MS = 5_000

/**
 * Runs a long-lived consumer group member and runs it again whenever kafkajs gives up on it.
 * kafkajs restarts a consumer only after an error it counts as retriable. After any other error it
 * disconnects the consumer and leaves it stopped. One example: a broker that restarts while the
 * group is joining answers "group coordinator not found". The process then lives on, passes every
 * health probe and consumes nothing. Running the consumer again resumes from the group's committed
 * offsets, so no record is skipped.
 * Returns the function that ends the restarts. Call it before disconnecting the consumer.
 */
export async function runKeptAlive(consumer: Consumer, config: ConsumerRunConfig, log: Logger, delayMs = CONSUMER_RESTART_DELAY_MS): Promise<() => void> {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  const runAgainLater = (error: unknown, group?: string) => {
    if (stopped) return
    log.error({ err: error, group, retryInMs: delayMs }, 'consumer stopped by an error; running it again')
    clearTimeout(timer)
    timer = setTimeout(() => {
      if (!stopped) consumer.run(config).catch((failure: unknown) => runAgainLater(failure, group))
    }, delayMs)
  }
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) runAgainLater(payload.error, payload.groupId)
  })
  await consumer.run(config)
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}
