import { loadConfig, marketplaceVariables } from '@listing-sync/config'
import { LocalStack } from '@listing-sync/stack'

const say = (line: string) => process.stdout.write(`${line}\n`)

/** `listing-sync stack up|down|status`. */
export async function runStack(args: readonly string[]): Promise<number> {
  const stack = new LocalStack({ report: say })
  switch (args[0]) {
    case 'up': {
      const { MARKETPLACES } = loadConfig(marketplaceVariables)
      const result = await stack.up(MARKETPLACES)
      if (result.reused.length > 0) say(`reused running: ${result.reused.join(', ')}`)
      say(`kafka:    ${stack.endpoints.brokers.join(',')}`)
      say(`registry: ${stack.endpoints.registryUrl}`)
      return 0
    }
    case 'down': {
      const stopped = await stack.down()
      say(stopped.length > 0 ? `stopped: ${stopped.join(', ')}` : 'nothing was running')
      return 0
    }
    case 'status': {
      const statuses = await stack.status()
      for (const s of statuses) {
        say(`${s.name.padEnd(9)} ${s.state.padEnd(9)} ${String(s.pid ?? '-').padEnd(8)} ${s.endpoint}  log: ${s.log}`)
      }
      // Non-zero unless everything is healthy, so scripts can wait on it.
      return statuses.every((s) => s.state === 'healthy') ? 0 : 3
    }
    default:
      process.stderr.write('usage: listing-sync stack up|down|status\n')
      return 2
  }
}
