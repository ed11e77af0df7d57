import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * Runs Maven in batch mode, quietly, in `cwd` (the stack's folder, so nothing Maven writes lands in
 * the repository); throws with Maven's output if it fails.
 */
export async function mvn(args: readonly string[], cwd: string): Promise<void> {
  try {
    await run('mvn', ['-q', '-B', ...args], { cwd, maxBuffer: 16 * 1024 * 1024 })
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    throw new Error(`mvn ${args.join(' ')} failed:\n${stdout}${stderr}`, { cause: error })
  }
}
