import { existsSync } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { ManagedProcess } from './managed-process.js'
import { mvn } from './maven.js'
import type { StackComponent } from './stack-component.js'

/**
 * Apicurio Registry 3.0.x: the last line that runs on Java 17 (3.1+ needs Java 21, which Debian 12
 * does not package). Its Confluent-compatible API lives under /apis/ccompat/v7.
 */
const APICURIO_VERSION = '3.0.9'
const ARTIFACT = `io.apicurio:apicurio-registry-app:${APICURIO_VERSION}:tar.gz:all`

/** Port of the local schema registry. */
export const REGISTRY_PORT = 8081

/**
 * A Confluent-API schema registry (Apicurio), run from its Maven Central distribution, with its
 * H2 database in a file under `<stackDir>/registry/db` so schema ids survive `down`/`up` and
 * records already on the broker stay decodable.
 */
export class ApicurioRegistry implements StackComponent {
  readonly name = 'registry'
  readonly ports = [REGISTRY_PORT]
  readonly endpoint = `http://localhost:${REGISTRY_PORT}/apis/ccompat/v7`
  readonly process: ManagedProcess
  private readonly dir: string
  private readonly distDir: string

  constructor(stackDir: string) {
    this.dir = join(stackDir, 'registry')
    this.distDir = join(this.dir, `apicurio-${APICURIO_VERSION}`)
    this.process = new ManagedProcess('registry', join(this.dir, 'registry.pid'), join(this.dir, 'registry.log'), this.dir)
  }

  private get runner() {
    return join(this.distDir, `apicurio-registry-app-${APICURIO_VERSION}-runner.jar`)
  }

  async prepare(): Promise<void> {
    await mkdir(join(this.dir, 'db'), { recursive: true })
    if (existsSync(this.runner)) return
    const partial = `${this.distDir}.partial`
    await rm(partial, { recursive: true, force: true })
    // The plugin keeps "already unpacked" markers; kept inside the folder being filled, they cannot
    // make a later unpack into a new folder skip its work.
    const markers = join(partial, '.markers')
    await mvn(['dependency:unpack', `-Dartifact=${ARTIFACT}`, `-DoutputDirectory=${partial}`, `-DmarkersDirectory=${markers}`], this.dir)
    await rm(markers, { recursive: true, force: true })
    // Unpack into a side folder and rename, so an interrupted download is never mistaken for a finished one.
    await rename(partial, this.distDir)
  }

  launch(): Promise<number> {
    return this.process.start('java', [
      '-Xms128m',
      '-Xmx384m',
      '-Dquarkus.http.host=127.0.0.1',
      `-Dquarkus.http.port=${REGISTRY_PORT}`,
      `-Dapicurio.datasource.url=jdbc:h2:file:${join(this.dir, 'db', 'registry')}`,
      '-jar',
      this.runner,
    ])
  }

  async healthy(): Promise<boolean> {
    try {
      const response = await fetch(`${this.endpoint}/subjects`, { signal: AbortSignal.timeout(2000) })
      return response.ok
    } catch {
      return false
    }
  }
}
