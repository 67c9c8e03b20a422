import { SUBPROTOCOL } from './protocol'
import type { SocketLike } from './reconnectingSocket'

/** The browser's WebSocket behind the small {@link SocketLike} surface the room client uses. */
export function openBrowserSocket(url: string): SocketLike {
  const socket = new WebSocket(url, [SUBPROTOCOL])
  const adapter: SocketLike = {
    get readyState() {
      return socket.readyState
    },
    send: (data) => socket.send(data),
    close: (code, reason) => socket.close(code, reason),
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
  }
  socket.onopen = (event) => adapter.onopen?.(event)
  socket.onmessage = (event) => adapter.onmessage?.({ data: event.data })
  socket.onclose = (event) => adapter.onclose?.({ code: event.code, reason: event.reason })
  socket.onerror = (event) => adapter.onerror?.(event)
  return adapter
}
