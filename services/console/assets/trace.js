// Loads the last payload each marketplace accepted into the trace page, once the page is shown:
// reading it from its topic takes a moment, the steps do not wait for it.
;(() => {
  for (const details of document.querySelectorAll('details.sent')) {
    const pre = details.querySelector('pre')
    const url = `/api/skus/${encodeURIComponent(details.dataset.sku)}/sent?marketplace=${encodeURIComponent(details.dataset.marketplace)}`
    fetch(url, { headers: { accept: 'application/json' } })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`answered ${response.status}`))))
      .then((sent) => {
        pre.textContent = sent.payload === null ? 'No accepted payload known.' : `${sent.reference ? `reference ${sent.reference}\n` : ''}${JSON.stringify(sent.payload, null, 2)}`
      })
      .catch((error) => (pre.textContent = `Could not read it: ${error.message}`))
  }
})()
