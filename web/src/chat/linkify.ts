// Splits message text into plain text and http(s) links, so that the view can render links as
// elements and everything else as text. Nothing here produces HTML: React escapes each piece.

export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string }

// A URL runs until whitespace or a character that cannot appear unescaped in one.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi

// Punctuation that usually ends the sentence around a URL rather than the URL itself.
const TRAILING_PUNCTUATION = /[.,;:!?*_~]+$/

function trimUrl(candidate: string): string {
  let url = candidate.replace(TRAILING_PUNCTUATION, '')
  // Keep a closing bracket only if the URL opened one, as in wiki links: "(see https://x/a_(b))".
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
    ['{', '}'],
  ] as const) {
    while (url.endsWith(close) && count(url, close) > count(url, open)) {
      url = url.slice(0, -1).replace(TRAILING_PUNCTUATION, '')
    }
  }
  return url
}

function count(text: string, char: string): number {
  return text.split(char).length - 1
}

function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null
  } catch {
    return null
  }
}

export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = []
  let cursor = 0
  const pushText = (value: string) => {
    if (value === '') return
    const last = segments[segments.length - 1]
    if (last?.kind === 'text') last.text += value
    else segments.push({ kind: 'text', text: value })
  }
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0
    const url = trimUrl(match[0])
    const href = url.length > 'https://'.length ? safeHref(url) : null
    if (href === null) continue
    pushText(text.slice(cursor, start))
    segments.push({ kind: 'link', text: url, href })
    cursor = start + url.length
  }
  pushText(text.slice(cursor))
  return segments
}
