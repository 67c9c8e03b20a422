/// <reference types="vite/client" />
import { ClientOnly, createRootRoute, HeadContent, Outlet, Scripts } from '@tanstack/react-router'
import { useEffect, type ReactNode } from 'react'
import { registerShellWorker } from '../chat/shellWorker'
import { ErrorFallback } from '../components/ErrorBoundary'
import { NotFound } from '../components/NotFound'
import appCss from '../styles/app.css?url'

export const Route = createRootRoute({
  head: () => ({
    meta: [
      { charSet: 'utf-8' },
      { name: 'viewport', content: 'width=device-width, initial-scale=1, viewport-fit=cover' },
      { name: 'description', content: 'Dormouse: self-hosted chat rooms for teams.' },
      { name: 'color-scheme', content: 'light dark' },
      { title: 'Dormouse' },
    ],
    links: [
      { rel: 'stylesheet', href: appCss },
      { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' },
    ],
  }),
  shellComponent: RootDocument,
  component: RootContent,
  errorComponent: ({ error, reset }) => (
    <AfterHydration>
      <ErrorFallback error={error} onRetry={reset} />
    </AfterHydration>
  ),
  notFoundComponent: () => (
    <AfterHydration>
      <NotFound />
    </AfterHydration>
  ),
})

function RootContent() {
  useEffect(registerShellWorker, [])
  return (
    <AfterHydration>
      <Outlet />
    </AfterHydration>
  )
}

/**
 * Renders its children only once the document has hydrated. The prerendered shell (SPA mode) has
 * nothing where the page goes, so the client's first pass must render nothing there either. Left
 * to the router, that first pass renders a page whose code is already loaded (the lobby, whose
 * chunk the shell preloads, or the not-found page, which is in the main bundle), and React
 * throws error #418 and renders the whole document again.
 */
function AfterHydration({ children }: { children: ReactNode }) {
  return <ClientOnly fallback={null}>{children}</ClientOnly>
}

function RootDocument({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <HeadContent />
      </head>
      <body>
        {children}
        <Scripts />
      </body>
    </html>
  )
}
