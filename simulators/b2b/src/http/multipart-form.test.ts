import { describe, expect, it } from 'vitest'
import { multipart } from '../test-support/requests.js'
import { MultipartError, parseMultipart } from './multipart-form.js'

describe('parseMultipart', () => {
  it('reads the parts fetch sends: fields and a file with its name, type and bytes', async () => {
    const csv = 'sku;title\n"A";"Ünïcode; with ""quotes""\r\n"\n'
    const body = await multipart({ operator_format: 'true', file: { content: csv, filename: 'products.csv' } })
    const parts = parseMultipart(body.payload, body.headers['content-type'] as string)
    expect(parts.map((part) => [part.name, part.filename, part.contentType])).toEqual([
      ['operator_format', undefined, undefined],
      ['file', 'products.csv', 'text/csv'],
    ])
    expect(parts[0]?.data.toString()).toBe('true')
    expect(parts[1]?.data.toString('utf8')).toBe(csv)
  })

  it('reads a quoted boundary and refuses bodies that do not match their content type', () => {
    const body = Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n\r\nsku\r\n--b--\r\n')
    expect(parseMultipart(body, 'multipart/form-data; boundary="b"')[0]?.data.toString()).toBe('sku')
    expect(() => parseMultipart(body, 'multipart/form-data')).toThrow(MultipartError)
    expect(() => parseMultipart(body, 'multipart/form-data; boundary=other')).toThrow(/no boundary/)
    expect(() => parseMultipart(Buffer.from('--b\r\nContent-Disposition: form-data; name="file"\r\n\r\nsku'), 'multipart/form-data; boundary=b')).toThrow(/not closed/)
    expect(() => parseMultipart(Buffer.from('--b\r\nX-Other: 1\r\n\r\nsku\r\n--b--'), 'multipart/form-data; boundary=b')).toThrow(/content disposition/)
  })
})
