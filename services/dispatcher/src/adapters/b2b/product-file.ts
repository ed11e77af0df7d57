/**
 * A P41 product file: CSV with a header of attribute codes (every code any of the products has,
 * in the order first seen) and one product per line, in the order given, so line n + 2 of the file
 * (the header is line 1) is `products[n]`, as the P44 error report's `error-line` counts. Written as
 * Mirakl writes its own reports: `;`-separated, every value quoted (a quote doubled), so values may
 * hold separators and line breaks; an absent value is an empty cell, which P41 reads as "not set".
 */
export function productFile(products: readonly Readonly<Record<string, unknown>>[]): string {
  const header = [...new Set(products.flatMap((product) => Object.keys(product)))]
  const rows = [header, ...products.map((product) => header.map((code) => cell(product[code])))]
  return rows.map((row) => row.map((value) => `"${value.replaceAll('"', '""')}"`).join(';')).join('\n') + '\n'
}

/** A cell's text: the manifest maps attributes to single values; anything else goes as JSON. */
function cell(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}
