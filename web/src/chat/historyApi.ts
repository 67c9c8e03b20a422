import { decodeHistoryPage, decodeHttpError, type HistoryPage } from './protocol'
import type { HistoryQuery } from './roomClient'

export class HistoryRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message)
    this.name = 'HistoryRequestError'
  }
}

/** `GET /api/rooms/{roomId}/messages` with `before` or `after`, decoded and checked. */
export async function fetchHistoryPage(
  roomId: string,
  query: HistoryQuery,
  fetchImpl: typeof fetch = fetch,
): Promise<HistoryPage> {
  const params = new URLSearchParams({ limit: String(query.limit) })
  if ('before' in query) params.set('before', String(query.before))
  else params.set('after', String(query.after))
  const response = await fetchImpl(`/api/rooms/${encodeURIComponent(roomId)}/messages?${params}`, {
    headers: { Accept: 'application/json' },
  })
  const body: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    const error = decodeHttpError(body)
    throw new HistoryRequestError(response.status, error?.code ?? null, error?.message ?? response.statusText)
  }
  const page = decodeHistoryPage(body)
  if (page === null) throw new HistoryRequestError(response.status, null, 'Unexpected history response')
  return page
}
