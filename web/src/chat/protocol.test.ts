import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  codePointLength,
  decodeHistoryPage,
  decodePeoplePage,
  decodeServerFrame,
  encodeClientFrame,
  pingFrame,
  sendFrame,
  typingFrame,
  type ClientFrame,
} from './protocol'

// The examples shared with the server's tests; vitest runs from web/.
const EXAMPLES = join(process.cwd(), '..', 'protocol', 'examples')

function examples(direction: 'server' | 'client'): Array<[string, string]> {
  const folder = join(EXAMPLES, direction)
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => [file, readFileSync(join(folder, file), 'utf8').trim()])
}

/** Builds, with the typed builders only, the client frame that a shared example describes. */
function buildLike(example: Record<string, unknown>): ClientFrame {
  switch (example.type) {
    case 'send':
      return sendFrame(String(example.text), String(example.clientId))
    case 'typing':
      return typingFrame()
    default:
      throw new Error(`No builder for client frame type ${String(example.type)}`)
  }
}

function withoutEntryTypes(frame: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(frame.messages)) return frame
  return {
    ...frame,
    messages: frame.messages.map((entry: Record<string, unknown>) => {
      const { type: _type, ...message } = entry
      return message
    }),
  }
}

describe('shared protocol examples', () => {
  const serverExamples = examples('server')
  const clientExamples = examples('client')

  it('finds the examples', () => {
    expect(serverExamples.length).toBeGreaterThan(0)
    expect(clientExamples.length).toBeGreaterThan(0)
  })

  it.each(serverExamples)('decodes server frame %s', (_file, text) => {
    const frame = decodeServerFrame(text)
    expect(frame).not.toBeNull()
    // Every field the examples show is one this client knows, so nothing may be lost or changed,
    // except the `type` of each history entry: inside `history` it is always "message".
    expect(frame).toEqual(withoutEntryTypes(JSON.parse(text)))
  })

  it.each(clientExamples)('encodes client frame %s exactly', (_file, text) => {
    const example = JSON.parse(text) as Record<string, unknown>
    const encoded = encodeClientFrame(buildLike(example))
    expect(JSON.parse(encoded)).toEqual(example)
    expect(encoded).toBe(JSON.stringify(example))
  })
})

