// Mirakl's CSV reports, as OF03's example in the seller spec shows them: values separated by `;`,
// every value in double quotes (a quote inside doubled), one line per row ending in \n. That is
// all a writer needs here, so there is no CSV library for it (csv-parse, a dependency, only reads).

/** One report as CSV text. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map((value) => `"${value.replaceAll('"', '""')}"`).join(';')).join('\n') + '\n'
}

/** The text of a cell for any JSON value: empty for null/absent, JSON for objects. */
export function cell(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  return JSON.stringify(value) ?? ''
}
