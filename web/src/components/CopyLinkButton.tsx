import { useEffect, useState } from 'react'

/**
 * The Clipboard API exists only in secure contexts; a self-hosted server is often reached over
 * plain http, so fall back to selecting the text and the older copy command.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text)
      return true
    }
  } catch {
    // fall through to the fallback
  }
  const field = document.createElement('textarea')
  field.value = text
  field.setAttribute('readonly', '')
  field.style.position = 'fixed'
  field.style.opacity = '0'
  document.body.appendChild(field)
  field.select()
  try {
    return document.execCommand('copy')
  } catch {
    return false
  } finally {
    field.remove()
  }
}

export function CopyLinkButton() {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  useEffect(() => {
    if (state === 'idle') return
    const timer = window.setTimeout(() => setState('idle'), 2000)
    return () => window.clearTimeout(timer)
  }, [state])
  const label = state === 'copied' ? 'Link copied' : state === 'failed' ? 'Copy failed' : 'Copy room link'
  return (
    <button
      type="button"
      onClick={async () => setState((await copyText(window.location.href)) ? 'copied' : 'failed')}
      className="inline-flex items-center gap-1.5 rounded-lg px-2.5 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-200 dark:hover:bg-zinc-800"
    >
      <svg viewBox="0 0 20 20" fill="currentColor" className="size-4" aria-hidden="true">
        {state === 'copied' ? (
          <path
            fillRule="evenodd"
            d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.6l7.3-7.3a1 1 0 0 1 1.4 0Z"
            clipRule="evenodd"
          />
        ) : (
          <path d="M12.6 3.4a3.5 3.5 0 0 1 5 5l-2.3 2.3a3.5 3.5 0 0 1-5 0 1 1 0 0 1 1.4-1.4 1.5 1.5 0 0 0 2.2 0l2.3-2.3a1.5 1.5 0 0 0-2.2-2.2l-.7.7a1 1 0 0 1-1.4-1.4l.7-.7Zm-4.9 4.9a3.5 3.5 0 0 1 5 0 1 1 0 0 1-1.4 1.4 1.5 1.5 0 0 0-2.2 0l-2.3 2.3a1.5 1.5 0 0 0 2.2 2.2l.7-.7a1 1 0 0 1 1.4 1.4l-.7.7a3.5 3.5 0 0 1-5-5l2.3-2.3Z" />
        )}
      </svg>
      <span aria-live="polite">
        <span className="hidden sm:inline">{label}</span>
        <span className="sr-only sm:hidden">{label}</span>
      </span>
    </button>
  )
}
