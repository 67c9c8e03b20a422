package dev.dormouse.bench.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One client WebSocket, driven by its {@link ClientLoop}. Everything here runs on the loop's
 * thread. An idle connection holds only its channel and a few fields, so a generator can keep
 * tens of thousands open; bytes are read into the loop's shared buffer, and only an incomplete
 * frame is copied out to wait for the rest.
 */
public final class Connection {

  private enum State { WAITING, CONNECTING, HANDSHAKING, OPEN, CLOSED }

  private static final int HEAD_LIMIT = 16 * 1024;

  private final ClientLoop loop;
  private final int number;
  private final InetSocketAddress server;
  private final InetSocketAddress local;
  private final Handshake handshake;
  private final ConnectionListener listener;
  private final Frames.Header header = new Frames.Header();
  private final ArrayDeque<ByteBuffer> unsent = new ArrayDeque<>(0);
  private State state = State.WAITING;
  private SocketChannel channel;
  private SelectionKey key;
  private byte[] head;
  private int headLength;
  private byte[] leftover;
  private ByteArrayOutputStream fragments;
  private int fragmentOpcode;
  private boolean closeSent;

  Connection(
      ClientLoop loop,
      int number,
      InetSocketAddress server,
      InetSocketAddress local,
      String pathAndQuery,
      String subprotocol,
      ConnectionListener listener) {
    this.loop = loop;
    this.number = number;
    this.server = server;
    this.local = local;
    this.handshake = new Handshake(server.getHostString(), server.getPort(), pathAndQuery, subprotocol);
    this.listener = listener;
  }

  /** The scenario's own number for this connection, from 0. */
  public int number() {
    return number;
  }

  public boolean isOpen() {
    return state == State.OPEN;
  }

