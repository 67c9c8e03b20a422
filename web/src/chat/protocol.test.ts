import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  codePointLength,
  decodeHistoryPage,
  decodeMyRooms,
  decodePeoplePage,
  decodeServerFrame,
  deleteFrame,
  editFrame,
  encodeClientFrame,
  isReactionEmoji,
  pingFrame,
  reactFrame,
  readFrame,
  sendFrame,
  typingFrame,
  type ClientFrame,
} from './protocol'

// The examples shared with the server's tests; vitest runs from web/.
const EXAMPLES = join(process.cwd(), '..', 'protocol', 'examples')

function examples(direction: 'server' | 'server-next' | 'client'): Array<[string, string]> {
  const folder = join(EXAMPLES, direction)
  // server-next/ empties as this client learns its fields; the server's tests read it as well.
  if (!existsSync(folder)) return []
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => [file, readFileSync(join(folder, file), 'utf8').trim()])
}

/** Builds, with the typed builders only, the client frame that a shared example describes. */
function buildLike(example: Record<string, unknown>): ClientFrame {
  switch (example.type) {
    case 'send':
      return sendFrame(
        String(example.text),
        String(example.clientId),
        example.replyTo === undefined ? undefined : String(example.replyTo),
      )
    case 'edit':
      return editFrame(String(example.id), String(example.text), String(example.clientId))
    case 'delete':
      return deleteFrame(String(example.id), String(example.clientId))
    case 'react':
      return reactFrame(String(example.id), String(example.emoji), example.on === true, String(example.clientId))
    case 'read':
      return readFrame(Number(example.seq))
    case 'typing':
      return typingFrame()
    default:
      throw new Error(`No builder for client frame type ${String(example.type)}`)
  }
}

function withoutEntryTypes(frame: Record<string, unknown>): Record<string, unknown> {
  const untyped = (entries: unknown) =>
    (entries as Array<Record<string, unknown>>).map((entry) => {
      const { type: _type, ...message } = entry
      return message
    })
  const result = { ...frame }
  if (Array.isArray(frame.messages)) result.messages = untyped(frame.messages)
  if (Array.isArray(frame.updated)) result.updated = untyped(frame.updated)
  return result
}

