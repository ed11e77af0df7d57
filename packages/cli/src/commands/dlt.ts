import { parseArgs } from 'node:util'
import { kafkaVariables, loadConfig } from '@listing-sync/config'
import { AvroRegistry, createKafka, kafkaSecurity, createProducer } from '@listing-sync/kafka'
import { createLogger } from '@listing-sync/observability'
import { stdout, type Output } from '../output.js'

const USAGE = `usage: listing-sync dlt list --marketplace <id> [--json]
       listing-sync dlt replay --marketplace <id> (--sku <sku>[,<sku>…] | --from <time> [--to <time>] | --all)
`

/**
 * \`listing-sync dlt list|replay\`: the dead letters of a marketplace with why each was given up,
 * and their replay, which re-sends a listing only while it is still the newest one of its SKU.
 */
export async function runDlt(args: readonly string[], out: Output = stdout): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { marketplace: { type: 'string' }, sku: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, all: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  })
  const [action] = positionals
  const marketplace = values.marketplace
  if ((action !== 'list' && action !== 'replay') || !marketplace) {
    process.stderr.write(USAGE)
    return 2
  }
  const config = loadConfig(kafkaVariables)
  const log = createLogger({ service: 'dlt', level: 'warn' })
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-dlt`, log, security: kafkaSecurity(config) })
  // The dispatcher's code is only needed by this command.
  const { readDeadLetters, replayDeadLetters } = await import('@listing-sync/dispatcher')
  if (action === 'list') {
    const letters = await readDeadLetters(kafka, marketplace)
    if (values.json) {
      for (const letter of letters) out(`${JSON.stringify({ ...letter, value: undefined })}\n`)
      return 0
    }
    out(`${letters.length} dead letter(s) on listing.${marketplace}.dlt\n`)
    for (const letter of letters) {
      out(`${letter.deadLetteredAt.toISOString()}  ${letter.sku}  ${letter.errorClass}  attempts ${letter.attempts}  from ${letter.source.topic}/${letter.source.partition}/${letter.source.offset}\n    ${letter.message}\n`)
    }
    return 0
  }
  const selection = selectionOf(values)
  if (typeof selection === 'string') {
    process.stderr.write(`listing-sync dlt replay: ${selection}\n${USAGE}`)
    return 2
  }
  const registry = new AvroRegistry(config.SCHEMA_REGISTRY_URL)
  const producer = createProducer(kafka)
  await producer.connect()
  try {
    const report = await replayDeadLetters(kafka, registry, producer, marketplace, selection)
    if (values.json) {
      out(`${JSON.stringify({ replayed: report.replayed.map((l) => l.sku), superseded: report.superseded.map((l) => l.sku), undecodable: report.undecodable.map((l) => l.sku) })}\n`)
    } else {
      out(`replayed ${report.replayed.length}: ${report.replayed.map((l) => l.sku).join(', ') || '-'}\n`)
      out(`superseded by a newer listing, not replayed ${report.superseded.length}: ${report.superseded.map((l) => l.sku).join(', ') || '-'}\n`)
      out(`undecodable, nothing to replay ${report.undecodable.length}: ${report.undecodable.map((l) => l.sku).join(', ') || '-'}\n`)
    }
    return 0
  } finally {
    await producer.disconnect()
  }
}

/** The replay selection the options name, or what is wrong with them. */
function selectionOf(values: { sku?: string; from?: string; to?: string; all?: boolean }) {
  const chosen = [values.sku !== undefined, values.from !== undefined || values.to !== undefined, values.all === true].filter(Boolean).length
  if (chosen !== 1) return 'name exactly one of --sku, --from/--to, --all'
  if (values.all) return { all: true } as const
  if (values.sku !== undefined) return { skus: values.sku.split(',').map((sku) => sku.trim()).filter(Boolean) }
  const from = values.from === undefined ? undefined : new Date(values.from)
  const to = values.to === undefined ? undefined : new Date(values.to)
  if ((from && Number.isNaN(from.getTime())) || (to && Number.isNaN(to.getTime()))) return '--from and --to take ISO 8601 times, e.g. 2026-11-27T10:00:00Z'
  return { from, to }
}
