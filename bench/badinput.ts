// The `badinput` scenario (issue 8): the corpus in bench/badinput/corpus.ts against ingest run as
// its own process (webhook receiver and enricher, the Commerce public key configured), as in
// production, so a crash would end the process instead of a test. Checks each answer (status and
// message), that no refused case reached ingest.magento.changes.v1 or catalog.product.v1 while the
// accepted ones reached both, and that ingest still answers /healthz. On a fresh stack of its own
// (empty topics, stopped afterwards), like the other scenarios; needs ports 9092 and 8081 free.
// Run: npm run bench -- badinput
// Writes bench/results/badinput.json and prints a table; exits 1 when a case is wrong.
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Kafka, logLevel } from 'kafkajs'
import { LocalStack } from '@listing-sync/stack'
import { ACCEPTED_CASES, CORPUS } from './badinput/corpus.js'
import { runCorpus, summaryTable } from './badinput/run-corpus.js'
import { ServiceProcess } from './service-process.js'
import { machine, writeResult } from './support.js'

const SIM_PORT = 9111
const INGEST_PORT = 8190
const BODY_LIMIT = 64 * 1024

export async function run() {
  const dir = await mkdtemp(join(tmpdir(), 'listing-sync-bench-badinput-'))
  const stack = new LocalStack({ dir: join(dir, 'stack') })
  try {
    await stack.up(['amazon', 'b2b'])
    await runCorpusAgainstIngest(stack, dir)
  } finally {
    await stack.down()
  }
}

async function runCorpusAgainstIngest(stack: LocalStack, dir: string) {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const publicKeyFile = join(dir, 'webhook.pub.pem')
  await writeFile(publicKeyFile, keys.publicKey.export({ type: 'spki', format: 'pem' }))

  // The enricher warms its caches from Magento at start; the corpus's products are complete, so no case needs it after.
  const magento = await ServiceProcess.start(
    'magento-simulator',
    'simulators/magento/src/main.ts',
    { PORT: String(SIM_PORT), MAGENTO_WEBHOOK_URL: '', LOG_LEVEL: 'warn', LISTING_SYNC_FIXTURES_DIR: fileURLToPath(new URL('../../shared/fixtures/', import.meta.url)) },
    `http://localhost:${SIM_PORT}/healthz`,
    join(dir, 'magento.log'),
  )
  let ingest: ServiceProcess | undefined
  try {
    ingest = await ServiceProcess.start(
      'ingest',
      'services/ingest/src/main.ts',
      {
        INGEST_PORT: String(INGEST_PORT),
        INGEST_BODY_LIMIT_BYTES: String(BODY_LIMIT),
        MAGENTO_BASE_URL: `http://localhost:${SIM_PORT}`,
        MAGENTO_WEBHOOK_PUBLIC_KEY_FILE: publicKeyFile,
        KAFKA_BROKERS: stack.endpoints.brokers.join(','),
        SCHEMA_REGISTRY_URL: stack.endpoints.registryUrl,
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      },
      `http://localhost:${INGEST_PORT}/healthz`,
      join(dir, 'ingest.log'),
    )
    await waitReady(`http://localhost:${INGEST_PORT}/readyz`)

    const kafka = new Kafka({ brokers: stack.endpoints.brokers, clientId: 'bench-badinput', logLevel: logLevel.NOTHING })
    const context = { runId: randomUUID().slice(0, 8), bodyLimit: BODY_LIMIT, sign: (body: Buffer) => createSign('SHA256').update(body).sign(keys.privateKey, 'base64') }
    const started = performance.now()
    const corpusRun = await runCorpus({ ingestUrl: `http://localhost:${INGEST_PORT}`, kafka, context })
    const seconds = Math.round((performance.now() - started) / 100) / 10

    const wrong = corpusRun.results.filter((result) => !result.ok)
    const leaked = corpusRun.topics.flatMap((topic) => topic.leakedCases.map((name) => `${name} on ${topic.topic}`))
    const unpublished = corpusRun.topics.filter((topic) => topic.acceptedCasesPublished !== ACCEPTED_CASES.length).map((topic) => topic.topic)
    const passed = wrong.length === 0 && leaked.length === 0 && unpublished.length === 0 && corpusRun.healthStatus === 200
    const result = {
      benchmark: 'badinput',
      machine: machine(),
      date: new Date().toISOString(),
      seconds,
      corpusSize: CORPUS.length,
      acceptedCases: ACCEPTED_CASES.length,
      refusedCases: CORPUS.length - ACCEPTED_CASES.length,
      casesOk: corpusRun.results.length - wrong.length,
      passed,
      healthStatus: corpusRun.healthStatus,
      topics: corpusRun.topics,
      results: corpusRun.results.map((entry) => ({ name: entry.name, group: entry.group, status: entry.status, expected: entry.expectedStatus, ok: entry.ok, message: entry.message, mismatches: entry.mismatches })),
    }
    await writeResult(result)
    console.log(summaryTable(corpusRun))
    console.log(
      `\n${CORPUS.length} cases (${ACCEPTED_CASES.length} to accept) in ${seconds} s: ${corpusRun.results.length - wrong.length} answered as expected; ` +
        `refused cases published: ${leaked.length === 0 ? 'none' : leaked.join(', ')}; accepted cases missing on: ${unpublished.length === 0 ? 'none' : unpublished.join(', ')}; /healthz ${corpusRun.healthStatus}`,
    )
    if (!passed) process.exitCode = 1
  } finally {
    await ingest?.stop()
    await magento.stop()
    console.log(`logs in ${dir}`)
  }
}

async function waitReady(url: string) {
  for (let i = 0; i < 150; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`${url} never became ready`)
}
