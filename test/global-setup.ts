import { existsSync } from 'node:fs'
import type { TestProject } from 'vitest/node'
import { provisionCluster } from '@listing-sync/kafka'
import { LocalStack } from '@listing-sync/stack'

/** Marketplaces whose topics the tests expect. */
const MARKETPLACES = ['amazon', 'b2b']

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string[]
    schemaRegistryUrl: string
    /** `native`: the local stack (started here or already running); `external`: from the environment; `containers`: testcontainers. */
    stackMode: 'native' | 'external' | 'containers'
  }
}

/**
 * Gives the integration tests a real broker and registry: the ones in KAFKA_BROKERS and
 * SCHEMA_REGISTRY_URL if both are set; else containers where a Docker engine answers; else the
 * native local stack, reused if it runs and stopped afterwards only if this run started it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (line: string) => process.stdout.write(`[stack] ${line}\n`)
  let brokers: string[]
  let registryUrl: string
  let teardown: () => Promise<void> = () => Promise.resolve()

  if (process.env.KAFKA_BROKERS && process.env.SCHEMA_REGISTRY_URL) {
    brokers = process.env.KAFKA_BROKERS.split(',')
    registryUrl = process.env.SCHEMA_REGISTRY_URL
    await provisionCluster({ brokers, registryUrl, clientId: 'listing-sync-tests' }, MARKETPLACES)
    project.provide('stackMode', 'external')
  } else if (process.env.DOCKER_HOST || existsSync('/var/run/docker.sock')) {
    const { startContainers } = await import('./support/containers.js')
    const containers = await startContainers()
    brokers = containers.brokers
    registryUrl = containers.registryUrl
    teardown = containers.stop
    await provisionCluster({ brokers, registryUrl, clientId: 'listing-sync-tests' }, MARKETPLACES)
    project.provide('stackMode', 'containers')
  } else {
    const stack = new LocalStack({ report: log })
    // `up` provisions the topics and schemas too.
    const result = await stack.up(MARKETPLACES)
    brokers = stack.endpoints.brokers
    registryUrl = stack.endpoints.registryUrl
    if (result.started.length > 0) {
      teardown = async () => {
        log(`stopping ${(await stack.down()).join(', ')}`)
      }
    }
    project.provide('stackMode', 'native')
  }

  project.provide('kafkaBrokers', brokers)
  project.provide('schemaRegistryUrl', registryUrl)
  return teardown
}
