import { isAppError } from '@listing-sync/errors'
import { runDlt } from './commands/dlt.js'
import { runMappings } from './commands/mappings.js'
import { runPreview } from './commands/preview.js'
import { runProvision } from './commands/provision.js'
import { runStack } from './commands/stack.js'
import { runStart } from './commands/start.js'
import { runTail } from './commands/tail.js'

const USAGE = `usage: listing-sync <command>

commands:
  start                 start the stack, the simulators and the services; Ctrl-C stops them
  stack up|down|status  manage the local Kafka + schema registry
  provision             create every topic and register every schema on KAFKA_BROKERS /
                        SCHEMA_REGISTRY_URL (a cluster of your own; safe to repeat)
  backfill [--restart] [--page-size N]
                        publish the whole Magento catalog to catalog.product.v1 (resumable)
  tail <topic> [--from-beginning] [--max N]
                        print a topic's records as JSON lines, Avro decoded
  mappings check [file...]
                        validate manifests (default: every one in MAPPINGS_DIR) and the
                        product type schemas they name; every problem with its JSON path
  preview --sku <sku> --marketplace <id> [--json]
                        map the SKU's newest catalog.product.v1 record with the current
                        manifest: payload, validation, diff against listing.<id>.v1
  resync --marketplace <id>  re-map the whole catalog with the current manifest; publish what changed
  dlt list --marketplace <id> [--json]
                        the marketplace's dead letters and why each was given up
  dlt replay --marketplace <id> (--sku <sku>[,…] | --from <time> [--to <time>] | --all)
                        send dead letters back, each only while it is still the newest listing
`

/** Entry point of `npx listing-sync`. */
async function main(argv: string[]): Promise<number> {
  // Each command parses its own options; here only the command name is taken.
  const [command, ...rest] = argv
  switch (command) {
    case 'stack':
      return runStack(rest)
    case 'provision':
      return runProvision()
    case 'start':
      return runStart()
    case 'tail':
      return runTail(rest)
    case 'mappings':
      return runMappings(rest)
    case 'preview':
      return runPreview(rest)
    case 'dlt':
      return runDlt(rest)
    case 'backfill': {
      // Loaded on demand: the ingest service's code is only needed by this command.
      const { runBackfillCommand } = await import('@listing-sync/ingest')
      return runBackfillCommand(rest)
    }
    case 'resync':
      // Loaded on demand: the transformer's code is only needed by this command.
      return (await import('./commands/resync.js')).runResync(rest)
    default:
      process.stderr.write(USAGE)
      return command === undefined || command === 'help' ? 0 : 2
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    const code = isAppError(error) ? `${error.code}: ` : ''
    process.stderr.write(`listing-sync: ${code}${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  },
)
