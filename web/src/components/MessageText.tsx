import { linkify } from '../chat/linkify'

/** Message text as text: links become anchors, everything else stays a string React escapes. */
export function MessageText({ text, own }: { text: string; own: boolean }) {
  const linkClass = own
    ? 'underline decoration-white/60 underline-offset-2 hover:decoration-white'
    : 'text-brand-700 underline decoration-brand-700/40 underline-offset-2 hover:decoration-brand-700 dark:text-brand-300 dark:decoration-brand-300/40'
  return (
    <>
      {linkify(text).map((segment, index) =>
        segment.kind === 'link' ? (
          <a key={index} href={segment.href} target="_blank" rel="noopener noreferrer" className={linkClass}>
            {segment.text}
          </a>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </>
  )
}
