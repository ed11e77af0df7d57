// What the operations console shares with the CLI: a SKU's preview and a marketplace's current mapping.
export { previewListing } from './listing-preview.js'
export type { ListingPreview, PreviewSources, PublishedListing } from './listing-preview.js'
export { loadMarketplaceMapping } from './marketplace-manifest.js'
export { formatDifference } from './payload-diff.js'
