import type { InboxEntry, InboxKind } from '../state/sync-index.js'
import { html } from '../web/html.js'
import { page, shownTime } from '../web/layout.js'

/** The inbox filter, from the query string. */
export interface InboxFilter {
  readonly marketplace: string | null
  readonly kind: InboxKind | null
  /** Part of a SKU, an error class or a reason. */
  readonly q: string
  readonly page: number
}

export const INBOX_PAGE_SIZE = 100

/** The open entries a filter selects, newest first. */
export function filterEntries(all: readonly InboxEntry[], filter: InboxFilter): InboxEntry[] {
  const needle = filter.q.trim().toLowerCase()
  return all.filter(
    (entry) =>
      (filter.marketplace === null || entry.marketplace === filter.marketplace) &&
      (filter.kind === null || entry.kind === filter.kind) &&
      (needle === '' || entry.sku.toLowerCase().includes(needle) || entry.errorClass.toLowerCase().includes(needle) || entry.reasons.some((reason) => reason.toLowerCase().includes(needle))),
  )
}

/** Dead letters and `.invalid` products with their reasons; replay or discard some or all. */
export function inboxPage(entries: readonly InboxEntry[], filter: InboxFilter, marketplaces: readonly string[], notice: string | null, csrf: string): string {
  const pages = Math.max(1, Math.ceil(entries.length / INBOX_PAGE_SIZE))
  const current = Math.min(filter.page, pages)
  const shown = entries.slice((current - 1) * INBOX_PAGE_SIZE, current * INBOX_PAGE_SIZE)
  const query = (p: number) => `/inbox?marketplace=${filter.marketplace ?? ''}&kind=${filter.kind ?? ''}&q=${encodeURIComponent(filter.q)}&page=${p}`
  return page({
    title: 'Inbox',
    csrf,
    body: html`<h1>Inbox</h1>
      <form class="filter" method="get" action="/inbox">
        <label>Marketplace <select name="marketplace"><option value="">all</option>${marketplaces.map((m) => html`<option value="${m}" ${filter.marketplace === m ? 'selected' : ''}>${m}</option>`)}</select></label>
        <label>Kind <select name="kind"><option value="">all</option><option value="dlt" ${filter.kind === 'dlt' ? 'selected' : ''}>dead letters</option><option value="invalid" ${filter.kind === 'invalid' ? 'selected' : ''}>invalid</option></select></label>
        <label>Search <input type="search" name="q" value="${filter.q}" placeholder="SKU, error or reason" /></label>
        <button type="submit">Filter</button>
      </form>
      ${notice === null ? null : html`<p class="notice" role="status">${notice}</p>`}
      <form method="post" action="/inbox/actions">
        <input type="hidden" name="_csrf" value="${csrf}" />
        <input type="hidden" name="marketplace" value="${filter.marketplace ?? ''}" />
        <input type="hidden" name="kind" value="${filter.kind ?? ''}" />
        <input type="hidden" name="q" value="${filter.q}" />
        <div class="actions">
          <span>${entries.length} open</span>
          <button name="action" value="replay">Replay selected</button>
          <button name="action" value="discard">Discard selected</button>
          <button name="action" value="replay-all" ${entries.length === 0 ? 'disabled' : ''}>Replay all ${entries.length}</button>
          <button name="action" value="discard-all" ${entries.length === 0 ? 'disabled' : ''}>Discard all ${entries.length}</button>
        </div>
        <table class="inbox">
          <thead><tr><th></th><th>Time</th><th>Marketplace</th><th>SKU</th><th>Kind</th><th>Error</th><th>Reasons</th><th>Attempts</th><th>State</th></tr></thead>
          <tbody>
            ${shown.map(
              (entry) => html`<tr data-sku="${entry.sku}">
                <td><input type="checkbox" name="id" value="${entry.id}" aria-label="select ${entry.sku}" /></td>
                <td>${shownTime(entry.at)}</td><td>${entry.marketplace}</td>
                <td><a href="/skus/${encodeURIComponent(entry.sku)}">${entry.sku}</a></td>
                <td>${entry.kind === 'dlt' ? 'dead letter' : 'invalid'}</td><td>${entry.errorClass}</td>
                <td><ul class="reasons">${entry.reasons.map((reason) => html`<li>${reason}</li>`)}</ul></td>
                <td>${entry.kind === 'dlt' ? entry.attempts : '–'}</td>
                <td>${entry.replayedAt === null ? 'open' : `replayed ${shownTime(entry.replayedAt)}, awaiting the marketplace`}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </form>
      ${entries.length === 0 ? html`<p class="empty">Nothing to do: no open failures${filter.q || filter.marketplace || filter.kind ? ' match the filter' : ''}.</p>` : null}
      ${pages > 1 ? html`<nav class="pages">${Array.from({ length: pages }, (_, i) => i + 1).filter((p) => p === 1 || p === pages || Math.abs(p - current) <= 3).map((p) => (p === current ? html`<strong>${p}</strong>` : html`<a href="${query(p)}">${p}</a>`))}</nav>` : null}`,
  })
}
