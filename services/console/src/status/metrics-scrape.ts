// Reads the Prometheus text exposition format (0.0.4) that our services' /metrics endpoints serve
// through prom-client. The console reads the dispatchers' call counters straight from their
// /metrics, so no Prometheus server is needed locally.
// Format: https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format

/** One series value from a /metrics page: `name{labels} value`. */
export interface MetricSample {
  readonly name: string
  readonly labels: Readonly<Record<string, string>>
  readonly value: number
}

const METRIC_NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y
const LABEL_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y
const BLANKS = /[ \t]*/y
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const TIMESTAMP = /^-?\d+$/
/** The only escapes the format allows inside a label value. */
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', n: '\n' }

/**
 * Parses a /metrics page into its samples, in page order. `# HELP`, `# TYPE`, other comments and
 * blank lines are skipped; timestamps are checked but dropped. Throws on the first malformed line,
 * naming its number and what is wrong.
 */
export function parsePrometheusText(text: string): MetricSample[] {
  const samples: MetricSample[] = []
  text.split('\n').forEach((line, index) => {
    const trimmed = line.trim()
    if (trimmed !== '' && !trimmed.startsWith('#')) samples.push(parseSampleLine(trimmed, index + 1))
  })
  return samples
}

function parseSampleLine(line: string, lineNumber: number): MetricSample {
  let pos = 0
  const fail = (what: string): never => {
    const shown = line.length > 200 ? `${line.slice(0, 200)}…` : line
    throw new Error(`metrics line ${lineNumber}: ${what}: ${JSON.stringify(shown)}`)
  }
  const match = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = pos
    const found = pattern.exec(line)?.[0]
    if (found !== undefined) pos += found.length
    return found
  }
  const expect = (char: string, after: string) => {
    match(BLANKS)
    if (line[pos] !== char) fail(`expected '${char}' ${after}`)
    pos++
  }

  const name = match(METRIC_NAME) ?? fail('expected a metric name')
  const spaced = match(BLANKS) !== ''
  const labels = new Map<string, string>()
  if (line[pos] === '{') {
    pos++
    match(BLANKS)
    while (line[pos] !== '}') {
      if (pos >= line.length) fail("label set not closed with '}'")
      const label = match(LABEL_NAME) ?? fail('expected a label name')
      if (labels.has(label)) fail(`label "${label}" given twice`)
      expect('=', `after label "${label}"`)
      expect('"', `to open the value of label "${label}"`)
      labels.set(label, readLabelValue())
      match(BLANKS)
      // A trailing comma before '}' is allowed by the format.
      if (line[pos] === ',') {
        pos++
        match(BLANKS)
      } else if (line[pos] !== '}') {
        fail(`expected ',' or '}' after the value of label "${label}"`)
      }
    }
    pos++
  } else if (!spaced && pos < line.length) {
    fail(`unexpected '${line[pos]}' after the metric name`)
  }

  const [valueText = '', timestamp, ...extra] = line.slice(pos).trim().split(/[ \t]+/)
  if (valueText === '') fail('missing value')
  const value = parseValue(valueText) ?? fail(`value "${valueText}" is not a number`)
  if (timestamp !== undefined && !TIMESTAMP.test(timestamp)) fail(`timestamp "${timestamp}" is not an integer`)
  if (extra.length > 0) fail(`unexpected "${extra.join(' ')}" after the timestamp`)
  // No prototype, so label names such as `constructor` or `__proto__` are plain keys.
  return { name, labels: Object.assign(Object.create(null) as Record<string, string>, Object.fromEntries(labels)), value }

  /** Reads up to the closing quote, undoing the escapes; `pos` starts just after the opening quote. */
  function readLabelValue(): string {
    let value = ''
    for (;;) {
      const char = line[pos]
      if (char === undefined) return fail('label value not closed with \'"\'')
      pos++
      if (char === '"') return value
      if (char !== '\\') {
        value += char
        continue
      }
      const escaped = ESCAPES[line[pos] ?? '']
      if (escaped === undefined) fail(`unknown escape '\\${line[pos] ?? ''}' in a label value (only \\\\, \\" and \\n)`)
      value += escaped
      pos++
    }
  }
}

/** A sample value: a decimal float, or NaN / +Inf / -Inf in any case (prom-client writes `Nan`). */
function parseValue(text: string): number | undefined {
  if (/^nan$/i.test(text)) return NaN
  if (/^[+-]?inf$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity
  return DECIMAL.test(text) ? Number(text) : undefined
}

/**
 * GETs a service's /metrics page and parses it. Rejects, naming the URL, when the call fails or
 * times out (default 2000 ms) or the answer is not 200.
 */
export async function scrapeMetrics(url: string, options: { timeoutMs?: number } = {}): Promise<MetricSample[]> {
  const signal = AbortSignal.timeout(options.timeoutMs ?? 2000)
  let response: Response
  try {
    response = await fetch(url, { signal, headers: { accept: 'text/plain; version=0.0.4' } })
  } catch (error) {
    // fetch's own message ("fetch failed") names neither the URL nor the reason, which sits in `cause`.
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)
    throw new Error(`GET ${url} failed: ${reason}`, { cause: error })
  }
  if (response.status !== 200) {
    // Release the connection; the body of an error page is of no use here.
    await response.body?.cancel()
    throw new Error(`GET ${url} answered ${response.status} ${response.statusText}`.trimEnd())
  }
  return parsePrometheusText(await response.text())
}

/** Sum of the samples named `name` whose labels include every entry of `filter`. */
export function sumSamples(samples: readonly MetricSample[], name: string, filter: Readonly<Record<string, string>> = {}): number {
  const wanted = Object.entries(filter)
  return samples
    .filter((sample) => sample.name === name && wanted.every(([label, value]) => sample.labels[label] === value))
    .reduce((sum, sample) => sum + sample.value, 0)
}

/**
 * Sum of the samples named `name` per value of the label `byLabel`, like PromQL's `sum by`: a
 * sample without that label counts under ''.
 */
export function groupSamples(samples: readonly MetricSample[], name: string, byLabel: string): Map<string, number> {
  const groups = new Map<string, number>()
  for (const sample of samples) {
    if (sample.name !== name) continue
    const key = sample.labels[byLabel] ?? ''
    groups.set(key, (groups.get(key) ?? 0) + sample.value)
  }
  return groups
}
