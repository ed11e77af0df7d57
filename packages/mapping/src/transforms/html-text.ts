// A small HTML-to-text converter. No HTML library is installed in the workspace (no entities,
// html-to-text or parse5), so this is a careful tokenizer rather than a full HTML5 parser: it
// drops every tag, comment, CDATA, doctype and the content of script/style/template, turns block
// elements into paragraph breaks and <br> into line breaks, and decodes character references.
import { keepRecent } from './recent-results.js'

const BLOCK = new Set(['p', 'div', 'section', 'article', 'header', 'footer', 'aside', 'nav', 'main', 'blockquote', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'dl', 'table', 'tr', 'figure', 'figcaption', 'address', 'fieldset', 'form', 'hr'])
const LINE = new Set(['br', 'li', 'dt', 'dd', 'td', 'th', 'caption'])
const RAW_TEXT = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'textarea', 'title'])

// The entities Magento descriptions use in practice, plus the HTML4 Latin-1 set's common members.
// Unknown named references are left as written (they are text to a browser as well).
const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', bull: '•', middot: '·', trade: '™', reg: '®', copy: '©',
  hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', sbquo: '‚', bdquo: '„', laquo: '«', raquo: '»',
  deg: '°', times: '×', divide: '÷', plusmn: '±', frac12: '½', frac14: '¼', frac34: '¾', sup2: '²', sup3: '³', micro: 'µ', para: '¶', sect: '§',
  euro: '€', pound: '£', yen: '¥', cent: '¢', prime: '′', Prime: '″', shy: '', zwj: '', zwnj: '', ensp: ' ', emsp: ' ', thinsp: ' ',
  agrave: 'à', aacute: 'á', acirc: 'â', atilde: 'ã', auml: 'ä', aring: 'å', aelig: 'æ', ccedil: 'ç', egrave: 'è', eacute: 'é', ecirc: 'ê', euml: 'ë',
  igrave: 'ì', iacute: 'í', icirc: 'î', iuml: 'ï', ntilde: 'ñ', ograve: 'ò', oacute: 'ó', ocirc: 'ô', otilde: 'õ', ouml: 'ö', oslash: 'ø',
  ugrave: 'ù', uacute: 'ú', ucirc: 'û', uuml: 'ü', yacute: 'ý', yuml: 'ÿ', szlig: 'ß', Agrave: 'À', Aacute: 'Á', Acirc: 'Â', Auml: 'Ä',
  Aring: 'Å', Ccedil: 'Ç', Egrave: 'È', Eacute: 'É', Ntilde: 'Ñ', Ouml: 'Ö', Oslash: 'Ø', Uuml: 'Ü', iexcl: '¡', iquest: '¿', ordm: 'º', ordf: 'ª',
}

const LEGACY = new Set(['amp', 'lt', 'gt', 'quot', 'nbsp'])

/** Decodes named (known ones), decimal and hex character references; invalid code points become U+FFFD. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(#\d{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});?/g, (match, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10)
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd'
      return String.fromCodePoint(code)
    }
    const named = NAMED[body]
    // Browsers accept a few legacy references without ';' (&amp, &lt, &gt, &quot, &nbsp).
    if (named === undefined || (!match.endsWith(';') && !LEGACY.has(body))) return match
    return named
  })
}

/** Whitespace that collapsing changes: a run of two or more, or one that is not a plain space. */
const LOOSE_SPACE = /\s{2,}|[^\S ]/

/** Neutralises any '<' that could start a tag (a decoded &lt;script&gt; must not become markup downstream). */
function defuseTags(text: string): string {
  if (!text.includes('<')) return text
  return text.replace(/<(?=[A-Za-z/!?])/g, '‹')
}

// Per list item prefix, the last few conversions (see keepRecent).
const byPrefix = new Map<string, (html: string) => string>()

/**
 * Converts HTML to plain text: paragraphs (block elements) separated by a blank line, <br> and list
 * items on their own lines (list items prefixed with `listItemPrefix`), whitespace collapsed as a
 * browser would, character references decoded, and no tag left.
 */
export function htmlToText(html: string, listItemPrefix = ''): string {
  let convert = byPrefix.get(listItemPrefix)
  if (convert === undefined) byPrefix.set(listItemPrefix, (convert = keepRecent((text) => convertHtml(text, listItemPrefix))))
  return convert(html)
}

