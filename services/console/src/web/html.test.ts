import { describe, expect, it } from 'vitest'
import { html } from './html.js'

describe('html', () => {
  it('escapes interpolated text, so markup in a product title shows as text', () => {
    const title = '<script>alert("x")</script> & \'quotes\''
    expect(html`<td title="${title}">${title}</td>`.text).toBe(
      '<td title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</td>',
    )
  })

  it('nests Html unescaped and renders lists, numbers and absent values', () => {
    const rows = ['a<b', 'c'].map((sku) => html`<li>${sku}</li>`)
    expect(html`<ul>${rows}</ul>${3}${null}${undefined}${false}`.text).toBe('<ul><li>a&lt;b</li><li>c</li></ul>3')
  })
})
