// Dormouse's service worker. It serves the app's shell and files when the server cannot be
// reached, so that a reload during an outage shows the room (with the messages still to send)
// instead of the browser's error page. Everything else, /api/ above all, goes to the network
// untouched: the server stays the only source of messages and of who the person is.
//
// Browsers run service workers only on https and on localhost, so on a server reached over plain
// http this file is never used and the app works as before.

const CACHE = 'dormouse-app'
// Every client route answers with the same shell; it is kept under this one key.
const SHELL = '/_shell'

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => fetch('/', { cache: 'no-store' }).then((response) => keepShell(cache, response)))
      .catch(() => {})
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()))

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return
  if (request.mode === 'navigate') event.respondWith(navigate(request))
  else if (url.pathname.startsWith('/assets/') || url.pathname === '/favicon.svg') event.respondWith(file(request))
})

// The page lists the files it loaded that this worker did not fetch: before it controlled the page,
// or already under way when it took control.
self.addEventListener('message', (event) => {
  const urls = event.data && event.data.type === 'keep' && Array.isArray(event.data.urls) ? event.data.urls : []
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        Promise.all(
          urls
            .filter((url) => typeof url === 'string' && new URL(url).origin === self.location.origin)
            .map((url) => cache.match(url).then((hit) => hit || cache.add(url).catch(() => {}))),
        ),
      ),
  )
})

/** The network first, so that a new version is seen at once; the kept shell when it fails. */
async function navigate(request) {
  try {
    const response = await fetch(request)
    if (response.ok) await keepShell(await caches.open(CACHE), response.clone())
    return response
  } catch (error) {
    const kept = await caches.match(SHELL)
    if (kept) return kept
    throw error
  }
}

/** Files under /assets/ are named by their content, so a kept copy is always the right one. */
async function file(request) {
  const cache = await caches.open(CACHE)
  const kept = await cache.match(request)
  if (kept) return kept
  const response = await fetch(request)
  if (response.ok) await cache.put(request, response.clone())
  return response
}

/** Keeps a shell; a different one (a new version) also drops the files the old one used. */
async function keepShell(cache, response) {
  if (!(response.headers.get('Content-Type') || '').includes('text/html')) return
  const text = await response.clone().text()
  const previous = await cache.match(SHELL)
  if (previous && (await previous.text()) !== text) {
    for (const key of await cache.keys()) {
      if (new URL(key.url).pathname.startsWith('/assets/')) await cache.delete(key)
    }
  }
  await cache.put(SHELL, response)
}
