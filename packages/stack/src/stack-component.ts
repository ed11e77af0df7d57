import type { ManagedProcess } from './managed-process.js'

/** One process of the local stack (the broker, the registry). */
export interface StackComponent {
  readonly name: string
  readonly process: ManagedProcess
  /** TCP ports it listens on; another process holding one of them stops `up`. */
  readonly ports: readonly number[]
  /** What clients connect to, as printed by `status`. */
  readonly endpoint: string
  /** Fetches binaries, writes configuration and initialises storage; cheap when already done. */
  prepare(): Promise<void>
  /** Starts the process in the background and returns its pid. */
  launch(): Promise<number>
  /** Resolves true when the component serves requests. */
  healthy(): Promise<boolean>
}
