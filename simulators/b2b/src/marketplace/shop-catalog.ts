import type { OfferFields } from './offer-line.js'

/** An offer as the marketplace holds it: the fields of the last OF24 line that set it, and its identity. */
export interface StoredOffer extends OfferFields {
  readonly offer_id: number
  readonly product_id: string
  readonly product_id_type: string
  readonly date_created: string
  readonly last_updated: string
  /** The import that last changed it. */
  readonly import_id: number
}

/** What the marketplace stamps on an offer at every import; no OF24 line sets them. */
const STAMPED = new Set(['offer_id', 'date_created', 'last_updated', 'import_id'])

/** An offer without what the marketplace stamps on it: what the OF24 lines that set it sent. */
export function offerContent(offer: StoredOffer): Record<string, unknown> {
  return Object.fromEntries(Object.entries(offer).filter(([name]) => !STAMPED.has(name)))
}

/** A product integrated from a P41 file: its attributes (non-empty cells) by code. */
export interface StoredProduct {
  /** Mirakl's own product SKU, assigned at integration (`product_sku` in OF21). */
  readonly product_sku: string
  /** The shop's SKU of the product, the `sku` column. */
  readonly sku: string
  readonly attributes: Readonly<Record<string, string>>
  readonly date_created: string
  readonly last_updated: string
  readonly import_id: number
}

/** One shop's offers (by shop_sku) and products (by the shop's product SKU). */
export class ShopCatalog {
  readonly offers = new Map<string, StoredOffer>()
  readonly products = new Map<string, StoredProduct>()

  /**
   * The product an offer's `product_id`/`product_id_type` reference: SHOP_SKU is the shop's
   * product SKU, SKU is Mirakl's product SKU, and any other type (EAN, UPC…) is the value of the
   * attribute of that name in lower case (`upc`, `ean`).
   */
  findProduct(type: string, id: string): StoredProduct | undefined {
    if (type === 'SHOP_SKU') return this.products.get(id)
    for (const product of this.products.values()) {
      if (type === 'SKU' ? product.product_sku === id : product.attributes[type.toLowerCase()] === id) return product
    }
    return undefined
  }
}

/** Every shop's catalog, and the id sequences Mirakl would assign. */
export class MarketplaceState {
  private shops = new Map<number, ShopCatalog>()
  private offerIds = 0
  private productNumbers = 0
  private importIds = 0

  /** The catalog of a shop (created empty on first use). */
  shop(shopId: number): ShopCatalog {
    let catalog = this.shops.get(shopId)
    if (!catalog) {
      catalog = new ShopCatalog()
      this.shops.set(shopId, catalog)
    }
    return catalog
  }

  /** Shops that hold anything, by id. */
  shopIds(): number[] {
    return [...this.shops.keys()].sort((a, b) => a - b)
  }

  // Ids start where Mirakl's examples are (offer 2135, imports 2035 and 2044); one import sequence
  // for offer and product imports, so an id never names two imports.
  newOfferId(): number {
    return 2101 + this.offerIds++
  }

  newImportId(): number {
    return 2001 + this.importIds++
  }

  /** Mirakl's product SKUs look like MKP100000000154824. */
  newProductSku(): string {
    return `MKP${100_000_000_000_001 + this.productNumbers++}`
  }

  reset(): void {
    this.shops.clear()
    this.offerIds = 0
    this.productNumbers = 0
    this.importIds = 0
  }
}
