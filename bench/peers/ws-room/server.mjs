// The reference peer: the smallest broadcast server a Node user would write with `ws`.
// A Set of sockets per room path; every text frame is wrapped in the article's envelope and
// sent to everyone in the room, the sender included. Nothing is stored.
import { createServer } from "node:http";
import { WebSocketServer } from "ws";

const port = Number(process.env.PORT ?? 8090);
const rooms = new Map();
let nextUser = 0;

const http = createServer((request, response) => {
  if (request.url === "/health") {
    response.end("ok");
  } else if (request.url === "/memory") {
    // Lets the bench report heap per idle connection beside RSS; the bench starts Node with
    // --expose-gc, so heapUsed counts live objects only.
    globalThis.gc?.();
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify(process.memoryUsage()));
  } else {
    response.statusCode = 404;
    response.end();
  }
});

const server = new WebSocketServer({ server: http });

server.on("connection", (socket, request) => {
  const room = new URL(request.url, "http://localhost").pathname;
  let sockets = rooms.get(room);
  if (!sockets) {
    sockets = new Set();
    rooms.set(room, sockets);
  }
  sockets.add(socket);
  const from = `u${++nextUser}`;
  // Tells the client it is in the room, so nothing it is sent afterwards can miss it.
  socket.send('{"type":"ready"}');

  socket.on("message", (data) => {
    const envelope = JSON.stringify({ type: "message", from, message: data.toString(), timestamp: Date.now() });
    for (const peer of sockets) {
      peer.send(envelope);
    }
  });

  socket.on("close", () => {
    sockets.delete(socket);
    if (sockets.size === 0) {
      rooms.delete(room);
    }
  });
});

http.listen(port, "127.0.0.1", () => console.log(`ws room server listening on port ${port}`));
