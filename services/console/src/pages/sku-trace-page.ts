import type { InboxEntry, TraceStep } from '../state/sync-index.js'
import { html } from '../web/html.js'
import { page, shownTime } from '../web/layout.js'

const STAGE_NAMES: Record<TraceStep['stage'], string> = {
  received: 'change received',
  published: 'canonical event',
  deleted: 'deleted in Magento',
  listed: 'listing mapped',
  replayed: 'replayed',
  invalid: 'invalid',
  accepted: 'accepted',
  rejected: 'rejected',
  'dead-lettered': 'dead-lettered',
  discarded: 'discarded',
}

/**
 * Every step of one SKU from Magento to each marketplace, oldest first, with a summary per
 * marketplace: its latest outcome, open failures, the last payload the marketplace accepted
 * (fetched by the page from the listing record, so a trace opens at once) and a preview link.
 */
export function skuTracePage(sku: string, steps: readonly TraceStep[], marketplaces: readonly string[], open: readonly InboxEntry[], csrf: string): string {
  const skuPath = encodeURIComponent(sku)
  return page({
    title: `Trace ${sku}`,
    csrf,
    scripts: ['/assets/trace.js'],
    body: html`<h1>SKU <span class="sku">${sku}</span></h1>
      ${steps.length === 0 ? html`<p class="empty">No record of this SKU on any topic (yet, or any more: retention and compaction keep only so much).</p>` : null}
      <div class="cards">
        ${marketplaces.map((marketplace) => {
          const last = steps.filter((step) => step.marketplace === marketplace && step.stage !== 'discarded').at(-1)
          const failures = open.filter((entry) => entry.marketplace === marketplace)
          return html`<section class="card" data-marketplace="${marketplace}" data-last-stage="${last?.stage ?? 'none'}">
            <h2>${marketplace} <span class="status">${last === undefined ? 'nothing yet' : STAGE_NAMES[last.stage]}</span></h2>
            ${failures.map(
              (entry) => html`<form class="failure" method="post" action="/inbox/actions">
                <input type="hidden" name="_csrf" value="${csrf}" /><input type="hidden" name="id" value="${entry.id}" /><input type="hidden" name="back" value="/skus/${skuPath}" />
                <p>${entry.kind === 'dlt' ? 'Dead letter' : 'Invalid'}: ${entry.errorClass} — ${entry.reasons.join('; ')}${entry.replayedAt === null ? '' : ` (replayed ${shownTime(entry.replayedAt)})`}</p>
                <button name="action" value="replay">Replay</button> <button name="action" value="discard">Discard</button>
              </form>`,
            )}
            <p><a href="/skus/${skuPath}/preview?marketplace=${marketplace}">Preview with the current manifest</a></p>
            <details class="sent" data-sku="${sku}" data-marketplace="${marketplace}"><summary>Last payload accepted</summary><pre>loading…</pre></details>
          </section>`
        })}
      </div>
      <h2>Steps</h2>
      <table class="trace">
        <thead><tr><th>Time</th><th>Step</th><th>Marketplace</th><th>Event id</th><th>Detail</th><th>Payload hash</th><th>Reference</th><th>Record</th></tr></thead>
        <tbody>
          ${steps.map(
            (step) => html`<tr data-stage="${step.stage}">
              <td>${shownTime(step.at)}</td><td>${STAGE_NAMES[step.stage]}</td><td>${step.marketplace ?? '–'}</td>
              <td><code>${step.eventId ?? '–'}</code></td><td>${step.detail}</td>
              <td><code>${step.payloadHash?.slice(0, 12) ?? ''}</code></td><td><code>${step.reference ?? ''}</code></td>
              <td><code>${step.topic}/${step.partition}/${step.offset}</code></td>
            </tr>`,
          )}
        </tbody>
      </table>`,
  })
}

/** SKUs that match a search, when it named none exactly. */
export function skuSearchPage(query: string, found: readonly string[], limit: number, csrf: string): string {
  return page({
    title: 'Find a SKU',
    csrf,
    body: html`<h1>SKUs matching “${query}”</h1>
      ${found.length === 0 ? html`<p class="empty">No known SKU contains “${query}”.</p>` : html`<ul class="skus">${found.map((sku) => html`<li><a href="/skus/${encodeURIComponent(sku)}">${sku}</a></li>`)}</ul>`}
      ${found.length === limit ? html`<p class="meta">The first ${limit} shown; type more of the SKU.</p>` : null}`,
  })
}
