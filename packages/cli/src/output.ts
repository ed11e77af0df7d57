/** Where a command writes its report: standard output, unless a test captures it. */
export type Output = (text: string) => void

/** Writes to standard output. */
export const stdout: Output = (text) => {
  process.stdout.write(text)
}
