import { formatDifference, type ListingPreview } from '@listing-sync/cli/preview'
import { html } from '../web/html.js'
import { page } from '../web/layout.js'

/** What the current manifest makes of a SKU now, and how that differs from what was last published. */
export function skuPreviewPage(preview: ListingPreview, csrf: string): string {
  const verdict = preview.deleted ? 'deleted in Magento' : preview.valid ? 'valid' : 'invalid'
  return page({
    title: `Preview ${preview.sku}`,
    csrf,
    body: html`<h1>Preview <a class="sku" href="/skus/${encodeURIComponent(preview.sku)}">${preview.sku}</a> on ${preview.marketplace}</h1>
      <p class="meta">Manifest ${preview.manifestVersion} · product type ${preview.productType ?? '–'} · from ${preview.source.topic}/${preview.source.partition}/${preview.source.offset} (event ${preview.source.eventId ?? '–'})</p>
      <p class="verdict" data-valid="${String(preview.valid)}">${verdict}</p>
      ${preview.problems.length > 0 ? html`<h2>Problems</h2><ul class="reasons">${preview.problems.map((p) => html`<li><code>${p.path || '(product)'}</code> ${p.message} [${p.rule}]</li>`)}</ul>` : null}
      ${preview.diff === null ? null : html`<h2>Changes since the last published listing</h2>${preview.diff.length === 0 ? html`<p>None: the marketplace already has this payload.</p>` : html`<ul class="diff">${preview.diff.map((d) => html`<li><code>${formatDifference(d)}</code></li>`)}</ul>`}`}
      <h2>Payload</h2>
      <pre>${preview.payload === null ? '–' : JSON.stringify(preview.payload, null, 2)}</pre>`,
  })
}
