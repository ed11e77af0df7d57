// Keeps the overview current: polls /api/overview every 2 s and redraws statuses, counts, the
// recent failures and the charts (uPlot). Text goes in through textContent, never as HTML.
;(() => {
  const charts = new Map()
  /** Chart points per marketplace; each poll asks only for newer ones. */
  const points = new Map()
  const HOUR_MS = 60 * 60 * 1000
  let since = 0

  function text(parent, selector, value) {
    const element = parent.querySelector(selector)
    if (element) element.textContent = String(value)
  }

  function chart(card, history) {
    const container = card.querySelector('.chart')
    const data = [history.map((p) => p.at / 1000), history.map((p) => p.acceptedPerSecond), history.map((p) => p.errorsPerSecond), history.map((p) => p.depth)]
    let plot = charts.get(container)
    if (!plot) {
      plot = new uPlot(
        {
          width: Math.max(300, container.clientWidth),
          height: 160,
          series: [{}, { label: 'accepted/s', stroke: '#1a7f37' }, { label: 'failed/s', stroke: '#cf222e' }, { label: 'queued', stroke: '#9a6700', scale: 'depth' }],
          axes: [{}, { label: 'per s' }, { side: 1, scale: 'depth', grid: { show: false } }],
        },
        data,
        container,
      )
      charts.set(container, plot)
    } else plot.setData(data)
  }

  function row(entry) {
    const tr = document.createElement('tr')
    const cells = [new Date(entry.at).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'), entry.marketplace, null, entry.kind === 'dlt' ? 'dead letter' : 'invalid', `${entry.errorClass}: ${entry.reasons.join('; ')}`]
    for (const value of cells) {
      const td = document.createElement('td')
      if (value === null) {
        const link = document.createElement('a')
        link.href = `/skus/${encodeURIComponent(entry.sku)}`
        link.textContent = entry.sku
        td.append(link)
      } else td.textContent = value
      tr.append(td)
    }
    return tr
  }

  async function refresh() {
    const response = await fetch(`/api/overview?since=${since}`, { headers: { accept: 'application/json' } })
    if (response.status === 401) return location.assign(`/login?next=${encodeURIComponent(location.pathname)}`)
    const overview = await response.json()
    document.getElementById('meta').textContent = `${overview.skus} SKUs known · ${overview.caughtUpSince === null ? 'reading the topics…' : 'up to date with the topics'}`
    for (const status of overview.marketplaces) {
      const card = document.querySelector(`.card[data-marketplace="${CSS.escape(status.marketplace)}"]`)
      if (!card) continue
      card.dataset.status = status.status
      text(card, '.status', status.status)
      text(card, '.because', status.because)
      text(card, '.depth', status.depth ?? '–')
      text(card, '.awaiting-mapping', status.awaitingMapping ?? '–')
      text(card, '.dlt', status.openDeadLetters)
      text(card, '.invalid', status.openInvalid)
      const known = (points.get(status.marketplace) ?? []).concat(status.history).filter((p) => p.at > Date.now() - HOUR_MS)
      points.set(status.marketplace, known)
      if (known.length > 0) since = Math.max(since, known[known.length - 1].at)
      if (typeof uPlot !== 'undefined') chart(card, known)
    }
    document.querySelector('#recent tbody').replaceChildren(...overview.recentFailures.map(row))
    document.getElementById('no-failures')?.toggleAttribute('hidden', overview.recentFailures.length > 0)
  }

  const loop = () => refresh().catch(() => undefined).finally(() => setTimeout(loop, 2000))
  loop()
})()
