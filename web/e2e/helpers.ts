import AxeBuilder from '@axe-core/playwright'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { test as base, expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test'
import { serverState } from './server'

export { expect }

// ---- Every test fails on a console error or an uncaught page error ---------------------------

/**
 * What the browsers of one test reported as errors: `console.error` (which includes failed
 * requests and React's warnings) and uncaught exceptions (React's hydration error #418 among
 * them). A test that provokes some on purpose (a server it stopped) says which with `allow`.
 */
export class BrowserErrors {
  private readonly seen: string[] = []
  private readonly allowed: RegExp[] = []

  watch(context: BrowserContext): void {
    context.on('console', (message) => {
      if (message.type() !== 'error') return
      const where = message.location().url
      this.seen.push(`console.error: ${message.text()}${where ? ` (${where})` : ''}`)
    })
    context.on('weberror', (error) => this.seen.push(`uncaught: ${error.error().stack ?? error.error().message}`))
  }

  /** Lets errors matching `pattern` pass, for a test that causes them on purpose. */
  allow(pattern: RegExp): void {
    this.allowed.push(pattern)
  }

  unexpected(): string[] {
    return this.seen.filter((text) => !this.allowed.some((pattern) => pattern.test(text)))
  }
}

/** The errors of the running test; newPerson needs it, so every spec must use this file's `test`. */
let currentErrors: BrowserErrors | null = null

export const test = base.extend<{ browserErrors: BrowserErrors }>({
  browserErrors: [
    async ({}, use) => {
      const errors = new BrowserErrors()
      currentErrors = errors
      try {
        await use(errors)
      } finally {
        currentErrors = null
      }
      expect(errors.unexpected(), 'console errors and uncaught page errors').toEqual([])
    },
    { auto: true },
  ],
  context: async ({ context, browserErrors }, use) => {
    browserErrors.watch(context)
    await use(context)
  },
})

export const SCREENSHOT_DIR = join(import.meta.dirname, '..', 'test-results', 'screenshots')

export function baseUrl(): string {
  return serverState().baseUrl
}

/** A room id no other test uses. */
export function uniqueRoom(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`
}

export const DESKTOP = { viewport: { width: 1280, height: 800 } }
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }

type Person = { context: BrowserContext; page: Page }

/** A person in their own browser context, with a display name already remembered (or none). */
export async function newPerson(
  browser: Browser,
  options: {
    name?: string
    device?: typeof DESKTOP | typeof PHONE
    colorScheme?: 'light' | 'dark'
    /** The base URL of a server this test started; the shared one by default. */
    server?: string
  } = {},
): Promise<Person> {
  if (currentErrors === null) throw new Error("Import `test` from './helpers', so that browser errors fail the test")
  const context = await browser.newContext({
    ...(options.device ?? DESKTOP),
    baseURL: options.server ?? baseUrl(),
    colorScheme: options.colorScheme ?? 'light',
    locale: 'en-GB',
    timezoneId: 'Europe/Berlin',
  })
  currentErrors.watch(context)
  if (options.name !== undefined) {
    await context.addInitScript((name) => {
      // Init scripts also run in a new page's about:blank, which has no storage.
      if (location.protocol !== 'http:') return
      if (localStorage.getItem('dormouse.name') === null) localStorage.setItem('dormouse.name', JSON.stringify(name))
    }, options.name)
  }
  const page = await context.newPage()
  return { context, page }
}

export function status(page: Page): Locator {
  return page.getByTestId('connection-status')
}

export async function openRoom(page: Page, room: string): Promise<void> {
  await page.goto(`/rooms/${room}`)
  await expect(status(page)).toHaveText('Live')
}

/** A person as the wire names them. */
type WirePerson = { id: string; name: string; kind: string }

/** Who the context's session cookie says this is, through the real `GET /api/session`. */
export async function sessionUser(context: BrowserContext): Promise<WirePerson> {
  const response = await context.request.get('/api/session')
  expect(response.status()).toBe(200)
  return ((await response.json()) as { user: WirePerson }).user
}

/** Collects the `you` of every `ready` frame the page receives, across reloads. */
export function readyIdentities(page: Page): WirePerson[] {
  const seen: WirePerson[] = []
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string' || !payload.startsWith('{')) return
      const frame = JSON.parse(payload) as { type?: string; you?: WirePerson }
      if (frame.type === 'ready' && frame.you) seen.push(frame.you)
    })
  })
  return seen
}

/**
 * Waits until the service worker controls the page and keeps the shell and every file the page
 * loaded, so that a reload works without the server.
 */
export async function offlineShellReady(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          if (!navigator.serviceWorker?.controller) return 'not controlled'
          const kept = new Set((await (await caches.open('dormouse-app')).keys()).map((request) => request.url))
          if (!kept.has(new URL('/_shell', location.href).href)) return 'no shell'
          const missing = performance
            .getEntriesByType('resource')
            .map((entry) => entry.name)
            .filter((url) => new URL(url).pathname.startsWith('/assets/') && !kept.has(url))
          return missing.length === 0 ? 'ready' : `missing ${missing.join(', ')}`
        }),
      { timeout: 20_000 },
    )
    .toBe('ready')
}

export function composer(page: Page): Locator {
  return page.getByRole('textbox', { name: 'Message' })
}

export async function sendMessage(page: Page, text: string): Promise<void> {
  await composer(page).fill(text)
  await composer(page).press('Enter')
}

/** Message bubbles whose whole text is `text`. */
export function bubbles(page: Page, text: string): Locator {
  return page.getByTestId('message').filter({ hasText: new RegExp(`^${escapeRegExp(text)}$`) })
}

/** How many messages the room's list holds, whether or not their rows are in the DOM. */
export function messageCount(page: Page): Locator {
  return page.getByTestId('message-log')
}

/**
 * The text of every stored message in the list, in seq order, each once. The list renders only the
 * rows near the view, so this scrolls it from top to bottom, waiting at each step for the rows
 * there to be rendered, and collects what it passes.
 */
export async function readAllMessages(page: Page): Promise<string[]> {
  return page.getByTestId('message-scroller').evaluate(async (scroller) => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve))
    // Rendered: some row covers the middle of the view.
    const rendered = async () => {
      for (let i = 0; i < 600; i++) {
        const box = scroller.getBoundingClientRect()
        const middle = box.top + Math.min(box.height, scroller.scrollHeight) / 2
        const rows = [...scroller.querySelectorAll('[data-index]')].map((row) => row.getBoundingClientRect())
        if (rows.some((row) => row.top <= middle && row.bottom >= middle)) return
        await frame()
      }
      throw new Error('The list did not render the rows in view')
    }
    const seen = new Map<number, string>()
    scroller.scrollTop = 0
    for (;;) {
      await frame()
      await rendered()
      for (const bubble of scroller.querySelectorAll('[data-testid="message"][data-seq]')) {
        seen.set(Number(bubble.getAttribute('data-seq')), bubble.textContent ?? '')
      }
      if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) break
      scroller.scrollTop += Math.max(1, scroller.clientHeight / 2)
    }
    return [...seen.entries()].sort(([a], [b]) => a - b).map(([, text]) => text)
  })
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

// axe-core checks what a machine can: names and labels, roles, contrast (WCAG 2.1 AA), and its
// best practices, landmarks among them (one `main` per page, all content in landmarks).
export async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze()
  return results.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  )
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const path = join(SCREENSHOT_DIR, `${name}.png`)
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' })
  return path
}

// ---- A chat client in Node, for "other people" and for seeding ------------------------------

type Frame = Record<string, unknown> & { type: string }

/** Speaks the wire protocol from Node (Node 22 has WebSocket built in). */
export class NodeChatter {
  private readonly frames: Frame[] = []
  private readonly waiters: Array<() => void> = []
  private nextId = 0

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string' || event.data === 'pong') return
      this.frames.push(JSON.parse(event.data) as Frame)
      for (const wake of this.waiters.splice(0)) wake()
    })
  }

  /** Joins `room` as a guest named `name`, on the shared server unless `server` names another. */
  static async connect(room: string, name: string, server = baseUrl()): Promise<NodeChatter> {
    const url = `${server.replace(/^http/, 'ws')}/api/chat/${room}?name=${encodeURIComponent(name)}`
    const chatter = new NodeChatter(new WebSocket(url, ['dormouse.v2']))
    await chatter.waitFor((frame) => frame.type === 'history')
    return chatter
  }

  async waitFor(match: (frame: Frame) => boolean, timeoutMs = 15_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.frames.find(match)
      if (found) return found
      const left = deadline - Date.now()
      if (left <= 0) throw new Error('Timed out waiting for a frame')
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left)
        this.waiters.push(() => {
          clearTimeout(timer)
          wake()
        })
      })
    }
  }

  /** Sends a message and waits for its ack; returns the seq. */
  async send(text: string): Promise<number> {
    const clientId = `node-${Date.now()}-${this.nextId++}`
    this.socket.send(JSON.stringify({ type: 'send', text, clientId }))
    const reply = await this.waitFor(
      (frame) => (frame.type === 'ack' || frame.type === 'error') && frame.clientId === clientId,
    )
    if (reply.type === 'error') throw new Error(`send refused: ${String(reply.code)} ${String(reply.message)}`)
    return reply.seq as number
  }

  typing(): void {
    this.socket.send(JSON.stringify({ type: 'typing' }))
  }

  close(): void {
    this.socket.close(1000)
  }
}

/**
 * Stores `count` messages "Seed 01".."Seed NN" in order. The server allows a burst of 10 per
 * connection, so each connection sends at most 10 and the next one takes over.
 */
export async function seedMessages(room: string, count: number, prefix = 'Seed'): Promise<void> {
  const width = String(count).length
  for (let start = 1; start <= count; start += 10) {
    const chatter = await NodeChatter.connect(room, 'Seeder')
    for (let n = start; n < start + 10 && n <= count; n++) {
      await chatter.send(`${prefix} ${String(n).padStart(width, '0')}`)
    }
    chatter.close()
  }
}

/** Every stored message of a room, through the HTTP history API, oldest first. */
export async function storedMessages(room: string): Promise<Array<{ seq: number; message: string }>> {
  const all: Array<{ seq: number; message: string }> = []
  let after = 0
  for (;;) {
    const response = await fetch(`${baseUrl()}/api/rooms/${room}/messages?after=${after}&limit=100`)
    expect(response.status).toBe(200)
    const page = (await response.json()) as { messages: Array<{ seq: number; message: string }>; hasMore: boolean }
    all.push(...page.messages)
    const last = page.messages.at(-1)
    if (!page.hasMore || last === undefined) return all
    after = last.seq
  }
}

// ---- Messages' menus, for edits, deletes, replies and reactions -------------------------------

/** The list row that holds the stored message whose text begins with `text` (the whole row). */
export function rowOf(page: Page, text: string): Locator {
  return page
    .getByTestId('message-row')
    .filter({ has: page.getByTestId('message').filter({ hasText: new RegExp(`^${escapeRegExp(text)}`) }) })
}

/** Opens the message menu of the row holding `text`: hovered first, as a mouse would. */
export async function openMessageMenu(page: Page, text: string): Promise<Locator> {
  const row = rowOf(page, text)
  await row.getByTestId('message').hover()
  await row.getByRole('button', { name: 'Message actions' }).click()
  await expect(row.getByTestId('message-menu')).toBeVisible()
  return row
}

/** Sets what `document.visibilityState` says in `page`, and tells the page, as a hidden tab would. */
export async function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  await page.evaluate((value) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => value })
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => value === 'hidden' })
    document.dispatchEvent(new Event('visibilitychange'))
  }, state)
}
