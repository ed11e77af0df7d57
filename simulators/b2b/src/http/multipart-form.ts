/** One part of a multipart/form-data body. */
export interface FormPart {
  readonly name: string
  readonly filename?: string
  readonly contentType?: string
  readonly data: Buffer
}

/** The body is not the multipart/form-data its content type announces. */
export class MultipartError extends Error {
  override readonly name = 'MultipartError'
}

const CRLF = Buffer.from('\r\n')
const HEADER_END = Buffer.from('\r\n\r\n')

/**
 * Splits a multipart/form-data body (RFC 7578) into its parts. P41 is the only multipart operation
 * served and its files are small, so the whole body is parsed in memory rather than streamed.
 */
export function parseMultipart(body: Buffer, contentType: string): FormPart[] {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  const boundary = match?.[1] ?? match?.[2]
  if (!boundary) throw new MultipartError('the content type names no boundary')
  const delimiter = Buffer.from(`--${boundary}`)
  const nextDelimiter = Buffer.concat([CRLF, delimiter])
  let position = body.indexOf(delimiter)
  if (position < 0) throw new MultipartError('the body holds no boundary')
  const parts: FormPart[] = []
  for (;;) {
    let start = position + delimiter.length
    if (body.subarray(start, start + 2).toString('latin1') === '--') return parts
    if (body.subarray(start, start + 2).equals(CRLF)) start += 2
    const end = body.indexOf(nextDelimiter, start)
    if (end < 0) throw new MultipartError('a part is not closed by the boundary')
    parts.push(parsePart(body.subarray(start, end)))
    position = end + CRLF.length
  }
}

function parsePart(raw: Buffer): FormPart {
  const headerEnd = raw.indexOf(HEADER_END)
  if (headerEnd < 0) throw new MultipartError('a part has no headers')
  const headers = new Map<string, string>()
  for (const line of raw.subarray(0, headerEnd).toString('utf8').split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  const disposition = headers.get('content-disposition') ?? ''
  const name = /\bname="([^"]*)"/i.exec(disposition)?.[1]
  if (!/^form-data\b/i.test(disposition) || name === undefined) throw new MultipartError('a part has no form-data content disposition with a name')
  const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1]
  const contentType = headers.get('content-type')
  return { name, data: raw.subarray(headerEnd + HEADER_END.length), ...(filename !== undefined ? { filename } : {}), ...(contentType ? { contentType } : {}) }
}
