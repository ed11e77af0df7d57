import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ManagedProcess } from './managed-process.js'

const started: ManagedProcess[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop(1000)))
})

async function fixture() {
  const dir = await mkdtemp(join(tmpdir(), 'managed-process-'))
  const process = new ManagedProcess('sleeper', join(dir, 'sleeper.pid'), join(dir, 'sleeper.log'), dir)
  started.push(process)
  return { dir, process }
}

describe('ManagedProcess', () => {
  it('starts a detached process, finds it by its pid file and stops it', async () => {
    const { dir, process: sleeper } = await fixture()
    // The marker (the folder) must appear in the command line for the process to count as ours.
    const pid = await sleeper.start('sh', ['-c', `echo started in ${dir}; sleep 30`, dir])
    expect(await sleeper.pid()).toBe(pid)
    // A second instance (another `stack` command) recognises it by pid file and marker alone.
    const again = new ManagedProcess('sleeper', join(dir, 'sleeper.pid'), join(dir, 'sleeper.log'), dir)
    await expect.poll(() => again.pid()).toBe(pid)
    expect(await again.stop(2000)).toBe(true)
    expect(await sleeper.pid()).toBeUndefined()
    expect(() => process.kill(pid, 0)).toThrow()
    expect(await readFile(join(dir, 'sleeper.log'), 'utf8')).toContain('started in')
  })

  it('never signals a process whose command line lacks the marker, e.g. a reused pid', async () => {
    const { dir, process: stale } = await fixture()
    // A stale pid file naming this test runner: alive, but not ours.
    await writeFile(join(dir, 'sleeper.pid'), String(process.pid))
    expect(await stale.pid()).toBeUndefined()
    expect(await stale.stop(100)).toBe(false)
    expect(() => process.kill(process.pid, 0)).not.toThrow()
  })

  it('reports nothing running without a pid file', async () => {
    const { process: never } = await fixture()
    expect(await never.alive()).toBe(false)
    expect(await never.stop(100)).toBe(false)
  })
})
