import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { LS_ERR_STACK_PREREQUISITE } from '@listing-sync/errors'

const run = promisify(execFile)

/** Fails with a clear message unless `java` 17+ and `mvn` are on the PATH. */
export async function checkPrerequisites(): Promise<void> {
  const java = await run('java', ['-version']).catch((error: Error) => {
    throw LS_ERR_STACK_PREREQUISITE.with({ cause: error }, 'Java 17 or newer', 'java was not found on the PATH (Debian: apt-get install openjdk-17-jre-headless)')
  })
  // `java -version` prints to stderr: openjdk version "17.0.15" 2025-04-15
  const major = Number(/version "(\d+)/.exec(java.stderr)?.[1])
  if (!(major >= 17)) throw LS_ERR_STACK_PREREQUISITE('Java 17 or newer', `found ${java.stderr.split('\n')[0]}`)
  await run('mvn', ['-v']).catch((error: Error) => {
    throw LS_ERR_STACK_PREREQUISITE.with({ cause: error }, 'Maven', 'mvn was not found on the PATH (Debian: apt-get install maven)')
  })
}
