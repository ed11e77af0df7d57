import { once } from 'node:events'
import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import { afterAll, describe, expect, it } from 'vitest'
import { groupSamples, parsePrometheusText, scrapeMetrics, sumSamples } from './metrics-scrape.js'

// Pages written by a real prom-client registry, parsed back; scrapes against a real local server.

const AWKWARD = ['say "hi"', 'C:\\temp\\', 'two\nlines', 'ünïcödé ✓ 日本', '\\n is not a newline', '']

const servers: Server[] = []

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections()
    server.close()
    await once(server, 'close')
  }
})

/** Serves `handler` on a free local port; returns its base URL. */
async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler)
  servers.push(server)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** A registry shaped like the dispatcher's, with label values prom-client has to escape. */
function dispatcherLikeRegistry() {
  const registry = new Registry()
  const calls = new Counter({ name: 'listing_sync_marketplace_calls_total', help: 'Calls with "quotes" and a \\ in the help\nover two lines', labelNames: ['marketplace', 'operation', 'result'] as const, registers: [registry] })
  const seconds = new Histogram({ name: 'listing_sync_marketplace_call_seconds', help: 'Call durations', labelNames: ['marketplace'] as const, buckets: [0.1, 1], registers: [registry] })
  return { registry, calls, seconds }
}

describe('parsePrometheusText', () => {
  it('reads back counter values and label values that prom-client escaped', async () => {
    const { registry, calls } = dispatcherLikeRegistry()
    AWKWARD.forEach((operation, index) => calls.inc({ marketplace: 'amazon', operation, result: 'accepted' }, index + 1))
    calls.inc({ marketplace: 'b2b', operation: 'OF01', result: 'retry' }, 0.25)

    const samples = parsePrometheusText(await registry.metrics())

    expect(samples).toEqual([
      ...AWKWARD.map((operation, index) => ({ name: 'listing_sync_marketplace_calls_total', labels: { marketplace: 'amazon', operation, result: 'accepted' }, value: index + 1 })),
      { name: 'listing_sync_marketplace_calls_total', labels: { marketplace: 'b2b', operation: 'OF01', result: 'retry' }, value: 0.25 },
    ])
  })

  it('reads histogram buckets, sum and count, with le="+Inf"', async () => {
    const { registry, seconds } = dispatcherLikeRegistry()
    for (const duration of [0.05, 0.5, 3]) seconds.observe({ marketplace: 'ama"zon\\\n' }, duration)

    const samples = parsePrometheusText(await registry.metrics())

    const marketplace = 'ama"zon\\\n'
    expect(samples).toEqual([
      { name: 'listing_sync_marketplace_call_seconds_bucket', labels: { le: '0.1', marketplace }, value: 1 },
      { name: 'listing_sync_marketplace_call_seconds_bucket', labels: { le: '1', marketplace }, value: 2 },
      { name: 'listing_sync_marketplace_call_seconds_bucket', labels: { le: '+Inf', marketplace }, value: 3 },
      { name: 'listing_sync_marketplace_call_seconds_sum', labels: { marketplace }, value: 3.55 },
      { name: 'listing_sync_marketplace_call_seconds_count', labels: { marketplace }, value: 3 },
    ])
  })

  it('reads NaN and infinities as prom-client writes them (Nan, +Inf, -Inf)', async () => {
    const registry = new Registry()
    const gauge = new Gauge({ name: 'listing_sync_test_ratio', help: 'A ratio', labelNames: ['case'] as const, registers: [registry] })
    gauge.set({ case: 'nan' }, NaN)
    gauge.set({ case: 'up' }, Infinity)
    gauge.set({ case: 'down' }, -Infinity)

    const values = parsePrometheusText(await registry.metrics()).map((sample) => [sample.labels.case, sample.value])

    expect(values).toEqual([['nan', NaN], ['up', Infinity], ['down', -Infinity]])
  })

  it('reads exponents, timestamps, spacing, a trailing comma and label names that are Object keys', () => {
    const text = [
      '# a free comment',
      '',
      'plain 1.5e3',
      'small -2.5E-2 1712345678901',
      '  spaced { a = "1" , b="2", }\t7  ',
      'nan_spelled NaN',
      'odd{constructor="c",__proto__="p"} 1',
      'windows 3\r',
    ].join('\n')

    const samples = parsePrometheusText(text)

    expect(samples.map(({ name, value }) => [name, value])).toEqual([['plain', 1500], ['small', -0.025], ['spaced', 7], ['nan_spelled', NaN], ['odd', 1], ['windows', 3]])
    expect(samples[2]?.labels).toEqual({ a: '1', b: '2' })
    expect(Object.entries(samples[4]?.labels ?? {})).toEqual([['constructor', 'c'], ['__proto__', 'p']])
  })

  it.each([
    ['a{b="c" 1', `expected ',' or '}' after the value of label "b"`],
    ['a{b=c} 1', `expected '"' to open the value of label "b"`],
    ['a{b} 1', `expected '=' after label "b"`],
    ['a{b="c\\t"} 1', `unknown escape '\\t' in a label value`],
    ['a{b="never closed} 1', 'label value not closed'],
    ['a{b="1",b="2"} 1', 'label "b" given twice'],
    ['a{b="1",', "label set not closed with '}'"],
    ['a{="1"} 1', 'expected a label name'],
    ['9lives 1', 'expected a metric name'],
    ['a', 'missing value'],
    ['a{b="c"}', 'missing value'],
    ['a-1', "unexpected '-' after the metric name"],
    ['a 1x', 'value "1x" is not a number'],
    ['a 0x10', 'value "0x10" is not a number'],
    ['a 1 1.5', 'timestamp "1.5" is not an integer'],
    ['a 1 2 3', 'unexpected "3" after the timestamp'],
  ])('rejects %j, naming the line and the problem', (line, problem) => {
    const text = `# HELP a A metric\n# TYPE a counter\n${line}\n`

    expect(() => parsePrometheusText(text)).toThrow(`metrics line 3: ${problem}`)
  })
})

