/**
 * Bounds how many sends wait for the broker's acknowledgement. Mapping runs faster than the broker
 * acknowledges on a small machine; without a bound a resync would hold the whole catalog's encoded
 * records in memory. Used by one sequential caller; remembers the first failure.
 */
export class AcknowledgementWindow {
  private waiting = 0
  private failure: { readonly error: unknown } | undefined
  private wake: (() => void) | undefined

  constructor(private readonly max: number) {}

  /** Tracks the sends; resolves once fewer than `max` wait, and throws the first failed send. */
  async add(sends: readonly Promise<void>[]): Promise<void> {
    for (const send of sends) {
      this.waiting++
      send.then(
        () => this.settled(),
        (error: unknown) => {
          this.failure ??= { error }
          this.settled()
        },
      )
    }
    while (this.waiting >= this.max && this.failure === undefined) await this.settling()
    this.throwIfFailed()
  }

  /** Resolves once every send is acknowledged; throws the first failed send. */
  async drain(): Promise<void> {
    while (this.waiting > 0 && this.failure === undefined) await this.settling()
    this.throwIfFailed()
  }

  private settling(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve))
  }

  private settled(): void {
    this.waiting--
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure.error
  }
}
