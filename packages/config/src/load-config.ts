import { z } from 'zod'
import { LS_ERR_CONFIG_INVALID } from '@listing-sync/errors'

/** One configuration problem: the variable and the rule it broke. */
export interface ConfigProblem {
  readonly variable: string
  readonly message: string
}

/**
 * Parses environment variables against a zod shape whose keys are the variable names, so the
 * names in code, docs and deployment files are the same. Fails fast with every problem listed,
 * not just the first, so one restart fixes them all.
 */
export function loadConfig<Shape extends z.ZodRawShape>(
  shape: Shape,
  env: Record<string, string | undefined> = process.env,
): Readonly<z.infer<z.ZodObject<Shape>>> {
  // Empty strings mean "unset": compose files and shells often export VAR= for optional values.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const result = z.object(shape).safeParse(present)
  if (!result.success) {
    const problems: ConfigProblem[] = result.error.issues.map((issue) => ({
      variable: issue.path.map(String).join('.') || '(root)',
      message: issue.message,
    }))
    throw LS_ERR_CONFIG_INVALID.with(
      { details: problems },
      problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    )
  }
  return Object.freeze(result.data)
}
