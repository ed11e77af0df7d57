// The `badinput` scenario in its CI form (issue 8): every corpus case against ingest on the real
// broker, with the Commerce signing key configured and the enricher running. Each case gets its
// answer; nothing of a refused case reaches ingest.magento.changes.v1 or catalog.product.v1; the
// accepted cases reach both; ingest is alive after. `npm run bench -- badinput` runs the same
// corpus against ingest as its own process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACCEPTED_CASES, CORPUS } from '../../bench/badinput/corpus.js'
import { runCorpus, summaryTable, type CorpusRun } from '../../bench/badinput/run-corpus.js'
import { runId, testClients } from '../support/clients.js'
import { startIngestHarness, type IngestHarness } from '../support/ingest-harness.js'

const BODY_LIMIT = 64 * 1024

let harness: IngestHarness
let run: CorpusRun

beforeAll(async () => {
  harness = await startIngestHarness({ INGEST_BODY_LIMIT_BYTES: String(BODY_LIMIT) })
  await harness.ingest.start()
  const { kafka } = testClients('badinput')
  run = await runCorpus({ ingestUrl: harness.ingestUrl, kafka, context: { runId: runId(), sign: (body) => harness.sign(body), bodyLimit: BODY_LIMIT } })
}, 180_000)
afterAll(async () => {
  await harness?.stop()
})

describe('the badinput corpus against ingest', () => {
  it.each(CORPUS.map((entry) => [entry.name, entry.expected.status] as const))('%s is answered %i with the expected message', (name) => {
    const result = run.results.find((candidate) => candidate.name === name)!
    expect(result.mismatches).toEqual([])
  })

  it('publishes nothing for a refused request, on either topic', () => {
    for (const topic of run.topics) expect({ topic: topic.topic, leaked: topic.leakedCases }).toEqual({ topic: topic.topic, leaked: [] })
  })

  it('records and publishes every accepted case, as any valid change', () => {
    expect(ACCEPTED_CASES.length).toBeGreaterThan(0)
    for (const topic of run.topics) {
      expect({ topic: topic.topic, missing: topic.acceptedCasesMissing }).toEqual({ topic: topic.topic, missing: [] })
      expect(topic.acceptedCasesPublished).toBe(ACCEPTED_CASES.length)
    }
  })

  it('leaves ingest alive', async () => {
    expect(run.healthStatus).toBe(200)
    expect((await fetch(`${harness.ingestUrl}/healthz`)).status).toBe(200)
    if (run.results.some((result) => !result.ok)) console.log(summaryTable(run))
  })
})
