/** A crescent moon: dormice are famous sleepers. */
export function Logo({ className = 'size-8' }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="9" className="fill-brand-600" />
      <path d="M20.5 7.5a9 9 0 1 0 4 14.8A7.5 7.5 0 0 1 20.5 7.5Z" fill="white" />
      <circle cx="22.5" cy="11" r="1.3" fill="white" opacity="0.75" />
    </svg>
  )
}
