// The article's design on workerd: a Worker routes /{variant}/{room} to the Durable Object named
// by the room (idFromName), which accepts the socket through the hibernation API. Every text
// frame is wrapped in the article's envelope and sent to ctx.getWebSockets(), the sender
// included. The "stored" variant first inserts the message into the object's SQLite storage.
import { DurableObject } from "cloudflare:workers";

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/health") {
      return new Response("ok");
    }
    const [, variant, room] = url.pathname.split("/");
    const rooms = variant === "stored" ? env.STORED_ROOMS : variant === "broadcast" ? env.ROOMS : null;
    if (!rooms || !room) {
      return new Response("Use /broadcast/{room} or /stored/{room}.", { status: 404 });
    }
    if (request.headers.get("Upgrade") !== "websocket") {
      return new Response("Expected Upgrade: websocket", { status: 426 });
    }
    return rooms.get(rooms.idFromName(room)).fetch(request);
  },
};

export class BroadcastRoom extends DurableObject {
  nextUser = 0;

  async fetch() {
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    // The attachment survives hibernation, as the sender's identity must.
    server.serializeAttachment({ from: `u${++this.nextUser}-${crypto.randomUUID().slice(0, 8)}` });
    server.send('{"type":"ready"}');
    return new Response(null, { status: 101, webSocket: client });
  }

  async webSocketMessage(socket, message) {
    const { from } = socket.deserializeAttachment();
    const text = typeof message === "string" ? message : new TextDecoder().decode(message);
    const timestamp = Date.now();
    this.store(from, text, timestamp);
    const envelope = JSON.stringify({ type: "message", from, message: text, timestamp });
    for (const peer of this.ctx.getWebSockets()) {
      peer.send(envelope);
    }
  }

  store() {}

  async webSocketClose(socket, code) {
    try {
      socket.close(code, "closing");
    } catch {
      // Newer compatibility dates answer the close by themselves.
    }
  }
}

export class StoredRoom extends BroadcastRoom {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY AUTOINCREMENT, sender TEXT, body TEXT, at INTEGER)",
    );
  }

  // A synchronous write; the runtime's output gate holds the broadcast until it is durable.
  store(from, text, timestamp) {
    this.ctx.storage.sql.exec("INSERT INTO messages (sender, body, at) VALUES (?, ?, ?)", from, text, timestamp);
  }
}
