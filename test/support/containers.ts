import { KafkaContainer } from '@testcontainers/kafka'
import { GenericContainer, Network, Wait } from 'testcontainers'

/**
 * Kafka (KRaft) and Apicurio Registry in containers, for machines with a Docker engine. The
 * project's own CI has no engine and uses the native stack; this path is kept for contributors.
 */
export async function startContainers(): Promise<{ brokers: string[]; registryUrl: string; stop: () => Promise<void> }> {
  const network = await new Network().start()
  const kafka = await new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().withNetwork(network).start()
  const registry = await new GenericContainer('apicurio/apicurio-registry:3.0.9')
    .withExposedPorts(8080)
    .withWaitStrategy(Wait.forHttp('/apis/ccompat/v7/subjects', 8080))
    .start()
  return {
    brokers: [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`],
    registryUrl: `http://${registry.getHost()}:${registry.getMappedPort(8080)}/apis/ccompat/v7`,
    stop: async () => {
      await registry.stop()
      await kafka.stop()
      await network.stop()
    },
  }
}
