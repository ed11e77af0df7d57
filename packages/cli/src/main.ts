import { parseArgs } from 'node:util'
import { isAppError } from '@listing-sync/errors'
import { runStack } from './commands/stack.js'
import { runStart } from './commands/start.js'

const USAGE = `usage: listing-sync <command>

commands:
  start                 start the stack, the simulators and the services; Ctrl-C stops them
  stack up|down|status  manage the local Kafka + schema registry
  backfill [--restart] [--page-size N]
                        publish the whole Magento catalog to catalog.product.v1 (resumable)
`

/** Entry point of `npx listing-sync`. */
async function main(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: false })
  const [command, ...rest] = positionals
  switch (command) {
    case 'stack':
      return runStack(rest)
    case 'start':
      return runStart()
    case 'backfill': {
      // Loaded on demand: the ingest service's code is only needed by this command.
      const { runBackfillCommand } = await import('@listing-sync/ingest')
      return runBackfillCommand(argv.slice(1))
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
