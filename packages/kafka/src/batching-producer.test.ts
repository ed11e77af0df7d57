import type { Producer, ProducerBatch } from 'kafkajs'
import { describe, expect, it } from 'vitest'
import { BatchingProducer } from './batching-producer.js'

/** A producer whose sendBatch calls are recorded and settled by the test. */
function fakeProducer() {
  const calls: { batch: ProducerBatch; settle: (error?: Error) => void }[] = []
  const producer = {
    sendBatch: (batch: ProducerBatch) =>
      new Promise((resolve, reject) => {
        calls.push({ batch, settle: (error) => (error ? reject(error) : resolve([])) })
      }),
  } as unknown as Producer
  const keysOf = (index: number) => calls[index]!.batch.topicMessages!.flatMap((topic) => topic.messages.map((message) => `${topic.topic}:${String(message.key)}`))
  return { producer, calls, keysOf }
}

const settled = () => new Promise((resolve) => setImmediate(resolve))

describe('BatchingProducer', () => {
  it('sends a record at once when idle and gathers what arrives meanwhile into the next request', async () => {
    const { producer, calls, keysOf } = fakeProducer()
    const batching = new BatchingProducer(producer)
    const first = batching.send('a', { key: '1', value: 'x' })
    const rest = [batching.send('a', { key: '2', value: 'x' }), batching.send('b', { key: '3', value: 'x' })]
    expect(calls).toHaveLength(1)
    expect(keysOf(0)).toEqual(['a:1'])
    calls[0]!.settle()
    await first
    await settled()
    expect(keysOf(1)).toEqual(['a:2', 'b:3'])
    calls[1]!.settle()
    await Promise.all(rest)
  })

  it('keeps each request within the record and byte limits, in order, but sends a larger record alone', async () => {
    const { producer, calls, keysOf } = fakeProducer()
    const batching = new BatchingProducer(producer, { maxBatch: 3, maxBatchBytes: 100 })
    const sends = [batching.send('t', { key: 'k0', value: 'x' })]
    for (const [key, size] of [['k1', 10], ['k2', 10], ['k3', 10], ['k4', 10], ['k5', 150], ['k6', 60], ['k7', 60]] as const) {
      sends.push(batching.send('t', { key, value: Buffer.alloc(size - key.length) }))
    }
    for (let index = 0; index < 5; index++) {
      calls[index]!.settle()
      await settled()
    }
    expect([0, 1, 2, 3, 4].map(keysOf)).toEqual([['t:k0'], ['t:k1', 't:k2', 't:k3'], ['t:k4'], ['t:k5'], ['t:k6']])
    expect(calls).toHaveLength(6)
    calls[5]!.settle()
    await Promise.all(sends)
  })

  it('rejects every record of a failed request and goes on with the next', async () => {
    const { producer, calls } = fakeProducer()
    const batching = new BatchingProducer(producer)
    const first = batching.send('t', { key: '1', value: 'x' })
    const second = batching.send('t', { key: '2', value: 'x' })
    const failure = new Error('broker down')
    calls[0]!.settle(failure)
    await expect(first).rejects.toBe(failure)
    await settled()
    calls[1]!.settle()
    await expect(second).resolves.toBeUndefined()
  })
})
