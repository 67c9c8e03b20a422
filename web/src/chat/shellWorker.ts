/**
 * Registers the service worker that serves the app during an outage (public/sw.js), and hands it
 * the files this page loaded before it was in control. Browsers offer service workers only in
 * secure contexts (https, localhost); elsewhere this does nothing. Not in dev mode, where a cached
 * shell would only get in the way of hot reload.
 */
export function registerShellWorker(): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return
  navigator.serviceWorker
    .register('/sw.js')
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      const urls = performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((url) => {
          const { origin, pathname } = new URL(url)
          return origin === location.origin && (pathname.startsWith('/assets/') || pathname === '/favicon.svg')
        })
      registration.active?.postMessage({ type: 'keep', urls })
    })
    .catch((error: unknown) => console.warn('Dormouse: no offline shell', error))
}
