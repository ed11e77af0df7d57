// Runs the whole corpus against a running ingest (receiver and enricher) and checks what reached
// the broker: the refused cases nothing, the accepted ones their change and their canonical event.
import { CATALOG_PRODUCT_TOPIC, INGEST_CHANGES_TOPIC } from '@listing-sync/kafka'
import type { Kafka } from 'kafkajs'
import { CORPUS, caseEventId, type BadInputCase, type CorpusContext } from './corpus.js'
import { judgeCase, type CaseResult } from './judge-case.js'
import { TopicRecorder } from './topic-recorder.js'

/** What a topic received during the run. */
export interface TopicReport {
  readonly topic: string
  /** Records written by anyone between start and end (end offsets minus start offsets). */
  readonly offsetsAdvanced: number
  /** Refused cases that have a record on the topic: must be empty. */
  readonly leakedCases: readonly string[]
  /** Accepted cases that have a record on the topic. */
  readonly acceptedCasesPublished: number
  /** Accepted cases that have none (the enricher dropped or has not yet published them). */
  readonly acceptedCasesMissing: readonly string[]
  /** Records of other writers sharing the topic meanwhile (another test, a running stack). */
  readonly otherRecords: number
}

export interface CorpusRun {
  readonly results: readonly CaseResult[]
  readonly topics: readonly TopicReport[]
  /** GET /healthz after the corpus. */
  readonly healthStatus: number
}

export interface RunCorpusOptions {
  readonly ingestUrl: string
  readonly kafka: Kafka
  readonly context: CorpusContext
  readonly cases?: readonly BadInputCase[]
}

export async function runCorpus(options: RunCorpusOptions): Promise<CorpusRun> {
  const cases = options.cases ?? CORPUS
  const recorders = [new TopicRecorder(options.kafka, INGEST_CHANGES_TOPIC), new TopicRecorder(options.kafka, CATALOG_PRODUCT_TOPIC)]
  await Promise.all(recorders.map((recorder) => recorder.start()))
  try {
    // One at a time: each answer is judged on its own, as Magento sends hooks one per save.
    const results: CaseResult[] = []
    for (const entry of cases) results.push(await judgeCase(options.ingestUrl, entry, options.context))
    const healthStatus = (await fetch(`${options.ingestUrl}/healthz`)).status

    const accepted = results.filter((result) => result.status === 200)
    const acceptedIds = accepted.map((result) => result.eventId)
    const refusedIds = new Map(results.filter((result) => result.status !== 200).map((result) => [result.eventId, result.name]))
    const [changes, catalog] = recorders as [TopicRecorder, TopicRecorder]
    // A change is on the broker before its 200; the canonical event follows through the enricher,
    // which must run beside the receiver (a missing event shows in the report).
    await catalog.waitForEventIds(acceptedIds, 60_000)
    const topics: TopicReport[] = []
    for (const recorder of [changes, catalog]) {
      const ends = await recorder.drain()
      const ours = new Set(cases.map((entry) => caseEventId(options.context, entry.name)))
      const published = new Set(recorder.records.map((record) => record.eventId))
      topics.push({
        topic: recorder.topic,
        offsetsAdvanced: Number(recorder.offsetsAdvanced(ends)),
        leakedCases: [...new Set(recorder.records.flatMap((record) => (record.eventId !== undefined && refusedIds.has(record.eventId) ? [refusedIds.get(record.eventId)!] : [])))],
        acceptedCasesPublished: accepted.filter((result) => published.has(result.eventId)).length,
        acceptedCasesMissing: accepted.filter((result) => !published.has(result.eventId)).map((result) => result.name),
        otherRecords: recorder.records.filter((record) => record.eventId === undefined || !ours.has(record.eventId)).length,
      })
    }
    return { results, topics, healthStatus }
  } finally {
    await Promise.all(recorders.map((recorder) => recorder.stop()))
  }
}

/** The run as a table: one line per case, then one per topic. */
export function summaryTable(run: CorpusRun): string {
  const lines = ['| case | group | expected | got | ok |', '|---|---|---|---|---|']
  for (const result of run.results) lines.push(`| ${result.name} | ${result.group} | ${result.expectedStatus} | ${result.status} | ${result.ok ? 'yes' : `NO: ${result.mismatches.join('; ').replace(/\|/g, '\\|')}`} |`)
  lines.push('', '| topic | offsets advanced | accepted cases published | refused cases published | other writers |', '|---|---|---|---|---|')
  for (const topic of run.topics) {
    const missing = topic.acceptedCasesMissing.length === 0 ? '' : ` (missing: ${topic.acceptedCasesMissing.join(', ')})`
    lines.push(`| ${topic.topic} | ${topic.offsetsAdvanced} | ${topic.acceptedCasesPublished}${missing} | ${topic.leakedCases.length === 0 ? 0 : topic.leakedCases.join(', ')} | ${topic.otherRecords} |`)
  }
  return lines.join('\n')
}