describe('scrapeMetrics', () => {
  it('parses a live /metrics page served from a registry', async () => {
    const { registry, calls } = dispatcherLikeRegistry()
    calls.inc({ marketplace: 'amazon', operation: 'patchListingsItem', result: 'accepted' }, 4)
    const base = await serve((_request, response) => {
      void registry.metrics().then((text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text))
    })

    const samples = await scrapeMetrics(`${base}/metrics`)

    expect(samples).toEqual([{ name: 'listing_sync_marketplace_calls_total', labels: { marketplace: 'amazon', operation: 'patchListingsItem', result: 'accepted' }, value: 4 }])
  })

  it('rejects with the URL and status when /metrics answers 500', async () => {
    const base = await serve((_request, response) => response.writeHead(500).end('registry broke'))

    await expect(scrapeMetrics(`${base}/metrics`)).rejects.toThrow(`GET ${base}/metrics answered 500 Internal Server Error`)
  })

  it('rejects with the URL when /metrics does not answer within the timeout', async () => {
    const base = await serve(() => {
      // Never answers; afterAll closes the connection.
    })

    await expect(scrapeMetrics(`${base}/metrics`, { timeoutMs: 100 })).rejects.toThrow(`GET ${base}/metrics failed`)
  })
})

describe('sumSamples and groupSamples', () => {
  const samples = parsePrometheusText(
    [
      'listing_sync_marketplace_calls_total{marketplace="amazon",operation="patchListingsItem",result="accepted"} 5',
      'listing_sync_marketplace_calls_total{marketplace="amazon",operation="patchListingsItem",result="retry"} 2',
      'listing_sync_marketplace_calls_total{marketplace="amazon",operation="deleteListingsItem",result="accepted"} 1',
      'listing_sync_marketplace_calls_total{marketplace="b2b",operation="OF01",result="accepted"} 3',
      'listing_sync_marketplace_throttled_total{marketplace="amazon",operation="patchListingsItem"} 9',
      'listing_sync_marketplace_calls_total 100',
    ].join('\n'),
  )

  it('sums the samples of one metric whose labels match the filter', () => {
    expect(sumSamples(samples, 'listing_sync_marketplace_calls_total', { marketplace: 'amazon' })).toBe(8)
    expect(sumSamples(samples, 'listing_sync_marketplace_calls_total', { marketplace: 'amazon', result: 'accepted' })).toBe(6)
    expect(sumSamples(samples, 'listing_sync_marketplace_calls_total', {})).toBe(111)
    expect(sumSamples(samples, 'listing_sync_marketplace_calls_total', { marketplace: 'nowhere' })).toBe(0)
  })

  it('sums per value of one label, counting samples without it under the empty string', () => {
    expect(groupSamples(samples, 'listing_sync_marketplace_calls_total', 'marketplace')).toEqual(new Map([['amazon', 8], ['b2b', 3], ['', 100]]))
    expect(groupSamples(samples, 'listing_sync_marketplace_calls_total', 'toString')).toEqual(new Map([['', 111]]))
  })
})
