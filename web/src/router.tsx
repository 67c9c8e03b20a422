import { createRouter } from '@tanstack/react-router'
import { ErrorFallback } from './components/ErrorBoundary'
import { NotFound } from './components/NotFound'
import { routeTree } from './routeTree.gen'

// TanStack Start asks for a fresh router per call.
export function getRouter() {
  return createRouter({
    routeTree,
    defaultErrorComponent: ({ error, reset }) => <ErrorFallback error={error} onRetry={reset} />,
    defaultNotFoundComponent: NotFound,
    scrollRestoration: true,
  })
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof getRouter>
  }
}
