package dev.dormouse.faults;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.ObjIntConsumer;

/**
 * One WebSocket connection of a {@link FaultClient}, on the JDK's client. It asks for one frame at
 * a time, and asks for none while its client is frozen, so the server sees exactly what a stuck app
 * looks like from the network. It reports every whole text frame, and how it ended, once.
 */
final class ClientConnection implements WebSocket.Listener {

  /** How a connection ended when the client itself aborted it: nothing the server sent. */
  static final int ABORTED = 0;

  /** How a connection ended when no close frame came (RFC 6455's 1006, never on the wire). */
  static final int NO_CLOSE_FRAME = 1006;

  private final BiConsumer<ClientConnection, String> frames;
  private final ObjIntConsumer<ClientConnection> ends;
  private final CompletableFuture<Integer> ended = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private volatile WebSocket socket;

  // Guarded by this.
  private boolean paused;
  private boolean owedRequest;

  ClientConnection(
      BiConsumer<ClientConnection, String> frames,
      ObjIntConsumer<ClientConnection> ends,
      boolean paused) {
    this.frames = frames;
    this.ends = ends;
    this.paused = paused;
  }

  void opened(WebSocket webSocket) {
    socket = webSocket;
  }

  boolean hasEnded() {
    return ended.isDone();
  }

  CompletableFuture<WebSocket> send(String text) {
    return socket.sendText(text, true);
  }

  synchronized void pauseReading() {
    paused = true;
  }

  void resumeReading() {
    boolean owed;
    synchronized (this) {
      paused = false;
      owed = owedRequest;
      owedRequest = false;
    }
    if (owed) {
      socket.request(1);
    }
  }

  /** Drops the TCP connection without a close frame. */
  void abort() {
    WebSocket ws = socket;
    if (ws != null) {
      ws.abort();
    }
    end(ABORTED);
  }

  /** Says goodbye with 1000, then lets go of the connection whatever the answer. */
  void close() {
    WebSocket ws = socket;
    if (ws != null) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").whenComplete((done, failed) -> ws.abort());
    }
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    socket = webSocket;
    requestNext();
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String text = partial.toString();
      partial.setLength(0);
      frames.accept(this, text);
    }
    requestNext();
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    frames.accept(this, "(binary frame)");
    requestNext();
    return null;
  }

  @Override
  public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
    requestNext();
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
    requestNext();
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    end(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    end(NO_CLOSE_FRAME);
  }

  private void end(int code) {
    if (ended.complete(code)) {
      ends.accept(this, code);
    }
  }

  /** Asks for the next frame, unless the client is frozen; then it is asked for on resume. */
  private void requestNext() {
    synchronized (this) {
      if (paused) {
        owedRequest = true;
        return;
      }
    }
    socket.request(1);
  }
}
