import { describe, expect, it } from 'vitest'
import { AcknowledgementWindow } from './acknowledgement-window.js'

/** A send the test acknowledges or fails by hand. */
function send() {
  let ack!: () => void
  let fail!: (error: Error) => void
  const promise = new Promise<void>((resolve, reject) => {
    ack = resolve
    fail = reject
  })
  return { promise, ack, fail }
}

describe('AcknowledgementWindow', () => {
  it('lets the caller go on below the limit and holds it at the limit until a send is acknowledged', async () => {
    const window = new AcknowledgementWindow(2)
    const [a, b] = [send(), send()]
    await window.add([a.promise])
    let released = false
    const adding = window.add([b.promise]).then(() => (released = true))
    await Promise.resolve()
    expect(released).toBe(false)
    a.ack()
    await adding
    expect(released).toBe(true)
    b.ack()
    await window.drain()
  })

  it('drains once every send is acknowledged', async () => {
    const window = new AcknowledgementWindow(10)
    const sends = [send(), send(), send()]
    await window.add(sends.map((s) => s.promise))
    let drained = false
    const draining = window.drain().then(() => (drained = true))
    sends[0]!.ack()
    sends[1]!.ack()
    await Promise.resolve()
    expect(drained).toBe(false)
    sends[2]!.ack()
    await draining
    expect(drained).toBe(true)
  })

  it('throws the first failed send, from add and from drain', async () => {
    const window = new AcknowledgementWindow(1)
    const [a, b] = [send(), send()]
    const adding = window.add([a.promise, b.promise])
    a.fail(new Error('broker said no'))
    await expect(adding).rejects.toThrow('broker said no')
    b.fail(new Error('second'))
    await expect(window.drain()).rejects.toThrow('broker said no')
  })
})
