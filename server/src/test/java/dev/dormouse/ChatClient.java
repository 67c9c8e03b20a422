package dev.dormouse;

import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.ServerFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A WebSocket client for tests, on the JDK's own {@link WebSocket}: it records every text frame and
 * the close it received, and lets a test wait for a frame that matches.
 */
public final class ChatClient implements AutoCloseable {

  public static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final List<String> received = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private final WebSocket socket;
  private final boolean reading;

  private static final List<String> FULL_PROTOCOL = List.of("dormouse.v2");

  private ChatClient(URI uri, boolean reading, List<String> subprotocols, String... headers) {
    this.reading = reading;
    WebSocket.Builder builder = HTTP.newWebSocketBuilder();
    if (!subprotocols.isEmpty()) {
      builder.subprotocols(
          subprotocols.getFirst(),
          subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
    }
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    this.socket = builder.buildAsync(uri, new Listener()).join();
  }

  public static ChatClient connect(URI uri) {
    return new ChatClient(uri, true, FULL_PROTOCOL);
  }

  /** Connects with extra request headers, given as name, value, name, value… */
  public static ChatClient connect(URI uri, String... headers) {
    return new ChatClient(uri, true, FULL_PROTOCOL, headers);
  }

  /**
   * Offers these subprotocols, most wanted first, instead of {@code dormouse.v2}; none is the
   * article's plain chat client.
   */
  public static ChatClient connectOffering(URI uri, String... subprotocols) {
    return new ChatClient(uri, true, List.of(subprotocols));
  }

  /** A client that never reads what the server sends, to play a stuck consumer. */
  public static ChatClient connectNotReading(URI uri) {
    return new ChatClient(uri, false, FULL_PROTOCOL);
  }

  /** The subprotocol the server selected, or "" for none. */
  public String subprotocol() {
    return socket.getSubprotocol();
  }

  public ChatClient send(String text) {
    socket.sendText(text, true).join();
    return this;
  }

  public ChatClient sendMessage(String text, String clientId) {
    return send(
        "{\"type\":\"send\",\"text\":"
            + FrameCodec.json().valueToTree(text)
            + ",\"clientId\":\""
            + clientId
            + "\"}");
  }

  /** A send that answers the message with id {@code replyTo}. */
  public ChatClient sendReply(String text, String clientId, String replyTo) {
    return send(
        "{\"type\":\"send\",\"text\":"
            + FrameCodec.json().valueToTree(text)
            + ",\"clientId\":\""
            + clientId
            + "\",\"replyTo\":\""
            + replyTo
            + "\"}");
  }

  public ChatClient edit(String id, String text, String clientId) {
    return send(
        "{\"type\":\"edit\",\"id\":\""
            + id
            + "\",\"text\":"
            + FrameCodec.json().valueToTree(text)
            + ",\"clientId\":\""
            + clientId
            + "\"}");
  }

  public ChatClient delete(String id, String clientId) {
    return send("{\"type\":\"delete\",\"id\":\"" + id + "\",\"clientId\":\"" + clientId + "\"}");
  }

  public ChatClient react(String id, String emoji, boolean on, String clientId) {
    return send(
        "{\"type\":\"react\",\"id\":\""
            + id
            + "\",\"emoji\":\""
            + emoji
            + "\",\"on\":"
            + on
            + ",\"clientId\":\""
            + clientId
            + "\"}");
  }

  /** Waits for the ack of {@code clientId} and returns its seq. */
  public long awaitAck(String clientId) {
    return await(ServerFrame.Ack.class, ack -> ack.clientId().equals(clientId)).seq();
  }

  /** Waits for the error that answers {@code clientId} and returns its code. */
  public String awaitError(String clientId) {
    return await(ServerFrame.Error.class, e -> clientId.equals(e.clientId())).code();
  }

  public ChatClient sendBinary(byte[] data) {
    socket.sendBinary(ByteBuffer.wrap(data), true).join();
    return this;
  }

  /** Lets a client that was not reading start to, so it can see what was sent and the close. */
  public void startReading() {
    socket.request(Long.MAX_VALUE);
  }

  public List<String> rawFrames() {
    return List.copyOf(received);
  }

  public List<ServerFrame> frames() {
    List<ServerFrame> frames = new ArrayList<>();
    for (String raw : received) {
      if (raw.startsWith("{")) {
        frames.add(FrameCodec.decodeServerFrame(raw));
      }
    }
    return frames;
  }

  public <T extends ServerFrame> List<T> frames(Class<T> type) {
    return frames().stream().filter(type::isInstance).map(type::cast).toList();
  }

  public List<ServerFrame.Message> messages() {
    List<ServerFrame.Message> all = new ArrayList<>();
    for (ServerFrame frame : frames()) {
      if (frame instanceof ServerFrame.History h) {
        all.addAll(h.messages());
      } else if (frame instanceof ServerFrame.Message m) {
        all.add(m);
      }
    }
    return all;
  }

  /**
   * Who this client believes is online, from its presence frames as the web client reads them: a
   * snapshot replaces the list, a delta adds, renames and removes.
   */
  public List<dev.dormouse.protocol.UserRef> online() {
    java.util.LinkedHashMap<String, dev.dormouse.protocol.UserRef> online =
        new java.util.LinkedHashMap<>();
    for (ServerFrame.Presence presence : frames(ServerFrame.Presence.class)) {
      if (presence.online() != null) {
        online.clear();
        presence.online().forEach(user -> online.put(user.id(), user));
      }
      if (presence.joined() != null) {
        presence.joined().forEach(user -> online.put(user.id(), user));
      }
      if (presence.left() != null) {
        presence.left().forEach(online::remove);
      }
    }
    return List.copyOf(online.values());
  }

  /** Waits until {@link #online} holds exactly these names, in this order. */
  public void awaitOnline(String... names) {
    Awaitility.await()
        .atMost(PATIENCE)
        .until(
            () -> online().stream().map(dev.dormouse.protocol.UserRef::name).toList(),
            List.of(names)::equals);
  }

  public <T extends ServerFrame> T await(Class<T> type, Predicate<T> matching) {
    return Awaitility.await()
        .atMost(PATIENCE)
        .until(
            () -> frames(type).stream().filter(matching).findFirst(), java.util.Optional::isPresent)
        .get();
  }

  public <T extends ServerFrame> T await(Class<T> type) {
    return await(type, frame -> true);
  }

  public ServerFrame.Ready ready() {
    return await(ServerFrame.Ready.class);
  }

  public void awaitMessages(int count) {
    Awaitility.await().atMost(PATIENCE).until(() -> messages().size() >= count);
  }

  public int awaitClose() {
    return closeCode.orTimeout(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join();
  }

  public boolean isClosed() {
    return closeCode.isDone();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public void onOpen(WebSocket webSocket) {
      if (reading) {
        webSocket.request(Long.MAX_VALUE);
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        received.add(partial.toString());
        partial.setLength(0);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeCode.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closeCode.complete(1006);
    }
  }
}
