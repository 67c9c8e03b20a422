import type { Notice } from '../chat/noticeList'

/** Short inline notices: error frames and things the person should know, dismissable. */
export function Notices({ notices, onDismiss }: { notices: Notice[]; onDismiss: (id: number) => void }) {
  return (
    <div role="status" aria-live="polite" className="flex flex-col gap-2 empty:hidden">
      {notices.map((notice) => (
        <div
          key={notice.id}
          data-testid="notice"
          className={`flex items-start gap-2 rounded-lg px-3 py-2 text-sm ring-1 ring-inset ${
            notice.tone === 'error'
              ? 'bg-red-50 text-red-900 ring-red-200 dark:bg-red-950/50 dark:text-red-200 dark:ring-red-900'
              : 'bg-sky-50 text-sky-900 ring-sky-200 dark:bg-sky-950/50 dark:text-sky-100 dark:ring-sky-900'
          }`}
        >
          <span className="flex-1">{notice.text}</span>
          <button
            type="button"
            onClick={() => onDismiss(notice.id)}
            className="-m-1 rounded p-1 opacity-70 hover:opacity-100"
            aria-label="Dismiss notice"
          >
            <svg viewBox="0 0 20 20" fill="currentColor" className="size-4" aria-hidden="true">
              <path d="M6.3 5 10 8.6 13.7 5 15 6.3 11.4 10l3.6 3.7-1.3 1.3-3.7-3.6L6.3 15 5 13.7 8.6 10 5 6.3 6.3 5Z" />
            </svg>
          </button>
        </div>
      ))}
    </div>
  )
}
