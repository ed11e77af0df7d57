import type { ListingPreview, PublishedListing, RecordPosition } from './listing-preview.js'
import { formatDifference } from './payload-diff.js'

const at = (record: RecordPosition) => `${record.topic} partition ${record.partition} offset ${record.offset}`

/** A preview as text for a person: the payload, the validation result and the diff, in that order. */
export function formatPreview(preview: ListingPreview): string[] {
  const { source } = preview
  const lines: string[] = []
  if (preview.deleted) {
    lines.push(`${preview.sku} on ${preview.marketplace}: deleted in Magento (tombstone at ${at(source)})`)
    lines.push('the transformer publishes a DELETE for it; there is nothing to map')
    lines.push('', ...publishedLines(preview.lastPublished))
    return lines
  }
  lines.push(`${preview.sku} on ${preview.marketplace}: product type ${preview.productType ?? '(none chosen)'}, manifest ${preview.marketplace} ${preview.manifestVersion}`)
  lines.push(`source: ${at(source)}, event ${source.eventId}, Magento updated_at ${source.magentoUpdatedAt}`)
  lines.push('', 'payload:')
  lines.push(preview.payload === null ? '  (none: mapping failed)' : JSON.stringify(preview.payload, null, 2))
  lines.push('')
  if (preview.valid) {
    lines.push('validation: valid')
  } else {
    const invalid = `listing.${preview.marketplace}.invalid`
    lines.push(`validation: ${preview.problems.length} problem${preview.problems.length === 1 ? '' : 's'} (the transformer sends it to ${invalid}, not to the marketplace)`)
    for (const problem of preview.problems) lines.push(`  ${problem.stage} rule ${problem.rule}, path ${problem.path}: ${problem.message}`)
  }
  lines.push('', ...publishedLines(preview.lastPublished))
  if (preview.diff === null) return lines
  if (preview.diff.length === 0) {
    lines.push('unchanged: the payload equals the one last published')
  } else {
    lines.push(`diff against last published (${preview.diff.length} change${preview.diff.length === 1 ? '' : 's'}):`)
    for (const difference of preview.diff) lines.push(`  ${formatDifference(difference)}`)
  }
  return lines
}

function publishedLines(published: PublishedListing | null): string[] {
  if (published === null) return ['last published: nothing published yet']
  if (published.action === 'TOMBSTONE') return [`last published: deleted (tombstone at ${at(published)})`]
  const provenance = `manifest ${published.manifestVersion}, event ${published.sourceEventId}, mapped at ${published.mappedAt}`
  if (published.action === 'DELETE') return [`last published: deleted (DELETE at ${at(published)}; ${provenance})`]
  return [`last published: UPSERT at ${at(published)}; product type ${published.productType}, ${provenance}`]
}
