import type { InboxEntry } from '../state/sync-index.js'
import type { MarketplaceStatus } from '../status/marketplace-status.js'
import { html } from '../web/html.js'
import { page, shownTime } from '../web/layout.js'

/** What the overview shows; also the JSON its script polls (`/api/overview`). */
export interface Overview {
  readonly marketplaces: readonly MarketplaceStatus[]
  readonly recentFailures: readonly InboxEntry[]
  readonly skus: number
  readonly caughtUpSince: number | null
}

/**
 * Per marketplace: status, queue depth, open failures and charts of throughput, errors and depth;
 * then the newest failures. The page is complete as served; its script refreshes it every 2 s.
 */
export function overviewPage(overview: Overview, csrf: string): string {
  return page({
    title: 'Overview',
    csrf,
    scripts: ['/assets/uPlot.min.css', '/assets/uPlot.iife.min.js', '/assets/overview.js'],
    body: html`<h1>Marketplaces</h1>
      <p class="meta" id="meta">${overview.skus} SKUs known · ${overview.caughtUpSince === null ? 'reading the topics…' : 'up to date with the topics'}</p>
      <div class="cards">
        ${overview.marketplaces.map(
          (m) => html`<section class="card" data-marketplace="${m.marketplace}" data-status="${m.status}">
            <h2>${m.marketplace} <span class="status">${m.status}</span></h2>
            <p class="because">${m.because}</p>
            <dl>
              <dt>Queue depth</dt><dd class="depth">${m.depth ?? '–'}</dd>
              <dt>Awaiting mapping</dt><dd class="awaiting-mapping">${m.awaitingMapping ?? '–'}</dd>
              <dt>Dead letters</dt><dd><a class="dlt" href="/inbox?marketplace=${m.marketplace}&amp;kind=dlt">${m.openDeadLetters}</a></dd>
              <dt>Invalid</dt><dd><a class="invalid" href="/inbox?marketplace=${m.marketplace}&amp;kind=invalid">${m.openInvalid}</a></dd>
            </dl>
            <div class="chart" data-chart="${m.marketplace}" aria-label="accepted and failed per second, queue depth"></div>
          </section>`,
        )}
      </div>
      <h2>Recent failures</h2>
      <table id="recent">
        <thead><tr><th>Time</th><th>Marketplace</th><th>SKU</th><th>Kind</th><th>Reason</th></tr></thead>
        <tbody>
          ${overview.recentFailures.map(
            (entry) => html`<tr>
              <td>${shownTime(entry.at)}</td><td>${entry.marketplace}</td>
              <td><a href="/skus/${encodeURIComponent(entry.sku)}">${entry.sku}</a></td>
              <td>${entry.kind === 'dlt' ? 'dead letter' : 'invalid'}</td><td>${entry.errorClass}: ${entry.reasons.join('; ')}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${overview.recentFailures.length === 0 ? html`<p class="empty" id="no-failures">No open failures.</p>` : null}`,
  })
}
