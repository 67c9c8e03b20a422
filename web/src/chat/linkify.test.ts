import { describe, expect, it } from 'vitest'
import { linkify } from './linkify'

describe('linkify', () => {
  it('leaves plain text alone', () => {
    expect(linkify('hello <b>world</b>')).toEqual([{ kind: 'text', text: 'hello <b>world</b>' }])
  })

  it('finds http and https links between text', () => {
    expect(linkify('see https://example.com and http://a.test/x?y=1#z now')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com', href: 'https://example.com/' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://a.test/x?y=1#z', href: 'http://a.test/x?y=1#z' },
      { kind: 'text', text: ' now' },
    ])
  })

  it('keeps sentence punctuation and unopened brackets out of the link', () => {
    expect(linkify('(read https://example.com/docs.)')).toEqual([
      { kind: 'text', text: '(read ' },
      { kind: 'link', text: 'https://example.com/docs', href: 'https://example.com/docs' },
      { kind: 'text', text: '.)' },
    ])
    expect(linkify('https://en.wikipedia.org/wiki/Dormouse_(genus)')[0]).toMatchObject({
      text: 'https://en.wikipedia.org/wiki/Dormouse_(genus)',
    })
  })

  it('never links other schemes', () => {
    const text = 'javascript:alert(1) data:text/html,x ftp://x.test'
    expect(linkify(text)).toEqual([{ kind: 'text', text }])
  })

  it('does not treat quotes as part of a link', () => {
    expect(linkify('"https://example.com/a"onmouseover=x')).toEqual([
      { kind: 'text', text: '"' },
      { kind: 'link', text: 'https://example.com/a', href: 'https://example.com/a' },
      { kind: 'text', text: '"onmouseover=x' },
    ])
  })

  it('keeps newlines in text', () => {
    expect(linkify('a\nhttps://x.test\nb').map((segment) => segment.text)).toEqual(['a\n', 'https://x.test', '\nb'])
  })
})
