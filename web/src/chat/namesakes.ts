import { idHash } from './idHash'
import type { TimelineItem } from './messageStore'
import type { UserRef } from './protocol'

/** Someone the room shows by name. */
export type Named = { id: string; name: string }

const SHORT_TAG = 4

/**
 * Names are not unique: two people, or a guest and the person they pretend to be, can both be
 * "Ada". Among the people in view, every user id whose name another id also goes by gets a tag
 * from its id, shown after the name ("Ada · 3f9c"), so each reader can tell them apart and say
 * which one they mean. A tag is the first four hex digits of the id's hash, or all eight when the
 * people of one name share the four: new guest ids cost nothing, so someone could try ids until
 * four digits match, but not eight.
 *
 * Names that differ only in case, width or spacing count as one name, since they look alike.
 */
export class Namesakes {
  static readonly NONE = new Namesakes(new Map())

  private readonly keys = new Map<string, string>()

  private constructor(private readonly tagsByName: ReadonlyMap<string, ReadonlyMap<string, string>>) {}

  static among(people: Iterable<Named>): Namesakes {
    const seen = new Set<string>()
    const idsByName = new Map<string, Set<string>>()
    for (const { id, name } of people) {
      const pair = `${id}\n${name}`
      if (seen.has(pair)) continue
      seen.add(pair)
      const key = sameNameKey(name)
      const ids = idsByName.get(key) ?? new Set<string>()
      ids.add(id)
      idsByName.set(key, ids)
    }
    const tagsByName = new Map<string, Map<string, string>>()
    for (const [key, ids] of idsByName) {
      if (ids.size < 2) continue
      const short = new Map([...ids].map((id) => [id, hexOf(id).slice(0, SHORT_TAG)]))
      const apart = new Set(short.values()).size === ids.size
      tagsByName.set(key, apart ? short : new Map([...ids].map((id) => [id, hexOf(id)])))
    }
    return new Namesakes(tagsByName)
  }

  /** The tag to show after this person's name, or null when nobody else in view goes by it. */
  tagOf(person: Named): string | null {
    if (this.tagsByName.size === 0) return null
    let key = this.keys.get(person.name)
    if (key === undefined) {
      key = sameNameKey(person.name)
      this.keys.set(person.name, key)
    }
    return this.tagsByName.get(key)?.get(person.id) ?? null
  }
}

/** Everyone the room shows by name: who is online, this person, and the senders of the messages loaded. */
export function* peopleInView(
  online: readonly UserRef[],
  me: UserRef | null,
  timeline: readonly TimelineItem[],
): Iterable<Named> {
  yield* online
  if (me !== null) yield me
  for (const item of timeline) {
    if (item.kind === 'message') yield { id: item.message.from, name: item.message.name }
  }
}

function sameNameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
}

function hexOf(id: string): string {
  return idHash(id).toString(16).padStart(8, '0')
}
