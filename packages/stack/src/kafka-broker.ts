import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Kafka, logLevel } from 'kafkajs'
import { ManagedProcess } from './managed-process.js'
import { mvn } from './maven.js'
import type { StackComponent } from './stack-component.js'

const run = promisify(execFile)
const POM = fileURLToPath(new URL('../maven/kafka-runtime.pom.xml', import.meta.url))

/**
 * A cluster id as `kafka-storage random-uuid` prints it: 16 random bytes, base64url. Like Kafka's
 * Uuid.randomUuid, never one that starts with '-', which the storage tool's argument parser would
 * take for an option (one fresh stack in 64 failed to format before this).
 */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url')
    if (!id.startsWith('-')) return id
  }
}

/** Ports of the local broker. */
export const KAFKA_PORT = 9092
const CONTROLLER_PORT = 9093

/**
 * A second listener that requires SASL/PLAIN with this user, so the services' SASL settings
 * (KAFKA_SASL_*) can be tried and tested against a real broker. Local use only: the password is
 * not a secret.
 */
export const LOCAL_SASL_LISTENER = { broker: 'localhost:9095', mechanism: 'plain', username: 'listing-sync', password: 'listing-sync-local' } as const
const SASL_PORT = 9095

/**
 * A single-node Apache Kafka in KRaft mode (broker and controller in one JVM), run from its Maven
 * Central jars. Data lives under `<stackDir>/kafka/data` and survives `down`/`up`.
 */
export class KafkaBroker implements StackComponent {
  readonly name = 'kafka'
  readonly ports = [KAFKA_PORT, CONTROLLER_PORT, SASL_PORT]
  readonly endpoint = `localhost:${KAFKA_PORT}`
  readonly process: ManagedProcess
  private readonly dir: string

  constructor(stackDir: string) {
    this.dir = join(stackDir, 'kafka')
    this.process = new ManagedProcess('kafka', join(this.dir, 'kafka.pid'), join(this.dir, 'kafka.log'), this.dir)
  }

  private get configFile() {
    return join(this.dir, 'server.properties')
  }

  async prepare(): Promise<void> {
    await mkdir(join(this.dir, 'data'), { recursive: true })
    await this.writeConfig()
    const classpath = await this.classpath()
    if (!existsSync(join(this.dir, 'data', 'meta.properties'))) {
      const clusterId = newClusterId()
      await this.java(classpath, ['kafka.tools.StorageTool', 'format', '--cluster-id', clusterId, '--config', this.configFile])
    }
  }

  async launch(): Promise<number> {
    const classpath = await this.classpath()
    return this.process.start('java', [
      '-Xms256m',
      '-Xmx512m',
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${join(this.dir, 'log4j2.properties')}`,
      '-cp',
      classpath,
      'kafka.Kafka',
      this.configFile,
    ])
  }

  async healthy(): Promise<boolean> {
    const admin = new Kafka({
      brokers: [`localhost:${KAFKA_PORT}`],
      clientId: 'listing-sync-stack',
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1000,
      requestTimeout: 2000,
      retry: { retries: 0 },
    }).admin()
    try {
      await admin.connect()
      const cluster = await admin.describeCluster()
      return cluster.brokers.length > 0
    } catch {
      return false
    } finally {
      await admin.disconnect().catch(() => undefined)
    }
  }

  /** The broker's classpath, resolved by Maven once and again only when the pom changes. */
  private async classpath(): Promise<string> {
    const pom = await readFile(POM)
    const hash = createHash('sha256').update(pom).digest('hex').slice(0, 16)
    const file = join(this.dir, `classpath-${hash}.txt`)
    const cached = await readFile(file, 'utf8').catch(() => undefined)
    if (cached && cached.split(':').every((jar) => existsSync(jar))) return cached.trim()
    await mvn(['-f', POM, 'dependency:build-classpath', `-Dmdep.outputFile=${file}`], this.dir)
    return (await readFile(file, 'utf8')).trim()
  }

  private async java(classpath: string, args: readonly string[]): Promise<void> {
    try {
      await run('java', ['-cp', classpath, ...args])
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
      throw new Error(`${args.join(' ')} failed:\n${stdout}${stderr}`, { cause: error })
    }
  }

  private async writeConfig(): Promise<void> {
    const config = {
      'process.roles': 'broker,controller',
      'node.id': '1',
      'controller.quorum.voters': `1@127.0.0.1:${CONTROLLER_PORT}`,
      listeners: `PLAINTEXT://127.0.0.1:${KAFKA_PORT},CONTROLLER://127.0.0.1:${CONTROLLER_PORT},SASL_PLAINTEXT://127.0.0.1:${SASL_PORT}`,
      'advertised.listeners': `PLAINTEXT://localhost:${KAFKA_PORT},SASL_PLAINTEXT://localhost:${SASL_PORT}`,
      'controller.listener.names': 'CONTROLLER',
      'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT',
      'sasl.enabled.mechanisms': 'PLAIN',
      'listener.name.sasl_plaintext.plain.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required user_${LOCAL_SASL_LISTENER.username}="${LOCAL_SASL_LISTENER.password}";`,
      'inter.broker.listener.name': 'PLAINTEXT',
      'log.dirs': join(this.dir, 'data'),
      // One broker: every internal topic has one replica.
      'offsets.topic.replication.factor': '1',
      'transaction.state.log.replication.factor': '1',
      'transaction.state.log.min.isr': '1',
      'share.coordinator.state.topic.replication.factor': '1',
      'share.coordinator.state.topic.min.isr': '1',
      // Topics are created by code with declared partitions; a typo must not create one silently.
      'auto.create.topics.enable': 'false',
      // Consumer groups in tests and the demo start at once instead of waiting 3 s for more members.
      'group.initial.rebalance.delay.ms': '0',
      'num.partitions': '1',
      // Compaction of the small demo topics runs soon enough to be observable.
      'log.cleaner.min.compaction.lag.ms': '0',
      // The cleaner looks for work every second rather than every 15 s, so that tests see it run.
      'log.cleaner.backoff.ms': '1000',
      'log.segment.bytes': String(64 * 1024 * 1024),
    }
    const text = Object.entries(config).map(([key, value]) => `${key}=${value}`).join('\n') + '\n'
    await writeFile(this.configFile, text)
    await writeFile(
      join(this.dir, 'log4j2.properties'),
      [
        'rootLogger.level = INFO',
        'rootLogger.appenderRef.stdout.ref = STDOUT',
        'appender.stdout.type = Console',
        'appender.stdout.name = STDOUT',
        'appender.stdout.layout.type = PatternLayout',
        'appender.stdout.layout.pattern = [%d] %p %m (%c)%n',
        // The log cleaner and the state change log are chatty at INFO and say nothing a developer needs.
        'logger.cleaner.name = kafka.log.LogCleaner',
        'logger.cleaner.level = WARN',
        'logger.state.name = state.change.logger',
        'logger.state.level = WARN',
        '',
      ].join('\n'),
    )
  }
}
