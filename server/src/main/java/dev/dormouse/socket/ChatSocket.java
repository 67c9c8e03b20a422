package dev.dormouse.socket;

import dev.dormouse.config.Settings;
import dev.dormouse.fanout.SocketRegistry;
import dev.dormouse.fanout.Subscriber;
import dev.dormouse.limits.SendLimits;
import dev.dormouse.limits.TokenBucket;
import dev.dormouse.ops.ServerMetrics;
import dev.dormouse.protocol.ChatMessage;
import dev.dormouse.protocol.ClientFrame;
import dev.dormouse.protocol.CloseCode;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.OutboundFrame;
import dev.dormouse.protocol.ServerFrame;
import dev.dormouse.protocol.UserKind;
import dev.dormouse.room.Occupant;
import dev.dormouse.room.RoomEntity;
import dev.dormouse.room.RoomId;
import dev.dormouse.room.RoomLogic;
import dev.dormouse.room.RoomState;
import dev.dormouse.store.LogEntry;
import dev.dormouse.store.MessageStore;
import dev.dormouse.store.Page;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open WebSocket in a room. All of its state lives on its channel's event loop, and every
 * method but {@link #close} runs there, so nothing here is locked.
 *
 * <p>Joining is the delicate part. The socket is registered for broadcasts before it asks to join,
 * and until its opening frames ({@code ready}, {@code gap}, {@code history}) are written it holds
 * every other frame back. Then it writes what it held, dropping messages the history already had.
 * So a message committed while the socket catches up is neither lost nor shown twice. A live socket
 * that sees a seq beyond the next one (a broadcast lost between nodes) catches up the same way,
 * from storage, before it writes anything newer.
 */
public final class ChatSocket implements Subscriber {

  private static final Logger log = LoggerFactory.getLogger(ChatSocket.class);
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

  /**
   * While a node that hosted the room is being downed, joins time out; a few retries ride that out.
   */
  private static final int JOIN_ATTEMPTS = 4;

  /** A slow reader may need far longer than a prompt one to take its close frame. */
  private static final int SLOW_CLOSE_PATIENCE = 10;

  /**
   * A send is answered within milliseconds unless its room is moving or waking; one unanswered for
   * this long was most likely dropped on the way (see {@link UnansweredSends}).
   */
  private static final Duration RETELL_AFTER = Duration.ofSeconds(3);

  private static final int MAX_TELLS = 3;
  private static final int MAX_UNANSWERED = 256;

  /** What every socket on a node shares. */
  public record Context(
      ClusterSharding sharding,
      MessageStore store,
      FrameCodec codec,
      SocketRegistry registry,
      SendLimits userLimits,
      SendLimits addressLimits,
      ServerMetrics metrics,
      Settings settings) {}

  /** What a socket does with frames for it, in each phase of its life. */
  private enum Phase {
    /** Upgraded, not yet answered by its room: frames are held. */
    JOINING,
    /** Fetching what it missed from storage: frames are held. */
    CATCHING_UP,
    /** Frames are written as they come. */
    LIVE,
    /** A close frame is on its way: nothing more is written. */
    CLOSING,
    /** The channel is closed. */
    GONE;

    boolean holdsFrames() {
      return this == JOINING || this == CATCHING_UP;
    }

    boolean writes() {
      return this != CLOSING && this != GONE;
    }
  }

  private final SocketAttachment attachment;
  private final String resumedEpoch;
  private final String resumedLastId;
  private Long since;
  private final Context ctx;
  private final Channel channel;
  private final EntityRef<RoomEntity.Command> room;
  private final TokenBucket sends;
  private final long pingIntervalNanos;
  private final long graceNanos;

  /** What may wait for this socket, in Netty's buffer or held back while it catches up. */
  private final long bufferLimitBytes;

  private final UnansweredSends unanswered =
      new UnansweredSends(RETELL_AFTER.toNanos(), MAX_TELLS, MAX_UNANSWERED);
  private Phase phase = Phase.JOINING;
  private boolean opened;
  private boolean joined;
  private long lastSeq;
  private ArrayDeque<OutboundFrame> held;
  private long heldBytes;
  private boolean unflushed;
  private long lastHeardNanos;
  private boolean pingSent;
  private long unwritableSinceNanos;
  private long closeSentNanos;
  private long closePatienceNanos;
  private long lastTypingNanos;

  ChatSocket(SocketAttachment attachment, ResumePoint resume, Context ctx, Channel channel) {
    this.attachment = attachment;
    this.since = resume.seq();
    this.resumedEpoch = resume.epoch();
    this.resumedLastId = resume.lastId();
    this.ctx = ctx;
    this.channel = channel;
    this.room = ctx.sharding().entityRefFor(RoomEntity.TYPE_KEY, attachment.room().value());
    Settings.Limits limits = ctx.settings().limits();
    this.sends = new TokenBucket(limits.sendBurst(), limits.sendPerSecond(), System.nanoTime());
    this.pingIntervalNanos = ctx.settings().socket().pingInterval().toNanos();
    this.graceNanos = limits.slowConsumerGrace().toNanos();
    this.bufferLimitBytes = limits.outgoingHardLimitBytes();
    this.lastTypingNanos = System.nanoTime() - limits.typingInterval().toNanos();
    this.lastHeardNanos = System.nanoTime();
  }

  @Override
  public String socketId() {
    return attachment.socketId();
  }

  @Override
  public RoomId room() {
    return attachment.room();
  }

  @Override
  public String address() {
    return attachment.address();
  }

  @Override
  public Occupant occupant() {
    return attachment.occupant();
  }

  @Override
  public String userId() {
    return attachment.user().id();
  }

  @Override
  public boolean hasJoined() {
    return joined;
  }

  @Override
  public EventLoop eventLoop() {
    return channel.eventLoop();
  }

  /** The handshake is done: register for broadcasts, then join the room. */
  void opened() {
    opened = true;
    lastHeardNanos = System.nanoTime();
    ctx.metrics().connectionOpened();
    ctx.userLimits().opened(attachment.user().id());
    if (sharesAddressBudget()) {
      ctx.addressLimits().opened(address());
    }
    ctx.registry().add(this);
    join(JOIN_ATTEMPTS)
        .thenCompose(this::openingFrames)
        .whenCompleteAsync(
            (opening, failure) -> {
              if (failure != null) {
                log.error("room {} socket {}: join failed", room(), socketId(), failure);
                closeNow(CloseCode.INTERNAL_ERROR);
              } else {
                catchUp(opening.frames(), opening.upTo());
              }
            },
            eventLoop());
  }

  @Override
  public void leaveRoom() {
    if (phase.writes()) {
      room.tell(new RoomEntity.Leave(socketId()));
    }
  }

  /** The channel is gone, whoever closed it and however. Called once, on the event loop. */
  void closed() {
    phase = Phase.GONE;
    held = null;
    ctx.registry().releaseAddress(address());
    if (!opened) {
      return;
    }
    ctx.registry().remove(this);
    ctx.userLimits().closed(attachment.user().id());
    if (sharesAddressBudget()) {
      ctx.addressLimits().closed(address());
    }
    ctx.metrics().connectionClosed();
    // Always, even before the join was answered: the room handles Join and Leave from this
    // socket in the order they were sent, so a socket closed mid-join never lingers as a ghost.
    room.tell(new RoomEntity.Leave(socketId()));
  }

  // Inbound, from ChatSocketHandler.

  /** Any frame at all proves the peer is there. */
  void heard() {
    lastHeardNanos = System.nanoTime();
    pingSent = false;
  }

  void onText(String text) {
    if (!phase.writes()) {
      return;
    }
    ctx.metrics().frameIn();
    switch (ctx.codec().decode(text)) {
      case ClientFrame.Ping ping -> {
        deliver(OutboundFrame.PONG);
        flush();
      }
      case ClientFrame.Send send ->
          onWrite(new RoomEntity.Post(occupant(), send.text(), send.clientId(), send.replyTo()));
      case ClientFrame.Edit edit ->
          onWrite(new RoomEntity.Edit(occupant(), edit.id(), edit.text(), edit.clientId()));
      case ClientFrame.Delete delete ->
          onWrite(new RoomEntity.Delete(occupant(), delete.id(), delete.clientId()));
      case ClientFrame.React react ->
          onWrite(
              new RoomEntity.React(
                  occupant(), react.id(), react.emoji(), react.on(), react.clientId()));
      case ClientFrame.Typing typing -> onTyping();
      // Not a send: no rate limit counts it, and the room drops what does not move the marker.
      case ClientFrame.Read read -> room.tell(new RoomEntity.MarkRead(occupant(), read.seq()));
      case ClientFrame.Invalid invalid ->
          sendError(invalid.code(), invalid.message(), invalid.clientId());
    }
  }

  void onBinary() {
    if (phase.writes()) {
      ctx.metrics().frameIn();
      sendError(ErrorCode.BAD_FRAME, "Frames must be text.", null);
    }
  }

  /** A ping control frame; its pong counts against the socket's buffer like any other write. */
  void onPing(ByteBuf payload) {
    if (phase.writes()) {
      send(new PongWebSocketFrame(payload.retain()));
      channel.flush();
    }
  }

  /** The peer's close frame: the answer to ours, or its own, which is echoed when it may be. */
  void onPeerClose(int code) {
    if (phase == Phase.CLOSING) {
      channel.close();
      return;
    }
    phase = Phase.CLOSING;
    held = null;
    int answer = CloseCode.mayEcho(code) ? code : CloseCode.NORMAL.code();
    channel
        .writeAndFlush(new CloseWebSocketFrame(answer, ""))
        .addListener(ChannelFutureListener.CLOSE);
  }

  void writabilityChanged() {
    unwritableSinceNanos = channel.isWritable() ? 0 : System.nanoTime();
  }

  /** A message or a change: each counts against the same budgets. */
  private void onWrite(RoomEntity.Write write) {
    long now = System.nanoTime();
    if (!sends.tryTake(now)
        || !ctx.userLimits().tryTake(attachment.user().id(), now)
        || sharesAddressBudget() && !ctx.addressLimits().tryTake(address(), now)) {
      sendError(ErrorCode.RATE_LIMITED, "Too many messages; slow down.", write.clientId());
      return;
    }
    room.tell(write);
    unanswered.told(write, now);
  }

  /**
   * Guests and self-made sessions cost nothing to create, so their sends also share one budget per
   * address; people the operator's identity provider vouches for are limited per person only.
   */
  private boolean sharesAddressBudget() {
    return attachment.user().kind() != UserKind.OPERATOR;
  }

  private void onTyping() {
    long now = System.nanoTime();
    if (now - lastTypingNanos >= ctx.settings().limits().typingInterval().toNanos()) {
      lastTypingNanos = now;
      room.tell(new RoomEntity.Typing(occupant()));
    }
  }

  private void sendError(ErrorCode code, String message, String clientId) {
    ctx.metrics().errorSent(code.wire());
    ServerFrame.Error error =
        new ServerFrame.Error(code, message, clientId, System.currentTimeMillis());
    deliver(OutboundFrame.of(error, ctx.codec()));
    flush();
  }

  // Outbound, from the event loop's fan-out.

  @Override
  public void deliver(OutboundFrame frame) {
    if (frame.answers() != null) {
      unanswered.answered(frame.answers());
    }
    if (frame.closeAfter() != null) {
      closeWith(frame);
      return;
    }
    if (phase.holdsFrames()) {
      hold(frame);
    } else if (phase == Phase.LIVE) {
      write(frame);
    }
  }

  /**
   * A moderator's close (a kick, a ban, a member taken out of a private room): the frame that says
   * why goes out at once, ahead of anything held back while the socket catches up, and then the
   * close.
   */
  private void closeWith(OutboundFrame frame) {
    if (!phase.writes()) {
      return;
    }
    log.info("room {} socket {}: closed with {}", room(), socketId(), frame.closeAfter().reason());
    if (attachment.subprotocol().receives(frame)) {
      send(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame.bytes())));
    }
    closeNow(frame.closeAfter());
  }

  @Override
  public void flush() {
    if (unflushed) {
      unflushed = false;
      channel.flush();
    }
  }

  @Override
  public void close(CloseCode code) {
    if (eventLoop().inEventLoop()) {
      closeNow(code);
    } else {
      eventLoop().execute(() -> closeNow(code));
    }
  }

  @Override
  public void tick(long now) {
    if (phase == Phase.GONE) {
      return;
    }
    if (phase == Phase.CLOSING) {
      // A reader that stopped reading cannot take even the close frame; give up on the handshake.
      if (now - closeSentNanos > closePatienceNanos) {
        channel.close();
      }
      return;
    }
    if (unwritableSinceNanos != 0 && now - unwritableSinceNanos > graceNanos) {
      slowConsumer();
      return;
    }
    long quiet = now - lastHeardNanos;
    if (quiet > 2 * pingIntervalNanos) {
      closeNow(CloseCode.IDLE);
      return;
    }
    if (quiet > pingIntervalNanos && !pingSent) {
      pingSent = true;
      send(new PingWebSocketFrame());
      channel.flush();
    }
    retellUnanswered(now);
  }

  /** Sends the room has not answered in time are told again; it stores a clientId only once. */
  private void retellUnanswered(long now) {
    for (RoomEntity.Write post : unanswered.due(now)) {
      log.info(
          "room {} socket {}: send {} unanswered, telling the room again",
          room(),
          socketId(),
          post.clientId());
      ctx.metrics().sendRetold();
      room.tell(post);
    }
  }

  /** A live socket's frame: dropped when already seen, held back when it reveals a gap. */
  private void write(OutboundFrame frame) {
    if (frame.isWatermark()) {
      if (frame.seq() > lastSeq) {
        repair(frame.seq());
      }
      return;
    }
    if (frame.isLogEntry()) {
      if (frame.seq() <= lastSeq) {
        return;
      }
      if (frame.seq() > lastSeq + 1) {
        repair(frame.seq() - 1);
        hold(frame);
        return;
      }
      lastSeq = frame.seq();
    }
    if (!attachment.subprotocol().receives(frame)) {
      return;
    }
    send(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame.bytes())));
    unflushed = true;
  }

  private void hold(OutboundFrame frame) {
    if (held == null) {
      held = new ArrayDeque<>();
    }
    held.add(frame);
    heldBytes += frame.bytes().length;
    if (heldBytes > bufferLimitBytes) {
      slowConsumer();
    }
  }

  /** Every write goes through here, so pongs and pings count against the buffer too. */
  private void send(WebSocketFrame frame) {
    channel.write(frame, channel.voidPromise());
    ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
    if (buffer != null && buffer.totalPendingWriteBytes() > bufferLimitBytes) {
      slowConsumer();
    }
  }

  /** Missed seqs through {@code upTo}: fetch them, and hold everything newer meanwhile. */
  private void repair(long upTo) {
    phase = Phase.CATCHING_UP;
    log.info("room {} socket {}: fetching seqs {}..{}", room(), socketId(), lastSeq + 1, upTo);
    catchUpFrames(lastSeq, upTo, false)
        .whenCompleteAsync(
            (frames, failure) -> {
              if (failure != null) {
                log.error("room {} socket {}: catching up failed", room(), socketId(), failure);
                closeNow(CloseCode.INTERNAL_ERROR);
              } else {
                catchUp(frames, upTo);
              }
            },
            eventLoop());
  }

  /** Writes what the socket missed, then what it held meanwhile, and goes live. */
  private void catchUp(List<ServerFrame> frames, long upTo) {
    if (phase != Phase.JOINING && phase != Phase.CATCHING_UP) {
      return;
    }
    joined = true;
    for (ServerFrame frame : attachment.subprotocol().framesFor(frames)) {
      send(new TextWebSocketFrame(Unpooled.wrappedBuffer(ctx.codec().encode(frame))));
    }
    lastSeq = Math.max(lastSeq, upTo);
    phase = Phase.LIVE;
    ArrayDeque<OutboundFrame> waiting = held;
    held = null;
    heldBytes = 0;
    while (waiting != null && !waiting.isEmpty() && phase == Phase.LIVE) {
      write(waiting.poll());
    }
    if (phase == Phase.CATCHING_UP && waiting != null) {
      // Another gap showed among the held frames: the rest wait behind its repair.
      waiting.forEach(this::hold);
    }
    unflushed = true;
    flush();
  }

  private void closeNow(CloseCode code) {
    if (!phase.writes()) {
      return;
    }
    phase = Phase.CLOSING;
    held = null;
    closeSentNanos = System.nanoTime();
    Duration patience = ctx.settings().socket().closeTimeout();
    closePatienceNanos =
        (code == CloseCode.SLOW_CONSUMER ? patience.multipliedBy(SLOW_CLOSE_PATIENCE) : patience)
            .toNanos();
    channel.writeAndFlush(new CloseWebSocketFrame(code.code(), code.reason()));
  }

  private void slowConsumer() {
    if (!phase.writes()) {
      return;
    }
    ctx.metrics().slowConsumer();
    log.info("room {} socket {}: closed as a slow consumer", room(), socketId());
    closeNow(CloseCode.SLOW_CONSUMER);
  }

  private CompletionStage<RoomEntity.Joined> join(int attemptsLeft) {
    return room.<RoomEntity.Joined>ask(
            replyTo -> new RoomEntity.Join(occupant(), replyTo), JOIN_TIMEOUT)
        .handle(
            (joinedRoom, failure) -> {
              if (failure == null) {
                return CompletableFuture.completedFuture(joinedRoom);
              }
              if (attemptsLeft <= 1 || !channel.isActive()) {
                return CompletableFuture.<RoomEntity.Joined>failedFuture(failure);
              }
              log.warn("room {} socket {}: join timed out, retrying", room(), socketId());
              return join(attemptsLeft - 1);
            })
        .thenCompose(answer -> answer);
  }

  /** The frames that open a socket, and the seq they bring it to. */
  private record Opening(List<ServerFrame> frames, long upTo) {}

  /** {@code ready}, then a {@code gap} for each range a resume cannot replay, then history. */
  private CompletionStage<Opening> openingFrames(RoomEntity.Joined joinedRoom) {
    return resumesThisLog(joinedRoom)
        .thenCompose(continues -> openingFrames(joinedRoom, continues));
  }

  /**
   * Whether the seq this socket resumes from belongs to the room's log: not when it names another
   * database's epoch, a seq the log never reached, or a message that is not the one at that seq
   * (when the entry at that seq is a change, the message it changed).
   */
  private CompletionStage<Boolean> resumesThisLog(RoomEntity.Joined joinedRoom) {
    if (since == null) {
      return CompletableFuture.completedFuture(true);
    }
    if (since > joinedRoom.seq()
        || resumedEpoch != null && !resumedEpoch.equals(ctx.store().epoch())) {
      return CompletableFuture.completedFuture(false);
    }
    if (resumedLastId == null || since == 0) {
      return CompletableFuture.completedFuture(true);
    }
    long seq = since;
    Optional<String> remembered =
        joinedRoom.recent().stream().filter(m -> m.seq() == seq).map(ChatMessage::id).findFirst();
    if (remembered.isEmpty()) {
      remembered =
          joinedRoom.changes().stream()
              .filter(c -> c.seq() == seq)
              .map(RoomState.ChangeMark::targetId)
              .findFirst();
    }
    CompletionStage<Optional<String>> atSeq =
        remembered.isPresent()
            ? CompletableFuture.completedFuture(remembered)
            : ctx.store()
                .entries(room(), seq - 1, seq)
                .thenApply(entries -> entries.stream().findFirst().map(ChatSocket::messageIdOf));
    // A message retention deleted cannot be compared; the seq and epoch then have to do.
    return atSeq.thenApply(id -> id.map(resumedLastId::equals).orElse(true));
  }

  /** The id of the message an entry is, or that it changed. */
  private static String messageIdOf(LogEntry entry) {
    return switch (entry) {
      case LogEntry.Posted posted -> posted.message().id();
      case LogEntry.Changed changed -> changed.change().targetId();
    };
  }

  private CompletionStage<Opening> openingFrames(RoomEntity.Joined joinedRoom, boolean continues) {
    long upTo = joinedRoom.seq();
    String epoch = ctx.store().epoch();
    List<ServerFrame> afterReady = new ArrayList<>(1);
    if (!continues) {
      // The client's seqs belong to another log: it starts over, with a fresh join's history.
      log.info("room {} socket {}: resumed from another log, reset", room(), socketId());
      afterReady.add(new ServerFrame.Reset(epoch, upTo));
      since = null;
    }
    Optional<List<ServerFrame>> fromMemory = fromRecent(joinedRoom, upTo);
    CompletionStage<List<ServerFrame>> rest =
        fromMemory.isPresent()
            ? CompletableFuture.completedFuture(fromMemory.get())
            : catchUpFrames(since, upTo, true);
    return rest.thenCombine(
        unread(joinedRoom),
        (frames, unread) -> {
          List<ServerFrame> all = new ArrayList<>(frames.size() + 2);
          all.add(
              new ServerFrame.Ready(
                  attachment.user(),
                  room().value(),
                  upTo,
                  epoch,
                  joinedRoom.lastRead(),
                  unread,
                  joinedRoom.role().wire(),
                  joinedRoom.mutedUntil()));
          all.addAll(afterReady);
          all.addAll(frames);
          return new Opening(all, upTo);
        });
  }

  /**
   * The room counts from its newest messages; only a marker further back than they reach is counted
   * in the store, up to the seq of this socket's ready.
   */
  private CompletionStage<Long> unread(RoomEntity.Joined joinedRoom) {
    if (joinedRoom.unread() != null) {
      return CompletableFuture.completedFuture(joinedRoom.unread());
    }
    return ctx.store().unreadCount(room(), userId(), joinedRoom.lastRead(), joinedRoom.seq());
  }

  /**
   * What brings a socket from {@code from} (null: a fresh join) to {@code upTo}: gap frames, then
   * one {@code history} frame when the socket opens (the messages after what it has, and the ones
   * it has that changed since), or the log's entries themselves when it is live.
   */
  private CompletionStage<List<ServerFrame>> catchUpFrames(Long from, long upTo, boolean opening) {
    Settings.Room settings = ctx.settings().room();
    CompletionStage<Long> oldest =
        ResumePlan.needsOldestSeq(from, upTo)
            ? ctx.store().oldestSeq(room())
            : CompletableFuture.completedFuture(0L);
    return oldest.thenCompose(
        oldestKept ->
            switch (ResumePlan.of(
                from, upTo, oldestKept, settings.historyOnJoin(), settings.resumeLimit())) {
              case ResumePlan.Latest latest ->
                  ctx.store()
                      .before(room(), latest.upTo() + 1, latest.count())
                      .thenApply(
                          page -> List.of(history(page.messages(), page.hasMore(), List.of())));
              case ResumePlan.UpToDate upToDate ->
                  CompletableFuture.completedFuture(
                      opening
                          ? List.of(history(List.of(), upToDate.hasMore(), List.of()))
                          : List.of());
              case ResumePlan.Replay replay when opening ->
                  ctx.store()
                      .after(room(), replay.after(), Math.max(1, replay.count()))
                      .thenCombine(
                          from > 0
                              ? ctx.store().updated(room(), replay.after(), upTo, from)
                              : CompletableFuture.completedFuture(List.<ChatMessage>of()),
                          (page, updated) -> {
                            List<ServerFrame> frames = new ArrayList<>(replay.gaps());
                            frames.add(history(through(page, upTo), replay.hasMore(), updated));
                            return frames;
                          });
              case ResumePlan.Replay replay ->
                  ctx.store()
                      .entries(room(), replay.after(), upTo)
                      .thenApply(
                          entries -> {
                            List<ServerFrame> frames = new ArrayList<>(replay.gaps());
                            for (LogEntry entry : entries) {
                              switch (entry) {
                                case LogEntry.Posted posted ->
                                    frames.add(ServerFrame.Message.of(posted.message(), viewer()));
                                case LogEntry.Changed changed -> {
                                  // A change to a message retention deleted has nothing to say.
                                  if (changed.change().targetId() != null) {
                                    frames.add(RoomLogic.frameOf(changed.change()));
                                  }
                                }
                              }
                            }
                            return frames;
                          });
            });
  }

  /**
   * The history from the room's memory, when it holds all the socket needs: a fresh join, or a
   * resume from no further back than the room's memory reaches, whose changed messages it holds
   * too. Empty when the store must be read.
   */
  private Optional<List<ServerFrame>> fromRecent(RoomEntity.Joined joinedRoom, long upTo) {
    Settings.Room settings = ctx.settings().room();
    List<ChatMessage> recent = joinedRoom.recent();
    if (!settings.retention().keepsEverything()) {
      return Optional.empty(); // only the store knows what retention deleted
    }
    if (since == null) {
      int historyOnJoin = settings.historyOnJoin();
      if (recent.size() < historyOnJoin && !recent.isEmpty() && recent.getFirst().seq() > 1) {
        return Optional.empty(); // fewer in memory than asked for, and older ones may exist
      }
      boolean hasMore = !recent.isEmpty() && recent.getFirst().seq() > 1;
      return Optional.of(List.of(history(recent, hasMore, List.of())));
    }
    if (since >= upTo) {
      return Optional.of(List.of(history(List.of(), since > 0, List.of())));
    }
    if (recent.isEmpty()
        || joinedRoom.knownFrom() > since + 1
        || upTo - since > settings.resumeLimit()) {
      return Optional.empty();
    }
    long after = since;
    java.util.Map<Long, ChatMessage> bySeq = new java.util.HashMap<>();
    recent.forEach(m -> bySeq.put(m.seq(), m));
    java.util.TreeSet<Long> changedSeqs = new java.util.TreeSet<>();
    for (RoomState.ChangeMark change : joinedRoom.changes()) {
      if (change.seq() > after && change.seq() <= upTo && change.target() <= after) {
        changedSeqs.add(change.target());
      }
    }
    List<ChatMessage> updated = new ArrayList<>(changedSeqs.size());
    for (long seq : changedSeqs) {
      ChatMessage message = bySeq.get(seq);
      if (message == null) {
        return Optional.empty(); // changed, but older than what the room holds
      }
      updated.add(message);
    }
    List<ChatMessage> missing = recent.stream().filter(m -> m.seq() > after).toList();
    return Optional.of(List.of(history(missing, since > 0, updated)));
  }

  private static List<ChatMessage> through(Page page, long upTo) {
    return page.messages().stream().filter(m -> m.seq() <= upTo).toList();
  }

  /** Whose reactions are marked {@code mine} in what this socket is sent. */
  private String viewer() {
    return attachment.user().id();
  }

  private ServerFrame history(
      List<ChatMessage> messages, boolean hasMore, List<ChatMessage> updated) {
    String viewer = viewer();
    return new ServerFrame.History(
        messages.stream().map(m -> ServerFrame.Message.of(m, viewer)).toList(),
        hasMore,
        updated.isEmpty()
            ? null
            : updated.stream().map(m -> ServerFrame.Message.of(m, viewer)).toList());
  }
}
