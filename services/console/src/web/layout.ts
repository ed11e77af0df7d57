import { html, type Html } from './html.js'

/** What every console page has. */
export interface PageOptions {
  readonly title: string
  /** The CSRF token for the page's forms; null on the sign-in page. */
  readonly csrf: string | null
  readonly body: Html
  /** Scripts the page needs besides none (the overview's charts). */
  readonly scripts?: readonly string[]
}

/** A whole console page: header with navigation and SKU search, then the body. */
export function page(options: PageOptions): string {
  const signedIn = options.csrf !== null
  return html`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  ${signedIn ? html`<meta name="csrf-token" content="${options.csrf}" />` : null}
  <title>${options.title} · listing-sync</title>
  <link rel="stylesheet" href="/assets/console.css" />
  ${(options.scripts ?? []).map((src) => (src.endsWith('.css') ? html`<link rel="stylesheet" href="${src}" />` : html`<script src="${src}" defer></script>`))}
</head>
<body>
  <header>
    <a class="brand" href="/">listing-sync</a>
    ${signedIn
      ? html`<nav><a href="/">Overview</a><a href="/inbox">Inbox</a></nav>
    <form class="search" method="get" action="/skus"><input type="search" name="q" placeholder="SKU" aria-label="Find a SKU" /><button type="submit">Trace</button></form>
    <form method="post" action="/logout"><input type="hidden" name="_csrf" value="${options.csrf}" /><button class="link" type="submit">Sign out</button></form>`
      : null}
  </header>
  <main>${options.body}</main>
</body>
</html>`.text
}

/** Time as the console shows it: ISO 8601, UTC, to the second. */
export const shownTime = (ms: number | null): string => (ms === null ? '–' : new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'))
