import { ecsFormat } from '@elastic/ecs-pino-format'
import { pino, type Logger, type LevelWithSilent, type DestinationStream } from 'pino'
import { redactSecrets } from './redact-secrets.js'

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  readonly service: string
  readonly level?: LevelWithSilent
  /** Where lines go; stdout by default. Tests pass a stream to read them. */
  readonly destination?: DestinationStream
}

/**
 * The project logger: pino JSON with Elastic Common Schema field names so lines go to ELK as they
 * are, with credentials redacted. Bind context once with `log.child({ marketplace, sku, ... })`.
 */
export function createLogger(options: LoggerOptions): Logger {
  const ecs = ecsFormat({ convertErr: true, convertReqRes: true })
  const same = <T>(object: T) => object
  const { log = same } = ecs.formatters ?? {}
  const logger = pino(
    {
      ...ecs,
      // After ECS conversion, so that converted requests and errors are searched too.
      formatters: { ...ecs.formatters, log: (object) => redactSecrets(log(object)) },
      level: options.level ?? 'info',
      base: { service: { name: options.service }, process: { pid: process.pid } },
    },
    options.destination,
  )
  // pino serialises a child's bindings once, without the formatters: redact them on the way in.
  // Children are created from their parent's prototype, so every descendant inherits this.
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with each child as `this`
  const child = logger.child
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, redactSecrets(bindings), childOptions)
  } as Logger['child']
  return logger
}

export type { Logger }
