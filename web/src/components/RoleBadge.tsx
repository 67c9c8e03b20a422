import type { Role } from '../chat/protocol'

/** A role as a small badge; members have none. */
export function RoleBadge({ role }: { role: Role }) {
  if (role !== 'owner' && role !== 'moderator') return null
  return (
    <span
      className={`inline-flex shrink-0 items-center rounded-full px-1.5 py-0.5 text-[0.7rem] leading-none font-semibold ${
        role === 'owner'
          ? 'bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100'
          : 'bg-brand-100 text-brand-800 dark:bg-brand-900/60 dark:text-brand-100'
      }`}
      data-testid="role-badge"
    >
      {role === 'owner' ? 'Owner' : 'Moderator'}
    </span>
  )
}
