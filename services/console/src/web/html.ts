/** HTML text that is already safe to send: built by {@link html}, never by string concatenation. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for HTML content and quoted attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => ESCAPES[char]!)

type Value = Html | string | number | boolean | null | undefined | readonly Value[]

const render = (value: Value): string => {
  if (value === null || value === undefined || value === false) return ''
  if (value instanceof Html) return value.text
  if (Array.isArray(value)) return value.map(render).join('')
  return escapeHtml(String(value))
}

/**
 * A tagged template that escapes every interpolated value unless it is itself `Html`: product
 * titles and marketplace messages carry markup and scripts (the Magento description is HTML), and
 * the console shows them as text.
 */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let text = strings[0]!
  values.forEach((value, i) => (text += render(value) + strings[i + 1]!))
  return new Html(text)
}
