// Socket.IO 4.8 rooms, as a Socket.IO user would write a chat room: the room comes from the
// handshake query, a "send" event is broadcast to the room (the sender included) as a "message"
// event carrying the article's envelope. Nothing is stored. Only the WebSocket transport is
// offered, so the bench measures the same kind of connection for every server.
import { createServer } from "node:http";
import { Server } from "socket.io";

const port = Number(process.env.PORT ?? 8091);

const http = createServer((request, response) => {
  if (request.url === "/health") {
    response.end("ok");
  } else if (request.url === "/memory") {
    // Lets the bench report heap per idle connection beside RSS; the bench starts Node with
    // --expose-gc, so heapUsed counts live objects only.
    globalThis.gc?.();
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify(process.memoryUsage()));
  } else if (!request.url.startsWith("/socket.io/")) {
    response.statusCode = 404;
    response.end();
  }
});

const io = new Server(http, { transports: ["websocket"], serveClient: false });

io.on("connection", (socket) => {
  const room = String(socket.handshake.query.room ?? "lobby");
  socket.join(room);
  socket.emit("ready");
  socket.on("send", (text) => {
    io.to(room).emit("message", { type: "message", from: socket.id, message: String(text), timestamp: Date.now() });
  });
});

http.listen(port, "127.0.0.1", () => console.log(`socket.io room server listening on port ${port}`));
