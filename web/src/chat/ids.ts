// Random ids. crypto.randomUUID exists only in secure contexts (https or localhost), and a team
// may well open a self-hosted server over plain http on its LAN, so fall back to getRandomValues,
// which works everywhere.

function randomHex(bytes: number): string {
  const buffer = new Uint8Array(bytes)
  crypto.getRandomValues(buffer)
  return Array.from(buffer, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** A `clientId` for one outgoing message: unique per message, stable across its resends. */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return `c-${crypto.randomUUID()}`
  return `c-${randomHex(16)}`
}

const ADJECTIVES = [
  'amber',
  'brave',
  'calm',
  'clever',
  'cosy',
  'crisp',
  'daring',
  'eager',
  'fancy',
  'gentle',
  'golden',
  'happy',
  'humble',
  'jolly',
  'keen',
  'kind',
  'lively',
  'lucky',
  'mellow',
  'merry',
  'misty',
  'nimble',
  'noble',
  'polite',
  'proud',
  'quick',
  'quiet',
  'rapid',
  'rosy',
  'shiny',
  'silver',
  'sleepy',
  'snowy',
  'sunny',
  'swift',
  'tidy',
  'wise',
  'witty',
  'young',
  'zesty',
] as const

const ANIMALS = [
  'badger',
  'beaver',
  'bison',
  'crane',
  'dormouse',
  'falcon',
  'ferret',
  'finch',
  'fox',
  'gecko',
  'heron',
  'ibex',
  'koala',
  'lemur',
  'lynx',
  'marten',
  'mole',
  'moose',
  'newt',
  'otter',
  'owl',
  'panda',
  'puffin',
  'quail',
  'raven',
  'robin',
  'seal',
  'shrew',
  'sloth',
  'stoat',
  'swan',
  'tapir',
  'toad',
  'vole',
  'walrus',
  'weasel',
  'wombat',
  'wren',
  'yak',
  'zebra',
] as const

function randomIndex(length: number): number {
  const buffer = new Uint32Array(1)
  crypto.getRandomValues(buffer)
  return (buffer[0] ?? 0) % length
}

/** A room id people can read aloud, such as `quiet-otter-42`. */
export function randomRoomId(): string {
  const adjective = ADJECTIVES[randomIndex(ADJECTIVES.length)]
  const animal = ANIMALS[randomIndex(ANIMALS.length)]
  const number = 10 + randomIndex(90)
  return `${adjective}-${animal}-${number}`
}

/** What people type as a room name becomes a room id where it can: "Design Team" → "Design-Team". */
export function toRoomId(input: string): string {
  return input.trim().replace(/^#/, '').replace(/\s+/g, '-')
}
