import type { FaultInjector } from './fault-injector.js'
import type { ImportTracker } from './imports/import-tracker.js'
import type { MarketplaceConfig } from './marketplace/marketplace-config.js'
import type { MarketplaceState } from './marketplace/shop-catalog.js'
import type { RateLimiter } from './rate-limit/rate-limiter.js'
import type { SimStats } from './sim-stats.js'
import type { PlatformSettings } from './views/offer-view.js'

/** What the routes share: the marketplace's state, its configuration and the simulator's controls. */
export interface SimulatorContext {
  readonly state: MarketplaceState
  readonly tracker: ImportTracker
  readonly config: MarketplaceConfig
  readonly faults: FaultInjector
  readonly stats: SimStats
  readonly limiter: RateLimiter
  readonly platform: PlatformSettings
  /** The shop API key every call must send as `Authorization`. */
  readonly apiKey: string
  /** Shops the key gives access to; the first is the default when a call names no `shop_id`. */
  readonly shopIds: readonly number[]
  /** Epoch milliseconds. */
  readonly now: () => number
}
