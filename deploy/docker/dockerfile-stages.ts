import { readFileSync } from 'node:fs'

// Reads the root Dockerfile into its stages, for the checks of deploy/docker that hadolint cannot
// make (per-target rules, and how docker-compose.yml uses the targets).

/** One instruction: its keyword (upper case) and the rest of the line, continuations joined. */
export interface Instruction {
  readonly keyword: string
  readonly args: string
}

/** A stage: `FROM <base> [AS <name>]` and what follows it up to the next FROM. */
export interface Stage {
  readonly name: string | undefined
  readonly base: string
  readonly instructions: readonly Instruction[]
}

/** The instructions of a Dockerfile, comments and blank lines left out, `\` continuations joined. */
export function parseInstructions(text: string): Instruction[] {
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)
  return lines
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/)
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') }
    })
}

/** The stages of a Dockerfile, in order. */
export function parseStages(text: string): Stage[] {
  const stages: { name: string | undefined; base: string; instructions: Instruction[] }[] = []
  for (const instruction of parseInstructions(text)) {
    if (instruction.keyword === 'FROM') {
      const [base = '', as, name] = instruction.args.split(/\s+/)
      stages.push({ base, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] })
    } else {
      stages.at(-1)?.instructions.push(instruction)
    }
  }
  return stages
}

export function readStages(file: string): Stage[] {
  return parseStages(readFileSync(file, 'utf8'))
}

/**
 * What a target ends up with: its own instructions after those of the stages it is built `FROM`,
 * as Docker inherits USER, ENV, EXPOSE, HEALTHCHECK and CMD.
 */
export function inheritedInstructions(stages: readonly Stage[], name: string): Instruction[] {
  const stage = stages.find((candidate) => candidate.name === name)
  if (!stage) throw new Error(`no stage named ${name}`)
  const parent = stages.some((candidate) => candidate.name === stage.base) ? inheritedInstructions(stages, stage.base) : []
  return [...parent, ...stage.instructions]
}

/** The last instruction of a kind a target has, inherited or its own. */
export function lastInstruction(stages: readonly Stage[], name: string, keyword: string): Instruction | undefined {
  return inheritedInstructions(stages, name).findLast((instruction) => instruction.keyword === keyword)
}
