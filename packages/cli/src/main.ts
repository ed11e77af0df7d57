import { isAppError } from '@listing-sync/errors'
import { runStack } from './commands/stack.js'
import { runStart } from './commands/start.js'
import { runTail } from './commands/tail.js'

const USAGE = `usage: listing-sync <command>

commands:
  start                 start the stack, the simulators and the services; Ctrl-C stops them
  stack up|down|status  manage the local Kafka + schema registry
  backfill [--restart] [--page-size N]
                        publish the whole Magento catalog to catalog.product.v1 (resumable)
  tail <topic> [--from-beginning] [--max N]
                        print a topic's records as JSON lines, Avro decoded
`

/** Entry point of `npx listing-sync`. */
async function main(argv: string[]): Promise<number> {
  // Each command parses its own options; here only the command name is taken.
  const [command, ...rest] = argv
  switch (command) {
    case 'stack':
      return runStack(rest)
    case 'start':
      return runStart()
    case 'tail':
      return runTail(rest)
    case 'backfill': {
      // Loaded on demand: the ingest service's code is only needed by this command.
      const { runBackfillCommand } = await import('@listing-sync/ingest')
      return runBackfillCommand(rest)
    }
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