describe('decodeServerFrame', () => {
  it('reads the bare pong', () => {
    expect(decodeServerFrame('pong')).toEqual({ type: 'pong' })
  })

  it.each([
    ['not JSON', 'hello'],
    ['a JSON array', '[1,2]'],
    ['a JSON string', '"ready"'],
    ['no type', '{"seq":1}'],
    ['an unknown type', '{"type":"reaction","seq":1}'],
    ['a message without seq', '{"type":"message","id":"m","from":"u","name":"A","message":"x","timestamp":1}'],
    [
      'a message with a string seq',
      '{"type":"message","seq":"1","id":"m","from":"u","name":"A","message":"x","timestamp":1}',
    ],
    ['an ack without clientId', '{"type":"ack","seq":3}'],
    ['history with a broken message', '{"type":"history","messages":[{"seq":1}],"hasMore":false}'],
    ['a gap running backwards', '{"type":"gap","from":9,"to":3,"reason":"resume_limit"}'],
    ['presence without a list', '{"type":"presence","online":{}}'],
    ['presence with neither a list nor a count', '{"type":"presence"}'],
    ['a delta without a count', '{"type":"presence","joined":[{"id":"u_3","name":"Cy"}],"left":[]}'],
    ['a delta with a broken joiner', '{"type":"presence","joined":[{"id":"u_3"}],"count":1}'],
    ['a delta leaving by name', '{"type":"presence","left":[{"id":"u_2","name":"Grace"}],"count":1}'],
    ['a negative count', '{"type":"presence","count":-1}'],
    ['a fractional count', '{"type":"presence","count":1.5}'],
    ['a snapshot with a string count', '{"type":"presence","online":[],"count":"0"}'],
  ])('ignores %s', (_label, text) => {
    expect(decodeServerFrame(text)).toBeNull()
  })

  describe('presence', () => {
    it('reads a snapshot with its count', () => {
      expect(decodeServerFrame('{"type":"presence","online":[{"id":"u_1","name":"Ada"}],"count":1}')).toEqual({
        type: 'presence',
        online: [{ id: 'u_1', name: 'Ada', kind: 'guest' }],
        count: 1,
      })
    })

    it('reads a version 1 snapshot, which has no count', () => {
      const frame = decodeServerFrame('{"type":"presence","online":[{"id":"u_1","name":"Ada"}]}')
      expect(frame).toEqual({ type: 'presence', online: [{ id: 'u_1', name: 'Ada', kind: 'guest' }] })
      expect(frame).not.toHaveProperty('count')
    })

    it('reads a delta, keeping absent lists absent', () => {
      const joinedOnly = decodeServerFrame('{"type":"presence","joined":[{"id":"u_3","name":"Cy"}],"count":3}')
      expect(joinedOnly).toEqual({ type: 'presence', joined: [{ id: 'u_3', name: 'Cy', kind: 'guest' }], count: 3 })
      expect(joinedOnly).not.toHaveProperty('left')
      const leftOnly = decodeServerFrame('{"type":"presence","left":["u_2"],"count":1}')
      expect(leftOnly).toEqual({ type: 'presence', left: ['u_2'], count: 1 })
      expect(leftOnly).not.toHaveProperty('joined')
      expect(decodeServerFrame('{"type":"presence","joined":[],"left":[],"count":0}')).toEqual({
        type: 'presence',
        joined: [],
        left: [],
        count: 0,
      })
    })

    it('reads the count-only form', () => {
      const frame = decodeServerFrame('{"type":"presence","count":1500}')
      expect(frame).toEqual({ type: 'presence', count: 1500 })
      expect(frame).not.toHaveProperty('online')
    })

    it('takes a frame with a list as a snapshot, whatever else it holds', () => {
      const frame = decodeServerFrame('{"type":"presence","online":[],"joined":[{"id":"u_3","name":"Cy"}],"count":0}')
      expect(frame).toEqual({ type: 'presence', online: [], count: 0 })
    })
  })

  describe('kinds', () => {
    const message = (fromKind: string) =>
      `{"type":"message","seq":1,"id":"m","from":"u_1","name":"Ada",${fromKind}"message":"x","timestamp":1}`

    it('reads who the operator vouches for, on people and on messages', () => {
      expect(decodeServerFrame('{"type":"typing","user":{"id":"op_7","name":"Ada","kind":"operator"}}')).toEqual({
        type: 'typing',
        user: { id: 'op_7', name: 'Ada', kind: 'operator' },
      })
      expect(decodeServerFrame(message('"fromKind":"operator",'))).toMatchObject({ fromKind: 'operator' })
    })

    it('takes a missing kind (a server from before kinds) or an unknown one for a guest', () => {
      expect(decodeServerFrame('{"type":"typing","user":{"id":"u_1","name":"Ada"}}')).toMatchObject({
        user: { kind: 'guest' },
      })
      expect(decodeServerFrame('{"type":"typing","user":{"id":"u_1","name":"Ada","kind":"admin"}}')).toMatchObject({
        user: { kind: 'guest' },
      })
      expect(decodeServerFrame(message(''))).toMatchObject({ fromKind: 'guest' })
      expect(decodeServerFrame(message('"fromKind":"staff",'))).toMatchObject({ fromKind: 'guest' })
    })

    it('ignores a frame whose kind is not a string', () => {
      expect(decodeServerFrame('{"type":"typing","user":{"id":"u_1","name":"Ada","kind":true}}')).toBeNull()
      expect(decodeServerFrame(message('"fromKind":1,'))).toBeNull()
    })
  })

  it('ignores fields it does not know', () => {
    const frame = decodeServerFrame('{"type":"ack","clientId":"c","seq":4,"extra":{"a":1}}')
    expect(frame).toEqual({ type: 'ack', clientId: 'c', seq: 4 })
  })

  it('keeps error frames without a clientId free of one', () => {
    const frame = decodeServerFrame('{"type":"error","code":"bad_frame","message":"no"}')
    expect(frame).toEqual({ type: 'error', code: 'bad_frame', message: 'no' })
    expect(frame).not.toHaveProperty('clientId')
  })
})

describe('client frames', () => {
  it('sends ping as the bare word', () => {
    expect(encodeClientFrame(pingFrame())).toBe('ping')
  })

  it('sends typing as JSON', () => {
    expect(encodeClientFrame(typingFrame())).toBe('{"type":"typing"}')
  })

  it('escapes text rather than building JSON by hand', () => {
    const encoded = encodeClientFrame(sendFrame('say "hi"\n<b>', 'c-1'))
    expect(JSON.parse(encoded)).toEqual({ type: 'send', text: 'say "hi"\n<b>', clientId: 'c-1' })
  })
})

describe('HTTP history page', () => {
  it('decodes the documented shape', () => {
    const history = JSON.parse(readFileSync(join(EXAMPLES, 'server', 'history.json'), 'utf8')) as {
      messages: unknown[]
    }
    const page = decodeHistoryPage({ messages: history.messages, hasMore: false })
    expect(page?.messages.map((message) => message.seq)).toEqual([41, 42])
  })

  it('rejects a page without hasMore', () => {
    expect(decodeHistoryPage({ messages: [] })).toBeNull()
  })
})

describe('HTTP people page', () => {
  it('decodes the documented shape', () => {
    expect(decodePeoplePage({ people: [{ id: 'u_1', name: 'Ada', kind: 'guest' }], hasMore: true })).toEqual({
      people: [{ id: 'u_1', name: 'Ada', kind: 'guest' }],
      hasMore: true,
    })
  })

  it.each([
    ['no hasMore', { people: [] }],
    ['no people', { hasMore: false }],
    ['a person without a name', { people: [{ id: 'u_1' }], hasMore: false }],
  ])('rejects a page with %s', (_label, body) => {
    expect(decodePeoplePage(body)).toBeNull()
  })
})

describe('codePointLength', () => {
  it('counts an emoji as one, as the server does', () => {
    expect(codePointLength('a😀')).toBe(2)
    expect('a😀'.length).toBe(3)
  })
})
