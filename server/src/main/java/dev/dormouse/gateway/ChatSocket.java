package dev.dormouse.gateway;

import dev.dormouse.config.Settings;
import dev.dormouse.ops.ServerMetrics;
import dev.dormouse.protocol.ChatMessage;
import dev.dormouse.protocol.ClientFrame;
import dev.dormouse.protocol.CloseCode;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.OutboundFrame;
import dev.dormouse.protocol.ServerFrame;
import dev.dormouse.room.RoomEntity;
import dev.dormouse.store.MessageStore;
import dev.dormouse.store.Page;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.impl.engine.ws.FrameEvent;
import org.apache.pekko.stream.javadsl.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open WebSocket in a room: it turns frames into room commands and room output into frames.
 *
 * <p>Joining is the delicate part. The socket is registered for broadcasts before it asks to join,
 * and until its opening frames ({@code ready}, {@code gap}, {@code history}) are written it holds
 * every other frame back. Then it writes what it held, dropping messages the history already had.
 * So a message committed while the socket catches up is neither lost nor shown twice.
 */
final class ChatSocket implements SocketListener {

  private static final Logger log = LoggerFactory.getLogger(ChatSocket.class);
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

  /**
   * While a node that hosted the room is being downed, joins time out; a few retries ride that out.
   */
  private static final int JOIN_ATTEMPTS = 4;

  /** What every socket on a node shares. */
  record Context(
      ClusterSharding sharding,
      MessageStore store,
      FrameCodec codec,
      SocketRegistry registry,
      UserSendLimits userLimits,
      ServerMetrics metrics,
      Settings settings) {}

  private final SocketAttachment attachment;
  private final Long since;
  private final Context ctx;
  private final Outbox outbox;
  private final int heldLimit;
  private final SocketCloser closer = new SocketCloser();
  private final EntityRef<RoomEntity.Command> room;
  private final TokenBucket sends;
  private long lastTypingNanos;

  // Guarded by this: the catch-up state shared by the room's thread and the socket's stream.
  private boolean catchingUp = true;
  private final List<OutboundFrame> held = new ArrayList<>();
  private long lastSeq;
  private boolean closingSlow;
  private volatile boolean joined;
  private volatile boolean gone;

  ChatSocket(SocketAttachment attachment, Long since, Context ctx) {
    this.attachment = attachment;
    this.since = since;
    this.ctx = ctx;
    Settings.Limits limits = ctx.settings().limits();
    this.heldLimit = limits.outgoingBuffer() + 2 * ctx.settings().room().maxBatch();
    this.outbox = new Outbox(limits.outgoingBuffer(), heldLimit, limits.slowConsumerGrace());
    this.room = ctx.sharding().entityRefFor(RoomEntity.TYPE_KEY, attachment.room().value());
    this.sends =
        new TokenBucket(
            ctx.settings().limits().sendBurst(),
            ctx.settings().limits().sendPerSecond(),
            System.nanoTime());
    this.lastTypingNanos = System.nanoTime() - ctx.settings().limits().typingInterval().toNanos();
  }

  SocketAttachment attachment() {
    return attachment;
  }

  boolean hasJoined() {
    return joined;
  }

  Flow<FrameEvent, FrameEvent, NotUsed> flow() {
    Settings.Socket socket = ctx.settings().socket();
    return Flow.fromGraph(
        new WebSocketStage(
            outbox,
            this,
            closer,
            ctx.settings().limits().maxFrameBytes(),
            socket.pingInterval(),
            socket.closeTimeout()));
  }

  /** Registers the socket and joins its room; the opening frames follow asynchronously. */
  @Override
  public void onOpen() {
    ctx.metrics().connectionOpened();
    ctx.userLimits().opened(attachment.user().id());
    ctx.registry().add(this);
    join(JOIN_ATTEMPTS)
        .thenCompose(
            joinedRoom -> {
              joined = true;
              return openingFrames(joinedRoom.seq())
                  .thenAccept(opening -> open(opening, joinedRoom.seq()));
            })
        .exceptionally(
            failure -> {
              log.error(
                  "room {} socket {}: join failed",
                  attachment.room(),
                  attachment.socketId(),
                  failure);
              close(CloseCode.INTERNAL_ERROR, true);
              return null;
            });
  }

  private CompletionStage<RoomEntity.Joined> join(int attemptsLeft) {
    return room.<RoomEntity.Joined>ask(
            replyTo -> new RoomEntity.Join(attachment.occupant(), replyTo), JOIN_TIMEOUT)
        .handle(
            (joined, failure) -> {
              if (failure == null) {
                return CompletableFuture.completedFuture(joined);
              }
              if (attemptsLeft <= 1 || gone) {
                return CompletableFuture.<RoomEntity.Joined>failedFuture(failure);
              }
              log.warn(
                  "room {} socket {}: join timed out, retrying",
                  attachment.room(),
                  attachment.socketId());
              return join(attemptsLeft - 1);
            })
        .thenCompose(joined -> joined);
  }

  /** From any thread: a frame for this socket, held back while the socket is catching up. */
  synchronized void deliver(OutboundFrame frame) {
    if (!catchingUp) {
      write(frame);
    } else if (held.size() < heldLimit) {
      held.add(frame);
    } else {
      slowConsumer();
    }
  }

