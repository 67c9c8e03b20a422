import { Link } from '@tanstack/react-router'
import { Component, type ErrorInfo, type ReactNode } from 'react'

/** What a person sees when part of the app broke: what happened, and a way on. */
export function ErrorFallback({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const detail = error instanceof Error ? error.message : String(error)
  return (
    <div
      role="alert"
      className="mx-auto my-12 max-w-md rounded-2xl border border-red-200 bg-white p-6 shadow-sm dark:border-red-900/60 dark:bg-zinc-900"
    >
      <h2 className="text-lg font-semibold text-red-700 dark:text-red-300">Something went wrong</h2>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-300">
        This part of Dormouse stopped working. Your messages are safe on the server.
      </p>
      {detail && (
        <p className="mt-3 rounded-lg bg-zinc-100 p-3 font-mono text-xs break-words text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
          {detail}
        </p>
      )}
      <div className="mt-5 flex gap-3">
        <button
          type="button"
          onClick={onRetry ?? (() => window.location.reload())}
          className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
        >
          Try again
        </button>
        <Link
          to="/"
          className="rounded-lg px-4 py-2 text-sm font-medium text-brand-700 hover:bg-brand-50 dark:text-brand-300 dark:hover:bg-zinc-800"
        >
          Back to the lobby
        </Link>
      </div>
    </div>
  )
}

type BoundaryProps = { children: ReactNode; fallback?: (error: unknown, reset: () => void) => ReactNode }

/**
 * Catches render errors below it. The router's errorComponent covers whole routes; this one is
 * for parts of a page (the message list) that should fail without taking the page down.
 */
export class ErrorBoundary extends Component<BoundaryProps, { error: unknown; failed: boolean }> {
  override state = { error: null as unknown, failed: false }

  static getDerivedStateFromError(error: unknown) {
    return { error, failed: true }
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('Dormouse view error', error, info.componentStack)
  }

  reset = () => this.setState({ error: null, failed: false })

  override render() {
    if (!this.state.failed) return this.props.children
    return (
      this.props.fallback?.(this.state.error, this.reset) ?? (
        <ErrorFallback error={this.state.error} onRetry={this.reset} />
      )
    )
  }
}
