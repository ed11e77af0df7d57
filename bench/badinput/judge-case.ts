// Sends one corpus case to a running ingest and judges its answer against the expected one.
import { caseEventId, type BadInputCase, type CorpusContext } from './corpus.js'

/** One case's outcome, as the benchmark's JSON result and the test report it. */
export interface CaseResult {
  readonly name: string
  readonly group: string
  readonly eventId: string
  readonly expectedStatus: number
  readonly status: number
  readonly message: string
  /** Every way the answer differs from the expected one; empty when it matches. */
  readonly mismatches: readonly string[]
  readonly ok: boolean
}

interface ErrorAnswer {
  message?: unknown
  problems?: unknown
}

/** Posts the case to `<ingestUrl>/webhooks/magento` and compares status, message and problems. */
export async function judgeCase(ingestUrl: string, entry: BadInputCase, context: CorpusContext): Promise<CaseResult> {
  const { headers, body } = entry.request(context)
  const response = await fetch(`${ingestUrl}/webhooks/magento`, { method: 'POST', headers, body })
  const text = await response.text()
  let answer: ErrorAnswer = {}
  try {
    answer = JSON.parse(text) as ErrorAnswer
  } catch {
    // Not JSON: judged on the text below.
  }
  const message = typeof answer.message === 'string' ? answer.message : text
  const mismatches: string[] = []
  const expected = entry.expected
  if (response.status !== expected.status) mismatches.push(`status ${response.status}, expected ${expected.status}`)
  if (!message.includes(expected.fragment)) mismatches.push(`message ${JSON.stringify(message.slice(0, 300))} lacks ${JSON.stringify(expected.fragment)}`)
  if (response.status >= 400 && response.status < 500) mismatches.push(...problemMismatches(answer.problems, expected.problems ?? [], response.status))
  return {
    name: entry.name,
    group: entry.group,
    eventId: caseEventId(context, entry.name),
    expectedStatus: expected.status,
    status: response.status,
    message: message.slice(0, 300),
    mismatches,
    ok: mismatches.length === 0,
  }
}

/** A 400 lists every problem with a path, a rule and a message; the expected ones must be among them. */
function problemMismatches(problems: unknown, expected: readonly { path: string; rule: string }[], status: number): string[] {
  if (status !== 400) return []
  if (!Array.isArray(problems) || problems.length === 0) return ['a 400 without problems']
  const listed = problems as { path?: unknown; rule?: unknown; message?: unknown }[]
  const mismatches: string[] = []
  for (const problem of listed) {
    if (typeof problem.path !== 'string' || typeof problem.rule !== 'string' || typeof problem.message !== 'string' || problem.message === '') {
      mismatches.push(`problem without path, rule and message: ${JSON.stringify(problem).slice(0, 200)}`)
    }
  }
  for (const want of expected) {
    if (!listed.some((problem) => problem.path === want.path && problem.rule === want.rule)) {
      mismatches.push(`no problem ${want.path}: ${want.rule} among ${listed.map((p) => `${String(p.path)}: ${String(p.rule)}`).join('; ').slice(0, 300)}`)
    }
  }
  return mismatches
}
