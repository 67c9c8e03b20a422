/**
 * Registers the service worker that serves the app during an outage (public/sw.js), and hands it
 * the files this page loads that it did not fetch itself: those loaded before it was in control,
 * and a route's chunk still loading when it took control (a fetch already under way does not go
 * through a worker that claims the page meanwhile). Browsers offer service workers only in secure
 * contexts (https, localhost); elsewhere this does nothing. Not in dev mode, where a cached shell
 * would only get in the way of hot reload.
 */
export function registerShellWorker(): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return
  navigator.serviceWorker
    .register('/sw.js')
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      const keep = (entries: PerformanceEntryList) => {
        const urls = entries.map((entry) => entry.name).filter(isAppFile)
        if (urls.length > 0) registration.active?.postMessage({ type: 'keep', urls })
      }
      // Buffered: the files loaded so far come at once, each later one as it finishes. The worker
      // skips what it already keeps.
      new PerformanceObserver((list) => keep(list.getEntries())).observe({ type: 'resource', buffered: true })
    })
    .catch((error: unknown) => console.warn('Dormouse: no offline shell', error))
}

function isAppFile(url: string): boolean {
  const { origin, pathname } = new URL(url)
  return origin === location.origin && (pathname.startsWith('/assets/') || pathname === '/favicon.svg')
}
