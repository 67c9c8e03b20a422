import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  decodeDirectoryPage,
  decodeHttpErrorBody,
  decodeInvite,
  decodeInvitePreview,
  decodeMemberRole,
  decodeMembers,
  decodeReports,
  decodeRestriction,
  decodeRoomInfo,
} from './roomBodies'

// The room API's shared examples, which the server's tests read too; vitest runs from web/.
function example(file: string): unknown {
  return JSON.parse(readFileSync(join(process.cwd(), '..', 'protocol', 'examples', 'http', file), 'utf8'))
}

describe('room bodies', () => {
  it('reads a claimed room and an unclaimed one, as the shared examples show them', () => {
    expect(decodeRoomInfo(example('room.json'))).toEqual({
      id: 'k3v9q2m7x1c8d4ab',
      claimed: true,
      owner: 'u_7fq2k9',
      title: 'Team',
      topic: 'Plans for the week',
      visibility: 'private',
      postPolicy: 'everyone',
      slowModeSeconds: 30,
      createdAt: 1764208800000,
      role: 'owner',
      admin: false,
    })
    expect(decodeRoomInfo({ ...(example('room.json') as object), role: 'none', admin: true })).toMatchObject({
      role: 'none',
      admin: true,
    })
    expect(decodeRoomInfo(example('room-unclaimed.json'))).toMatchObject({
      claimed: false,
      owner: null,
      createdAt: null,
      role: 'none',
    })
  })

  it('refuses a room of the wrong shape', () => {
    expect(decodeRoomInfo({ id: 'r', claimed: true, title: 'x' })).toBeNull()
    expect(
      decodeRoomInfo({
        id: 'r',
        claimed: true,
        title: '',
        topic: '',
        visibility: 'hidden',
        postPolicy: 'everyone',
        slowModeSeconds: 0,
      }),
    ).toBeNull()
  })

  it('reads a role change and the error bodies with their field and until', () => {
    expect(decodeMemberRole(example('member.json'))).toEqual({ userId: 'u_2b8d1q', role: 'moderator' })
    expect(decodeHttpErrorBody(example('error-invalid-settings.json'))).toEqual({
      code: 'invalid_settings',
      message: 'visibility is public, unlisted or private.',
      field: 'visibility',
    })
    expect(decodeHttpErrorBody({ code: 'banned', message: 'Banned.', until: 1764208832000 })).toEqual({
      code: 'banned',
      message: 'Banned.',
      until: 1764208832000,
    })
  })

  it('reads members, with a name never seen as null', () => {
    expect(
      decodeMembers({
        members: [
          { userId: 'u_1', name: 'Ada', role: 'owner' },
          { userId: 'u_2', name: null, role: 'member' },
        ],
      }),
    ).toEqual([
      { userId: 'u_1', name: 'Ada', role: 'owner' },
      { userId: 'u_2', name: null, role: 'member' },
    ])
    expect(decodeMembers({ members: [{ userId: 'u_1', role: 'king' }] })).toBeNull()
  })

  it('reads an invite with and without a use limit, and its preview', () => {
    const invite = {
      code: 'k3v9',
      room: 'team',
      url: '/invite/k3v9',
      expiresAt: 1764813600000,
      maxUses: null,
      uses: 0,
      createdBy: 'u_1',
      createdAt: 1764208800000,
    }
    expect(decodeInvite(invite)).toEqual(invite)
    expect(decodeInvite({ ...invite, maxUses: 5 })).toMatchObject({ maxUses: 5 })
    expect(decodeInvite({ ...invite, uses: -1 })).toBeNull()
    expect(
      decodeInvitePreview({ code: 'k3v9', room: 'team', title: 'Team', visibility: 'private', expiresAt: 1 }),
    ).toEqual({ code: 'k3v9', room: 'team', title: 'Team', visibility: 'private', expiresAt: 1 })
  })

  it('reads a ban for good, a timed mute, and drops an empty reason', () => {
    expect(decodeRestriction({ userId: 'u_2', until: null, reason: 'Spam', by: 'u_1', at: 5 })).toEqual({
      userId: 'u_2',
      name: null,
      until: null,
      reason: 'Spam',
      by: 'u_1',
      at: 5,
    })
    expect(decodeRestriction({ userId: 'u_2', name: 'Bob', until: 9, reason: '', by: 'u_1', at: 5 })).toMatchObject({
      name: 'Bob',
      until: 9,
      reason: null,
    })
    expect(decodeRestriction({ userId: 'u_2', until: 'soon', by: 'u_1', at: 5 })).toBeNull()
  })

  it('reads the moderators’ queue of reports', () => {
    expect(
      decodeReports({
        reports: [
          {
            id: 'r1',
            messageId: 'm1',
            excerpt: 'Buy now',
            author: { id: 'u_2', name: 'Bob' },
            reason: 'Spam',
            by: 'u_3',
            at: 7,
            status: 'open',
          },
        ],
      }),
    ).toEqual([
      {
        id: 'r1',
        messageId: 'm1',
        excerpt: 'Buy now',
        author: { id: 'u_2', name: 'Bob' },
        reason: 'Spam',
        by: 'u_3',
        at: 7,
        status: 'open',
        resolution: null,
        resolvedBy: null,
        resolvedAt: null,
      },
    ])
    expect(
      decodeReports({ reports: [{ id: 'r1', messageId: 'm1', reason: 'x', by: 'u', at: 1, status: 'new' }] }),
    ).toBeNull()
  })

  it('reads a directory page and its cursor', () => {
    expect(
      decodeDirectoryPage({
        rooms: [{ id: 'lobby', title: 'Lobby', topic: '', online: 3, lastActivity: null }],
        cursor: 'abc',
      }),
    ).toEqual({ rooms: [{ id: 'lobby', title: 'Lobby', topic: '', online: 3, lastActivity: null }], cursor: 'abc' })
    expect(decodeDirectoryPage({ rooms: [], cursor: null })).toEqual({ rooms: [], cursor: null })
    expect(decodeDirectoryPage({ rooms: [{ id: 'lobby', online: 'many' }] })).toBeNull()
  })
})
