import type { Logger } from '@listing-sync/observability'
import type { DeliveryResult, ListingUpdate, MarketplaceAdapter } from '../../delivery/marketplace-adapter.js'
import { MiraklClient, type ImportPolling } from './mirakl-client.js'
import { OfferImporter } from './offer-importer.js'
import { ProductCreations } from './product-creations.js'
import { ProductImporter } from './product-importer.js'

/** Where and as which shop the adapter calls the Mirakl seller API, and how it follows imports. */
export interface MiraklAdapterOptions {
  /** The marketplace id of listing-sync (topics listing.<id>.*), usually 'b2b'. */
  readonly marketplace: string
  readonly baseUrl: string
  readonly apiKey: string
  readonly shopId?: number
  /** Offer imports (OF02): a first look once the import may be done, then as Mirakl allows (once a minute). */
  readonly offerPolling: ImportPolling
  /** Product imports (P42): likewise; Mirakl allows once a minute per import. */
  readonly productPolling: ImportPolling
  readonly log: Logger
}

/**
 * Mirakl seller API. The common path is one OF24 call for every pending offer of the shop
 * ({@link OfferImporter}). When the manifest maps a `product` and OF24 says the product does not
 * exist, the SKU's next call is P41 ({@link ProductImporter}), batched and paced like any other
 * operation, and the call after it OF24 again.
 */
export class MiraklAdapter implements MarketplaceAdapter {
  readonly marketplace: string
  /**
   * Mirakl's "Maximum usage" per shop: OF24 once per minute, P41 every 15 minutes. No burst, so
   * replicas take turns by slot.
   */
  readonly limits = { OF24: { rate: 1 / 60, burst: 1 }, P41: { rate: 1 / (15 * 60), burst: 1 } }
  readonly batchSize = 10_000
  private readonly creations = new ProductCreations()
  private readonly offers: OfferImporter
  private readonly products: ProductImporter

  constructor(options: MiraklAdapterOptions) {
    this.marketplace = options.marketplace
    const client = new MiraklClient(options)
    this.offers = new OfferImporter(client, this.creations, options.offerPolling)
    this.products = new ProductImporter(client, this.creations, options.productPolling)
  }

  operation(update: ListingUpdate): string {
    return this.creations.needsImport(update) ? 'P41' : 'OF24'
  }

  deliver(updates: readonly ListingUpdate[], operation: string, keepAlive: () => Promise<void>): Promise<DeliveryResult> {
    return operation === 'P41' ? this.products.deliver(updates, keepAlive) : this.offers.deliver(updates, keepAlive)
  }
}