  /** Sends one text message; queued in order if the socket cannot take it yet. */
  public void sendText(String text) {
    send(Frames.encode(Frames.TEXT, text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Sends a close frame and drops the socket without waiting for the answer. */
  public void close() {
    if (state == State.OPEN && !closeSent) {
      closeSent = true;
      send(Frames.encode(Frames.CLOSE, Frames.closePayload(1000)));
    }
    closed(1000, "closed by the bench", false);
  }

  void connect() throws IOException {
    state = State.CONNECTING;
    channel = SocketChannel.open();
    channel.configureBlocking(false);
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    if (local != null) {
      channel.bind(local);
    }
    key = channel.register(loop.selector(), SelectionKey.OP_CONNECT, this);
    if (channel.connect(server)) {
      connected();
    }
  }

  /** The selector says this channel is ready for something. */
  void onReady(int readyOps) {
    try {
      if ((readyOps & SelectionKey.OP_CONNECT) != 0 && channel.finishConnect()) {
        connected();
      }
      if ((readyOps & SelectionKey.OP_WRITE) != 0) {
        flush();
      }
      if ((readyOps & SelectionKey.OP_READ) != 0) {
        if (state == State.HANDSHAKING) {
          readHead();
        } else if (state == State.OPEN) {
          readFrames();
        }
      }
    } catch (IOException e) {
      closed(-1, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), true);
    }
  }

  void failedToStart(IOException e) {
    closed(-1, "connect failed: " + e.getMessage(), true);
  }

  private void connected() throws IOException {
    state = State.HANDSHAKING;
    head = new byte[1024];
    key.interestOps(SelectionKey.OP_READ);
    send(ByteBuffer.wrap(handshake.request()));
  }

  private void readHead() throws IOException {
    ByteBuffer into = ByteBuffer.wrap(head, headLength, head.length - headLength);
    int read = channel.read(into);
    if (read < 0) {
      throw new IOException("closed during the upgrade");
    }
    headLength += read;
    int end = Handshake.endOfHead(head, headLength);
    if (end < 0) {
      if (headLength == head.length) {
        if (head.length >= HEAD_LIMIT) {
          throw new IOException("response head too long");
        }
        head = Arrays.copyOf(head, head.length * 2);
      }
      return;
    }
    String responseHead = new String(head, 0, end, StandardCharsets.ISO_8859_1);
    String problem = handshake.check(responseHead);
    if (problem != null) {
      Handshake.Refusal refusal = Handshake.refusal(responseHead);
      if (refusal != null) {
        listener.onRefused(this, refusal);
      }
      throw new IOException(problem);
    }
    if (end < headLength) {
      leftover = Arrays.copyOfRange(head, end, headLength);
    }
    head = null;
    state = State.OPEN;
    loop.handshakeEnded();
    listener.onOpen(this);
    if (leftover != null && state == State.OPEN) {
      ByteBuffer buffer = loop.readBuffer(leftover.length);
      buffer.clear();
      buffer.put(leftover);
      leftover = null;
      buffer.flip();
      parse(buffer, System.nanoTime());
    }
  }

  private void readFrames() throws IOException {
    for (int round = 0; round < 8 && state == State.OPEN; round++) {
      ByteBuffer buffer = loop.readBuffer(leftover == null ? 0 : leftover.length * 2);
      buffer.clear();
      if (leftover != null) {
        buffer.put(leftover);
        leftover = null;
      }
      int read = channel.read(buffer);
      if (read < 0) {
        closed(-1, "the server dropped the connection", true);
        return;
      }
      boolean full = !buffer.hasRemaining();
      buffer.flip();
      parse(buffer, System.nanoTime());
      if (!full) {
        return;
      }
    }
  }

  private void parse(ByteBuffer buffer, long nowNanos) {
    int pos = buffer.position();
    int limit = buffer.limit();
    while (state == State.OPEN && header.read(buffer, pos, limit)) {
      long length = header.frameLength();
      if (length > limit - pos) {
        loop.readBuffer((int) Math.min(Integer.MAX_VALUE / 2, length * 2));
        break;
      }
      int start = pos + header.headerLength;
      int end = (int) (pos + length);
      pos = end;
      onFrame(header.fin, header.opcode, buffer, start, end, nowNanos);
    }
    if (state == State.OPEN && pos < limit) {
      leftover = new byte[limit - pos];
      buffer.get(pos, leftover);
    }
  }

  private void onFrame(boolean fin, int opcode, ByteBuffer buffer, int start, int end, long nowNanos) {
    switch (opcode) {
      case Frames.TEXT, Frames.BINARY -> {
        if (fin) {
          if (opcode == Frames.TEXT) {
            listener.onText(this, buffer, start, end, nowNanos);
          }
        } else {
          fragments = new ByteArrayOutputStream();
          fragmentOpcode = opcode;
          append(buffer, start, end);
        }
      }
      case Frames.CONTINUATION -> {
        if (fragments == null) {
          return;
        }
        append(buffer, start, end);
        if (fin) {
          byte[] whole = fragments.toByteArray();
          fragments = null;
          if (fragmentOpcode == Frames.TEXT) {
            listener.onText(this, ByteBuffer.wrap(whole), 0, whole.length, nowNanos);
          }
        }
      }
      case Frames.PING -> {
        byte[] payload = new byte[end - start];
        buffer.get(start, payload);
        send(Frames.encode(Frames.PONG, payload));
      }
      case Frames.CLOSE -> {
        int code = end - start >= 2 ? ((buffer.get(start) & 0xFF) << 8) | (buffer.get(start + 1) & 0xFF) : -1;
        byte[] reason = new byte[Math.max(0, end - start - 2)];
        buffer.get(Math.min(end, start + 2), reason);
        if (!closeSent) {
          closeSent = true;
          send(Frames.encode(Frames.CLOSE, code > 0 ? Frames.closePayload(code) : new byte[0]));
        }
        closed(code, new String(reason, StandardCharsets.UTF_8), true);
      }
      default -> {}
    }
  }

  private void append(ByteBuffer buffer, int start, int end) {
    byte[] part = new byte[end - start];
    buffer.get(start, part);
    fragments.writeBytes(part);
  }

  private void send(ByteBuffer frame) {
    if (state == State.CLOSED || channel == null) {
      return;
    }
    unsent.add(frame);
    if (unsent.size() == 1) {
      try {
        flush();
      } catch (IOException e) {
        closed(-1, e.getMessage(), true);
      }
    }
  }

  private void flush() throws IOException {
    while (!unsent.isEmpty()) {
      ByteBuffer first = unsent.peek();
      channel.write(first);
      if (first.hasRemaining()) {
        key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        return;
      }
      unsent.poll();
    }
    if (key.isValid() && (key.interestOps() & SelectionKey.OP_WRITE) != 0) {
      key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
    }
  }

  private void closed(int code, String reason, boolean tellListener) {
    if (state == State.CLOSED) {
      return;
    }
    boolean wasStarting = state == State.CONNECTING || state == State.HANDSHAKING;
    state = State.CLOSED;
    if (channel != null) {
      try {
        if (!unsent.isEmpty()) {
          flush();
        }
      } catch (IOException ignored) {
        // Closing anyway; the peer may already be gone.
      }
      try {
        channel.close();
      } catch (IOException ignored) {
        // Nothing left to release.
      }
    }
    unsent.clear();
    leftover = null;
    head = null;
    if (wasStarting) {
      loop.handshakeEnded();
    }
    if (tellListener) {
      listener.onClose(this, code, reason);
    }
  }
}