  void close(CloseCode code, boolean flushFirst) {
    closer.close(new WebSocketStage.CloseRequest(code, flushFirst));
  }

  @Override
  public void onText(String text) {
    ctx.metrics().frameIn();
    switch (ctx.codec().decode(text)) {
      case ClientFrame.Ping ping -> deliver(OutboundFrame.PONG);
      case ClientFrame.Send send -> onSend(send);
      case ClientFrame.Typing typing -> onTyping();
      case ClientFrame.Invalid invalid ->
          sendError(invalid.code(), invalid.message(), invalid.clientId());
    }
  }

  @Override
  public void onBinary() {
    ctx.metrics().frameIn();
    sendError(ErrorCode.BAD_FRAME, "Frames must be text.", null);
  }

  @Override
  public void onClosed() {
    gone = true;
    ctx.registry().remove(this);
    ctx.userLimits().closed(attachment.user().id());
    ctx.metrics().connectionClosed();
    // Always, even before the join was answered: the room handles Join and Leave from this
    // socket in the order they were sent, so a socket closed mid-join never lingers as a ghost.
    room.tell(new RoomEntity.Leave(attachment.socketId()));
  }

  private void onSend(ClientFrame.Send send) {
    long now = System.nanoTime();
    if (!sends.tryTake(now) || !ctx.userLimits().tryTake(attachment.user().id(), now)) {
      sendError(ErrorCode.RATE_LIMITED, "Too many messages; slow down.", send.clientId());
      return;
    }
    room.tell(new RoomEntity.Post(attachment.occupant(), send.text(), send.clientId()));
  }

  private void onTyping() {
    long now = System.nanoTime();
    if (now - lastTypingNanos >= ctx.settings().limits().typingInterval().toNanos()) {
      lastTypingNanos = now;
      room.tell(new RoomEntity.Typing(attachment.occupant()));
    }
  }

  private void sendError(ErrorCode code, String message, String clientId) {
    ctx.metrics().errorSent(code.wire());
    deliver(
        new OutboundFrame(0, ctx.codec().encode(new ServerFrame.Error(code, message, clientId))));
  }

  /**
   * {@code ready}, then a {@code gap} for each range a resume cannot replay (deleted by retention,
   * or beyond the replay limit), then {@code history}.
   */
  private CompletionStage<List<ServerFrame>> openingFrames(long upTo) {
    ServerFrame ready = new ServerFrame.Ready(attachment.user(), attachment.room().value(), upTo);
    Settings.Room settings = ctx.settings().room();
    if (since == null) {
      return ctx.store()
          .before(attachment.room(), upTo + 1, settings.historyOnJoin())
          .thenApply(page -> List.of(ready, history(page.messages(), page.hasMore())));
    }
    if (since >= upTo) {
      return CompletableFuture.completedFuture(List.of(ready, history(List.of(), since > 0)));
    }
    return ctx.store()
        .oldestSeq(attachment.room())
        .thenCompose(
            oldest -> {
              long firstKept = oldest == 0 ? upTo + 1 : oldest;
              List<ServerFrame> frames = new ArrayList<>(4);
              frames.add(ready);
              long replayFrom = since;
              if (firstKept - 1 > replayFrom) {
                frames.add(
                    new ServerFrame.Gap(replayFrom + 1, firstKept - 1, ServerFrame.Gap.EXPIRED));
                replayFrom = firstKept - 1;
              }
              if (upTo - replayFrom > settings.resumeLimit()) {
                long limitFrom = upTo - settings.resumeLimit();
                frames.add(
                    new ServerFrame.Gap(replayFrom + 1, limitFrom, ServerFrame.Gap.RESUME_LIMIT));
                replayFrom = limitFrom;
              }
              long from = replayFrom;
              return ctx.store()
                  .after(attachment.room(), from, (int) Math.max(1, upTo - from))
                  .thenApply(
                      page -> {
                        frames.add(history(upTo(page, upTo), from >= firstKept));
                        return frames;
                      });
            });
  }

  private static List<ChatMessage> upTo(Page page, long upTo) {
    return page.messages().stream().filter(m -> m.seq() <= upTo).toList();
  }

  private static ServerFrame history(List<ChatMessage> messages, boolean hasMore) {
    return new ServerFrame.History(
        messages.stream().map(ServerFrame.Message::of).toList(), hasMore);
  }

  private synchronized void open(List<ServerFrame> opening, long upTo) {
    for (ServerFrame frame : opening) {
      write(new OutboundFrame(0, ctx.codec().encode(frame)));
    }
    lastSeq = upTo;
    catchingUp = false;
    for (OutboundFrame frame : held) {
      write(frame);
    }
    held.clear();
  }

  private void write(OutboundFrame frame) {
    if (frame.isMessage()) {
      if (frame.seq() <= lastSeq) {
        return;
      }
      lastSeq = frame.seq();
    }
    if (outbox.offer(frame.bytes(), System.nanoTime()) == Outbox.Offer.TOO_SLOW) {
      slowConsumer();
    }
  }

  private void slowConsumer() {
    if (closingSlow) {
      return;
    }
    closingSlow = true;
    ctx.metrics().slowConsumer();
    log.info(
        "room {} socket {}: closed as a slow consumer", attachment.room(), attachment.socketId());
    close(CloseCode.SLOW_CONSUMER, false);
  }
}