describe('shared protocol examples', () => {
  // The fields of server-next/ are read here too: nothing there may be dropped any more.
  const serverExamples = [...examples('server'), ...examples('server-next')]
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

describe('moderation frames', () => {
  it('reads a mute with its end and reason, and its lifting', () => {
    expect(decodeServerFrame('{"type":"muted","until":1764208832000,"reason":"Cool down"}')).toEqual({
      type: 'muted',
      until: 1764208832000,
      reason: 'Cool down',
    })
    expect(decodeServerFrame('{"type":"muted","until":null}')).toEqual({ type: 'muted', until: null })
  })

  it('reads the room’s new settings and a new role', () => {
    expect(
      decodeServerFrame(
        '{"type":"room","title":"Team","topic":"Plans","visibility":"private","postPolicy":"moderators","slowModeSeconds":30}',
      ),
    ).toEqual({
      type: 'room',
      title: 'Team',
      topic: 'Plans',
      visibility: 'private',
      postPolicy: 'moderators',
      slowModeSeconds: 30,
    })
    expect(decodeServerFrame('{"type":"role","role":"moderator"}')).toEqual({ type: 'role', role: 'moderator' })
  })

  it('reads ready’s role and mute, and takes a role it does not know for none', () => {
    const ready = (extra: string) =>
      decodeServerFrame(`{"type":"ready","protocol":2,"you":{"id":"u","name":"A"},"room":"r","seq":3${extra}}`)
    expect(ready(',"role":"owner","mutedUntil":1764208832000')).toMatchObject({
      role: 'owner',
      mutedUntil: 1764208832000,
    })
    expect(ready(',"role":"superuser"')).toMatchObject({ role: 'none' })
    expect(ready('')).not.toHaveProperty('role')
  })

  it('reads a moderator’s delete with its reason, and a tombstone that says so', () => {
    expect(
      decodeServerFrame('{"type":"deleted","seq":9,"id":"m_1","deleted":5,"moderated":true,"reason":"Spam"}'),
    ).toEqual({ type: 'deleted', seq: 9, id: 'm_1', deleted: 5, moderated: true, reason: 'Spam' })
    expect(
      decodeServerFrame(
        '{"type":"message","seq":3,"id":"m_1","from":"u","name":"A","message":"","timestamp":1,"deleted":5,"moderated":true}',
      ),
    ).toMatchObject({ deleted: 5, moderated: true })
    // The author's own delete carries neither.
    expect(decodeServerFrame('{"type":"deleted","seq":9,"id":"m_1","deleted":5,"moderated":false}')).toEqual({
      type: 'deleted',
      seq: 9,
      id: 'm_1',
      deleted: 5,
    })
  })

  it('keeps the end and reason of kicked, banned, muted and slow_mode errors', () => {
    expect(
      decodeServerFrame('{"type":"error","code":"banned","message":"Banned","until":1764208832000,"reason":"Spam"}'),
    ).toEqual({ type: 'error', code: 'banned', message: 'Banned', until: 1764208832000, reason: 'Spam' })
    expect(
      decodeServerFrame('{"type":"error","code":"muted","message":"Muted","clientId":"c-1","until":1764208832000}'),
    ).toEqual({ type: 'error', code: 'muted', message: 'Muted', clientId: 'c-1', until: 1764208832000 })
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
    ['an unknown type', '{"type":"receipt","seq":1}'],
    ['a reaction without a user', '{"type":"reaction","seq":5,"id":"m","emoji":"👍","on":true,"count":1}'],
    ['an edit without its time', '{"type":"edited","seq":5,"id":"m","message":"x"}'],
    ['a delete with seq 0', '{"type":"deleted","seq":0,"id":"m","deleted":1}'],
    ['a read marker without unread', '{"type":"read","seq":4}'],
    [
      'a ready with a negative lastRead',
      '{"type":"ready","protocol":2,"you":{"id":"u","name":"A"},"room":"r","seq":3,"lastRead":-1}',
    ],
    ['history with a broken updated entry', '{"type":"history","messages":[],"hasMore":false,"updated":[{"seq":1}]}'],
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
    ['a muted frame without until', '{"type":"muted"}'],
    ['a muted frame with a string until', '{"type":"muted","until":"soon"}'],
    ['a role frame with an unknown role', '{"type":"role","role":"admin"}'],
    [
      'a room frame with an unknown visibility',
      '{"type":"room","title":"","topic":"","visibility":"secret","postPolicy":"everyone","slowModeSeconds":0}',
    ],
    [
      'a room frame without slow mode',
      '{"type":"room","title":"","topic":"","visibility":"public","postPolicy":"everyone"}',
    ],
    ['a delete with a numeric reason', '{"type":"deleted","seq":5,"id":"m","deleted":1,"moderated":true,"reason":3}'],
    [
      'a ready with a string mutedUntil',
      '{"type":"ready","protocol":2,"you":{"id":"u","name":"A"},"room":"r","seq":3,"mutedUntil":"later"}',
    ],
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

    it("reads a bot, which a team's backend posts as with an API key", () => {
      expect(decodeServerFrame(message('"fromKind":"bot",'))).toMatchObject({ fromKind: 'bot' })
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

    it("reads who someone's role changed to, and refuses a role it does not know", () => {
      expect(decodeServerFrame('{"type":"member","userId":"u_2","role":"moderator"}')).toEqual({
        type: 'member',
        userId: 'u_2',
        role: 'moderator',
      })
      expect(decodeServerFrame('{"type":"member","userId":"u_2","role":"king"}')).toBeNull()
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

describe('the message object', () => {
  const base = '"seq":42,"id":"m_42","from":"u_1","name":"Ada","fromKind":"guest","timestamp":1764208800000'
  const quote = '{"id":"m_40","seq":40,"from":"u_2","name":"Bo","fromKind":"guest","excerpt":"the first words"}'

  it('reads an edited reply with reactions', () => {
    const frame = decodeServerFrame(
      `{"type":"message",${base},"message":"hello","edited":1764208900000,"replyTo":${quote},` +
        '"reactions":[{"emoji":"👍","count":2,"mine":true},{"emoji":"🎉","count":1,"mine":false}]}',
    )
    expect(frame).toMatchObject({
      message: 'hello',
      edited: 1764208900000,
      replyTo: { id: 'm_40', seq: 40, from: 'u_2', name: 'Bo', fromKind: 'guest', excerpt: 'the first words' },
      reactions: [
        { emoji: '👍', count: 2, mine: true },
        { emoji: '🎉', count: 1, mine: false },
      ],
    })
  })

  it('keeps nothing of what a tombstone said, whatever the server sent', () => {
    const frame = decodeServerFrame(
      `{"type":"message",${base},"message":"left over","deleted":1764209000000,"edited":1,"replyTo":${quote},` +
        '"reactions":[{"emoji":"👍","count":1,"mine":false}]}',
    )
    expect(frame).toEqual({
      type: 'message',
      seq: 42,
      id: 'm_42',
      from: 'u_1',
      name: 'Ada',
      fromKind: 'guest',
      timestamp: 1764208800000,
      message: '',
      deleted: 1764209000000,
      replyTo: { id: 'm_40', seq: 40, from: 'u_2', name: 'Bo', fromKind: 'guest' },
    })
  })

  it('reads a reply whose target was deleted, without an excerpt', () => {
    const frame = decodeServerFrame(
      `{"type":"message",${base},"message":"hi","replyTo":{"id":"m_40","seq":40,"from":"u_2","name":"Bo","fromKind":"guest","deleted":true}}`,
    )
    expect(frame).toMatchObject({ replyTo: { id: 'm_40', deleted: true } })
    expect(frame).not.toHaveProperty('replyTo.excerpt')
  })

  it('leaves the new fields absent on a plain message', () => {
    const frame = decodeServerFrame(`{"type":"message",${base},"message":"hi"}`)
    for (const field of ['edited', 'deleted', 'replyTo', 'reactions']) expect(frame).not.toHaveProperty(field)
  })

  it.each([
    ['a string edited time', '"edited":"now"'],
    ['a quote without an id', '"replyTo":{"seq":40,"from":"u_2","name":"Bo"}'],
    ['reactions that are not a list', '"reactions":{"👍":2}'],
    ['a reaction without mine', '"reactions":[{"emoji":"👍","count":2}]'],
  ])('rejects a message with %s', (_label, field) => {
    expect(decodeServerFrame(`{"type":"message",${base},"message":"hi",${field}}`)).toBeNull()
  })

  it('reads the read marker in ready, and a ready without one from an older server', () => {
    const you = '"you":{"id":"u_1","name":"Ada","kind":"guest"}'
    expect(
      decodeServerFrame(`{"type":"ready","protocol":2,${you},"room":"r","seq":44,"lastRead":40,"unread":2}`),
    ).toMatchObject({ seq: 44, lastRead: 40, unread: 2 })
    const older = decodeServerFrame(`{"type":"ready","protocol":2,${you},"room":"r","seq":44}`)
    expect(older).not.toHaveProperty('lastRead')
    expect(older).not.toHaveProperty('unread')
  })

  it('reads the changed messages of a resume, and leaves updated out when the server does', () => {
    const message = `{"type":"message",${base},"message":"now this","edited":1764208900000}`
    const frame = decodeServerFrame(`{"type":"history","messages":[],"hasMore":false,"updated":[${message}]}`)
    expect(frame).toMatchObject({ updated: [{ seq: 42, message: 'now this', edited: 1764208900000 }] })
    expect(decodeServerFrame('{"type":"history","messages":[],"hasMore":false}')).not.toHaveProperty('updated')
  })
})

describe('reaction emoji', () => {
  it.each(['👍', '❤️', '🎉', '👍🏽', '👩‍👩‍👧', '🇩🇪', '1️⃣', '#⃣'])('accepts %s', (emoji) => {
    expect(isReactionEmoji(emoji)).toBe(true)
  })

  it.each([
    ['nothing', ''],
    ['a letter', 'a'],
    ['two emoji', '👍👍'],
    ['an emoji and a letter', '👍a'],
    ['a digit without the keycap', '1'],
    ['a word', 'ok'],
  ])('refuses %s', (_label, text) => {
    expect(isReactionEmoji(text)).toBe(false)
  })
})

describe('client frames', () => {
  it('sends ping as the bare word', () => {
    expect(encodeClientFrame(pingFrame())).toBe('ping')
  })

  it('sends typing as JSON', () => {
    expect(encodeClientFrame(typingFrame())).toBe('{"type":"typing"}')
  })

  it('sends replyTo only on a reply', () => {
    expect(encodeClientFrame(sendFrame('yes', 'c-1', 'm_40'))).toBe(
      '{"type":"send","text":"yes","clientId":"c-1","replyTo":"m_40"}',
    )
    expect(encodeClientFrame(sendFrame('yes', 'c-1'))).toBe('{"type":"send","text":"yes","clientId":"c-1"}')
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

describe('HTTP rooms of this person', () => {
  it('decodes the documented shape, keeping the order', () => {
    const latest = {
      type: 'message',
      seq: 44,
      id: 'm_44',
      from: 'u_2',
      name: 'Bo',
      fromKind: 'guest',
      message: 'hi',
      timestamp: 1764208800000,
    }
    expect(
      decodeMyRooms({
        rooms: [
          { room: 'lobby', title: 'Lobby', lastRead: 40, unread: 2, seq: 44, latest },
          { room: 'quiet', lastRead: 0, unread: 0, seq: 0 },
        ],
      }),
    ).toEqual([
      { room: 'lobby', title: 'Lobby', lastRead: 40, unread: 2, seq: 44, latest: { ...latest, type: undefined } },
      { room: 'quiet', lastRead: 0, unread: 0, seq: 0 },
    ])
  })

  it.each([
    ['no rooms', {}],
    ['a bad room id', { rooms: [{ room: 'a b', lastRead: 0, unread: 0, seq: 0 }] }],
    ['a missing unread', { rooms: [{ room: 'lobby', lastRead: 0, seq: 0 }] }],
    ['a title that is not text', { rooms: [{ room: 'lobby', title: 7, lastRead: 0, unread: 0, seq: 0 }] }],
  ])('rejects an answer with %s', (_label, body) => {
    expect(decodeMyRooms(body)).toBeNull()
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
