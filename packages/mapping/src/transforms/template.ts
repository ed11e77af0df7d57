import { compileSourcePath, readPath, type SourcePath } from '../paths.js'
import { defineTransform, prop, TransformArgsError } from './transform-definition.js'

type Part = { text: string } | { path: SourcePath | 'value' }

function render(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (Array.isArray(value)) return value.map(render).filter((item) => item !== '').join(', ')
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value) ?? ''
}

/** Fills `{{path}}` placeholders from the product ({{$value}} is the rule's current value). */
export const template = defineTransform<{ template: string }, { parts: Part[] }>({
  type: 'template',
  description: 'Builds text from a template: {{path}} is a value of the canonical product (e.g. {{name}}, {{attributes.brand.labels[0]}}, {{$constants.x}}), {{$value}} the rule\'s current value; missing values render as empty text.',
  argsSchema: {
    properties: {
      template: prop('Template', 'Text with {{path}} placeholders.', ['{{attributes.brand.labels[0]}} {{name}}', '{{$value}} ({{sku}})'], { type: 'string', minLength: 1 }),
    },
    required: ['template'],
  },
  example: { type: 'template', template: '{{attributes.brand.labels[0]}} {{name}}' },
  acceptsEmpty: true,
  prepare: (args) => {
    const parts: Part[] = []
    const pattern = /\{\{\s*([^}]*?)\s*\}\}/g
    let last = 0
    for (let match = pattern.exec(args.template); match !== null; match = pattern.exec(args.template)) {
      if (match.index > last) parts.push({ text: args.template.slice(last, match.index) })
      const path = match[1] ?? ''
      if (path === '$value') parts.push({ path: 'value' })
      else {
        const compiled = compileSourcePath(path)
        if (typeof compiled === 'string') throw new TransformArgsError('template', `placeholder {{${path}}}: ${compiled}`)
        parts.push({ path: compiled })
      }
      last = match.index + match[0].length
    }
    if (last < args.template.length) parts.push({ text: args.template.slice(last) })
    return { parts }
  },
  apply: (value, args, ctx) => {
    let out = ''
    for (const part of args.parts) {
      if ('text' in part) out += part.text
      else out += render(part.path === 'value' ? value : readPath(part.path, ctx))
    }
    return out.replace(/\s+/g, ' ').trim()
  },
})