function convertHtml(html: string, listItemPrefix: string): string {
  const out: string[] = []
  // Pending break before the next text: 0 none, 1 line, 2 paragraph.
  let pendingBreak = 0
  let pendingPrefix = ''
  let pendingSpace = false
  const length = html.length
  let index = 0
  const emitText = (raw: string) => {
    if (raw === '') return
    const collapsed = LOOSE_SPACE.test(raw) ? raw.replace(/\s+/g, ' ') : raw
    const text = decodeEntities(collapsed)
    const core = text.trim()
    if (core === '') {
      pendingSpace = true
      return
    }
    if (out.length > 0 && pendingBreak > 0) out.push(pendingBreak === 2 ? '\n\n' : '\n')
    else if (out.length > 0 && (pendingSpace || /^\s/.test(text))) out.push(' ')
    if (pendingPrefix !== '') out.push(pendingPrefix)
    // Decoded references may have brought whitespace of their own (&nbsp;, &#10;).
    out.push(text !== collapsed && LOOSE_SPACE.test(core) ? core.replace(/\s+/g, ' ') : core)
    pendingBreak = 0
    pendingPrefix = ''
    pendingSpace = /\s$/.test(text)
  }
  let textStart = 0
  while (index < length) {
    const lt = html.indexOf('<', index)
    if (lt === -1) break
    const next = html[lt + 1]
    if (next === undefined || !/[A-Za-z/!?]/.test(next)) {
      index = lt + 1
      continue
    }
    emitText(html.slice(textStart, lt))
    let end: number
    if (html.startsWith('<!--', lt)) {
      end = html.indexOf('-->', lt + 4)
      end = end === -1 ? length : end + 3
    } else if (next === '!' || next === '?') {
      end = html.indexOf('>', lt)
      end = end === -1 ? length : end + 1
    } else {
      end = tagEnd(html, lt)
      const match = /^<\/?([A-Za-z][A-Za-z0-9-]*)/.exec(html.slice(lt, Math.min(end, lt + 40)))
      const name = match?.[1]?.toLowerCase() ?? ''
      const closing = next === '/'
      if (!closing && RAW_TEXT.has(name)) {
        const close = html.toLowerCase().indexOf(`</${name}`, end)
        end = close === -1 ? length : tagEnd(html, close)
      } else if (BLOCK.has(name)) {
        if (out.length > 0) pendingBreak = 2
      } else if (LINE.has(name)) {
        if (out.length > 0) pendingBreak = Math.max(pendingBreak, 1)
        if (name === 'li' && !closing) pendingPrefix = listItemPrefix
      }
    }
    index = end
    textStart = end
  }
  emitText(html.slice(textStart))
  const joined = out.join('')
  return defuseTags((joined.includes(' \n') || joined.includes('\t\n') ? joined.replace(/[ \t]+\n/g, '\n') : joined).trim())
}

/** Index just past the '>' closing the tag at `start`, honouring quoted attribute values. */
function tagEnd(html: string, start: number): number {
  let quote: string | undefined
  for (let index = start + 1; index < html.length; index++) {
    const char = html[index]
    if (quote !== undefined) {
      if (char === quote) quote = undefined
    } else if (char === '"' || char === "'") quote = char
    else if (char === '>') return index + 1
  }
  return html.length
}

const LIST_ITEM = /<li\b[^>]*>([\s\S]*?)(?=<li\b|<\/li\s*>|<\/ul\s*>|<\/ol\s*>|$)/gi
/** A line of text that starts with a bullet character: •, ·, ‣, ◦, ▪, – or -. */
const BULLET_LINE = /^\s*[•·‣◦▪–-]\s*(.+?)\s*$/

/** The longest line a `<br>`-broken paragraph may have to be taken for a list of features. */
const FEATURE_LINE_MAX = 150

/**
 * The text of each <li> of the HTML, in order, each converted with {@link htmlToText}. Without a
 * list, the lines that start with a bullet character; without those, the lines of paragraphs made
 * of two or more short `<br>`-broken lines. Magento's own sample catalog writes its feature lists
 * both ways: `&bull; Drawstring hood.<br/>` and `Adjustable hood. <br />Split pocket.`.
 */
export function htmlListItems(html: string): string[] {
  const items: string[] = []
  LIST_ITEM.lastIndex = 0
  for (let match = LIST_ITEM.exec(html); match !== null; match = LIST_ITEM.exec(html)) {
    // Not through the cache: an item's fragment would only push whole descriptions out of it.
    const text = convertHtml(match[1] ?? '', '')
    if (text !== '') items.push(text)
  }
  if (items.length > 0) return items
  const paragraphs = htmlToText(html).split(/\n{2,}/)
  const bullets = paragraphs.flatMap((paragraph) =>
    paragraph.split('\n').flatMap((line) => {
      const bullet = BULLET_LINE.exec(line)?.[1]
      return bullet ? [bullet] : []
    }),
  )
  if (bullets.length > 0) return bullets
  return paragraphs.flatMap((paragraph) => {
    const lines = paragraph.split('\n').map((line) => line.trim()).filter((line) => line !== '')
    return lines.length >= 2 && lines.every((line) => line.length <= FEATURE_LINE_MAX) ? lines : []
  })
}
