import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { loadConfig, marketplaceVariables } from '@listing-sync/config'
import { defaultStackDir, LocalStack } from '@listing-sync/stack'
import { localConsoleToken, localProcesses, webhookKeys, type ProcessSpec } from '../local-processes.js'

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const say = (line: string) => process.stdout.write(`${line}\n`)

/**
 * `npm start`: the local stack, the simulators and the services, with every URL printed; Ctrl-C
 * stops the processes it started (and the stack, if this command started it).
 */
export async function runStart(): Promise<number> {
  const { MARKETPLACES } = loadConfig(marketplaceVariables)
  const stack = new LocalStack({ report: say })
  const up = await stack.up(MARKETPLACES)
  const logDir = join(defaultStackDir(), 'logs')
  await mkdir(logDir, { recursive: true })

  const env = {
    ...process.env,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? stack.endpoints.brokers.join(','),
    SCHEMA_REGISTRY_URL: process.env.SCHEMA_REGISTRY_URL ?? stack.endpoints.registryUrl,
  }
  const keysDir = join(defaultStackDir(), 'keys')
  const consoleToken = process.env.CONSOLE_TOKEN ?? (await localConsoleToken(keysDir))
  const specs = localProcesses(MARKETPLACES, await webhookKeys(keysDir), consoleToken)
  const children = new Map<string, ChildProcess>()
  let stopping = false

  const stopAll = async () => {
    stopping = true
    say('stopping…')
    await Promise.all([...children.values()].map((child) => stopChild(child)))
    if (up.started.length > 0) say(`stopped stack: ${(await stack.down()).join(', ') || 'nothing'}`)
  }

  for (const spec of specs) {
    const logFile = join(logDir, `${spec.name}.log`)
    const out = openSync(logFile, 'a')
    const child = spawn(process.execPath, [...(spec.nodeArgs ?? []), '--import', 'tsx', spec.entry], {
      cwd: ROOT,
      env: { ...env, ...spec.env },
      stdio: ['ignore', out, out],
    })
    closeSync(out)
    children.set(spec.name, child)
    child.once('exit', (code, signal) => {
      children.delete(spec.name)
      if (!stopping) say(`${spec.name} exited (${signal ?? `code ${code}`}); see ${logFile}`)
    })
  }

  const failures = (await Promise.all(specs.map((spec) => waitHealthy(spec, children, logDir)))).filter(Boolean)
  if (failures.length > 0) {
    for (const failure of failures) say(failure as string)
    await stopAll()
    return 1
  }

  say('\nlisting-sync is running:')
  for (const spec of specs) say(`  ${spec.name.padEnd(20)} http://localhost:${spec.port}  (/healthz /readyz /metrics)`)
  say(`  ${'kafka'.padEnd(20)} ${stack.endpoints.brokers.join(',')}`)
  say(`  ${'schema registry'.padEnd(20)} ${stack.endpoints.registryUrl}/subjects`)
  say(`console: open http://localhost:8085 and sign in with the token ${consoleToken}`)
  say(`logs in ${logDir}; Ctrl-C stops everything`)

  await new Promise<void>((resolve) => {
    const onSignal = () => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      stopAll().then(resolve, resolve)
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
  return 0
}

/** Polls `/healthz` until it answers 200; returns a message if the process died or timed out. */
async function waitHealthy(spec: ProcessSpec, children: ReadonlyMap<string, ChildProcess>, logDir: string): Promise<string | undefined> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (!children.has(spec.name)) {
      const log = await readFile(join(logDir, `${spec.name}.log`), 'utf8').catch(() => '')
      return `${spec.name} exited during start; last log lines:\n${log.split('\n').slice(-15).join('\n')}`
    }
    const ok = await fetch(`http://localhost:${spec.port}/healthz`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false)
    if (ok) return undefined
    await sleep(200)
  }
  return `${spec.name} did not answer /healthz on port ${spec.port} within 60 s`
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}
