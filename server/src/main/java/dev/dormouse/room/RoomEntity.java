package dev.dormouse.room;

import dev.dormouse.access.Action;
import dev.dormouse.access.AuditEntry;
import dev.dormouse.access.Grants;
import dev.dormouse.access.Permissions;
import dev.dormouse.access.Restriction;
import dev.dormouse.access.Role;
import dev.dormouse.access.RoomSettings;
import dev.dormouse.access.SettingsChange;
import dev.dormouse.access.Verdict;
import dev.dormouse.config.Settings;
import dev.dormouse.limits.TokenBucket;
import dev.dormouse.ops.ServerMetrics;
import dev.dormouse.protocol.ChatMessage;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.OutboundFrame;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.protocol.WireSerializable;
import dev.dormouse.store.AppendOutcome;
import dev.dormouse.store.Change;
import dev.dormouse.store.ClaimOutcome;
import dev.dormouse.store.MessageStore;
import dev.dormouse.store.NewChange;
import dev.dormouse.store.NewEntry;
import dev.dormouse.store.NewMessage;
import dev.dormouse.store.ReadMarker;
import dev.dormouse.store.Redemption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chat room: the only writer of its messages, found by its id through Cluster Sharding.
 *
 * <p>It orders what its sockets send, stores it through the {@link MessageStore} in batches (one
 * write in flight; whatever arrives meanwhile rides the next transaction), and only after the
 * commit broadcasts and acks. After {@code room.idle-timeout} without traffic it passivates: the
 * actor and its memory go, the sockets stay open on their nodes. Waking reloads the latest seq and
 * the read markers from storage and the occupants from the fan-out, so nothing of substance lives
 * only here. Read markers are written back at most once a second per room (the newest position of
 * each that moved), and before the room stops.
 *
 * <p>It is also the only writer of its own settings and members ({@link Configure}): a change is
 * judged against the room's copy, stored, and only then applied and answered. Every write of every
 * socket, on whichever node, passes through this one entity, so a new post policy or slow mode
 * holds everywhere from the moment the change is answered; the upgrade and the HTTP history of
 * other nodes read membership from the store, which has it before the answer. Its bans and mutes
 * ({@link Moderate}) are written the same way, judged by {@link Moderation}.
 */
public final class RoomEntity extends AbstractBehavior<RoomEntity.Command> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Room");

  private static final Logger log = LoggerFactory.getLogger(RoomEntity.class);

  private static final int STASH_CAPACITY = 10_000;
  private static final int MAX_QUEUED_POSTS = 10_000;

  /** A person reading moves their marker often; the store hears of it at most this often. */
  static final Duration SAVE_READ_MARKERS_EVERY = Duration.ofSeconds(1);

  public sealed interface Command extends WireSerializable {}

  public record Join(Occupant occupant, ActorRef<Joined> replyTo) implements Command {}

  /**
   * The room's seq when the socket joined, its newest messages in current state, and the log's
   * changes since {@code knownFrom} (every entry from that seq on is in one of the two), so a join
   * or a short resume needs no store read; the joiner's read marker, and how many messages after it
   * others sent, or null when the newest messages do not reach back to the marker and the socket
   * must ask the store.
   */
  public record Joined(
      long seq,
      List<ChatMessage> recent,
      List<RoomState.ChangeMark> changes,
      long knownFrom,
      long lastRead,
      Long unread,
      Role role,
      Long mutedUntil)
      implements WireSerializable {}

  public record Leave(String socketId) implements Command {}

  /**
   * Something a socket asks the room to add to its log: a message or a change to one. Each is
   * stored before anyone sees it, takes the next seq, is acked under its clientId, and counts
   * against the same rate limits.
   */
  public sealed interface Write extends Command {
    Occupant author();

    String clientId();
  }

  /** A message; {@code replyTo} is the id of the message it answers, or null. */
  public record Post(Occupant author, String text, String clientId, String replyTo)
      implements Write {
    public Post(Occupant author, String text, String clientId) {
      this(author, text, clientId, null);
    }
  }

  public record Edit(Occupant author, String messageId, String text, String clientId)
      implements Write {}

  public record Delete(Occupant author, String messageId, String clientId) implements Write {}

  public record React(Occupant author, String messageId, String emoji, boolean on, String clientId)
      implements Write {}

  /**
   * A moderator's delete of any message, from {@code DELETE /api/rooms/{id}/messages/{messageId}}:
   * it takes its seq among the sockets' writes, and its answer goes to {@code replyTo}, since no
   * socket sent it ({@code author}'s socket id is {@link #NO_SOCKET}). {@code reason}: null or up
   * to 500 code points.
   */
  public record RemoveMessage(
      Occupant author, String messageId, String reason, ActorRef<Moderated> replyTo)
      implements Write {
    /** The socket id of a write that came over HTTP: no socket has it, so no frame reaches one. */
    public static final String NO_SOCKET = "http";

    @Override
    public String clientId() {
      return null;
    }
  }

  /**
   * A message, edit or delete from the server API ({@code /api/server/…}): {@code write}'s author
   * is a bot on no socket ({@link RemoveMessage#NO_SOCKET}), so its outcome goes to {@code replyTo}
   * instead of an ack. It takes its seq among the sockets' writes and is stored before anyone sees
   * it, like theirs.
   */
  public record ServerWrite(Write write, ActorRef<WriteAnswer> replyTo) implements Command {}

  /**
   * How a {@link ServerWrite} went: stored (or found stored under its clientId: {@code duplicate})
   * at {@code seq}, with the {@code message} when it was a new one, or refused with {@code refusal}
   * and its text.
   */
  public record WriteAnswer(
      long seq, ChatMessage message, boolean duplicate, ErrorCode refusal, String text)
      implements WireSerializable {
    static WriteAnswer of(AppendOutcome outcome) {
      return switch (outcome) {
        case null -> unavailable();
        case AppendOutcome.Stored stored ->
            new WriteAnswer(stored.seq(), stored.message(), false, null, null);
        case AppendOutcome.Duplicate duplicate ->
            new WriteAnswer(duplicate.seq(), null, true, null, null);
        case AppendOutcome.Refused refused -> refused(refused.code(), refused.message());
        case AppendOutcome outcomeWithSeq ->
            new WriteAnswer(outcomeWithSeq.seq(), null, false, null, null);
      };
    }

    static WriteAnswer refused(ErrorCode code, String text) {
      return new WriteAnswer(0, null, false, code, text);
    }

    static WriteAnswer unavailable() {
      return refused(ErrorCode.UNAVAILABLE, "The room could not store it; try again.");
    }
  }

  /**
   * A moderator's kick, ban, mute or lift of one person ({@code userId}), from the HTTP API;
   * answered with {@link Moderated}. {@code grants}: what the asker's operator token grants.
   */
  public sealed interface Moderate extends Command {
    /** Who asks: the audit log names them. */
    UserRef by();

    Grants grants();

    String userId();

    ActorRef<Moderated> replyTo();
  }

  public record Kick(
      UserRef by, Grants grants, String userId, String reason, ActorRef<Moderated> replyTo)
      implements Moderate {}

  /** {@code until}: when the ban ends in epoch ms, null for good. */
  public record Ban(
      UserRef by,
      Grants grants,
      String userId,
      Long until,
      String reason,
      ActorRef<Moderated> replyTo)
      implements Moderate {}

  public record Mute(
      UserRef by,
      Grants grants,
      String userId,
      long until,
      String reason,
      ActorRef<Moderated> replyTo)
      implements Moderate {}

  public record Lift(
      UserRef by, Grants grants, Restriction.Kind kind, String userId, ActorRef<Moderated> replyTo)
      implements Moderate {}

  /**
   * The ban or mute as stored (null for a kick or a lift), the seq of a moderator's delete, or the
   * code that refused it.
   */
  public record Moderated(Restriction restriction, long seq, ErrorCode refusal, String message)
      implements WireSerializable {
    static Moderated done(Restriction restriction) {
      return new Moderated(restriction, 0, null, null);
    }

    static Moderated refused(ErrorCode code, String message) {
      return new Moderated(null, 0, code, message);
    }

    static Moderated unavailable() {
      return refused(ErrorCode.UNAVAILABLE, "The room could not store it; try again.");
    }
  }

  public record Typing(Occupant typist) implements Command {}

  /** A read frame: the reader has read the room up to {@code seq}. */
  public record MarkRead(Occupant reader, long seq) implements Command {}

  /** A page of who is online, for rooms too large to list in presence frames. */
  public record ListPeople(String afterId, int limit, ActorRef<People> replyTo)
      implements Command {}

  public record People(List<UserRef> people, boolean hasMore) implements WireSerializable {}

  /**
   * A change to the room's settings or members, from the HTTP API; answered with {@link
   * Configured}.
   */
  public sealed interface Configure extends Command {
    /** Who asks: the audit log names them. */
    UserRef by();

    ActorRef<Configured> replyTo();
  }

  /**
   * Claims the unclaimed room with {@code settings}, whose owner is the claimer; {@code
   * evenWithHistory}: the claimer may take over a room that already has messages.
   */
  public record Claim(
      UserRef by, RoomSettings settings, boolean evenWithHistory, ActorRef<Configured> replyTo)
      implements Configure {}

  /** {@code grants}: what the asker's operator token grants, besides their stored role. */
  public record ChangeSettings(
      UserRef by, Grants grants, SettingsChange change, ActorRef<Configured> replyTo)
      implements Configure {}

  /** Gives {@code userId} a role; {@link Role#NONE} takes them out. */
  public record SetRole(
      UserRef by, Grants grants, String userId, Role role, ActorRef<Configured> replyTo)
      implements Configure {}

  /**
   * Makes {@code user} a member through the invite {@code code}, which takes one of its uses; see
   * {@link InviteRedemption}.
   */
  public record Redeem(UserRef user, Grants grants, String code, ActorRef<Configured> replyTo)
      implements Configure {
    @Override
    public UserRef by() {
      return user;
    }
  }

  /**
   * The settings after the change and the asker's role then, or the code that refused it (with
   * nothing else: a refusal tells nothing about the room).
   */
  public record Configured(RoomSettings settings, Role role, ErrorCode refusal, String message)
      implements WireSerializable {
    static Configured done(RoomSettings settings, Role role) {
      return new Configured(settings, role, null, null);
    }

    static Configured refused(ErrorCode code, String message) {
      return new Configured(null, null, code, message);
    }

    static Configured unavailable() {
      return refused(ErrorCode.UNAVAILABLE, "The room could not store it; try again.");
    }
  }

  /** Sent by sharding to stop the room, on passivation or rebalance. */
  public enum Stop implements Command {
    INSTANCE
  }

  private enum Idle implements Command {
    INSTANCE
  }

  /** The end of a presence interval: announce what changed in it. */
  private enum AnnouncePresence implements Command {
    INSTANCE
  }

  private record Loaded(RoomState state, RoomRules rules) implements Command {}

  /**
   * A change to the settings or members is stored ({@code failure} null) or not; {@code outcome} is
   * the store's answer to a claim ({@link ClaimOutcome}) or a redeem ({@link Redemption}).
   */
  private record ConfigStored(Configure change, Enum<?> outcome, Throwable failure)
      implements Command {}

  private record LoadFailed(Throwable cause) implements Command {}

  /** A moderator's ban, mute or lift is stored ({@code failure} null), or a kick is due. */
  private record ModerationStored(Moderate command, long at, Throwable failure)
      implements Command {}

  private record Written(List<Write> posts, List<AppendOutcome> outcomes) implements Command {}

  private record WriteFailed(List<Write> posts, Throwable cause) implements Command {}

  /** The time has come to store the read markers that moved. */
  private enum SaveReadMarkers implements Command {
    INSTANCE
  }

  /** {@code failure} is null when the markers are stored. */
  private record ReadMarkersSaved(List<ReadMarker> markers, Throwable failure) implements Command {}

  /** The store counted {@code unread} messages in {@code (lastRead, upTo]} for the person. */
  private record UnreadCounted(String userId, long lastRead, long upTo, long unread)
      implements Command {}

  private record UnreadCountFailed(String userId, Throwable cause) implements Command {}

  /** What a room needs from the node it runs on. */
  public record Dependencies(
      MessageStore store,
      RoomFanout fanout,
      FrameCodec codec,
      ServerMetrics metrics,
      Settings.Room settings,
      Settings.Limits limits,
      Clock clock) {}

  public static void init(ClusterSharding sharding, Dependencies deps) {
    sharding.init(
        Entity.of(TYPE_KEY, ctx -> create(new RoomId(ctx.getEntityId()), ctx.getShard(), deps))
            .withStopMessage(Stop.INSTANCE));
  }

  static Behavior<Command> create(
      RoomId room, ActorRef<ClusterSharding.ShardCommand> shard, Dependencies deps) {
    return Behaviors.setup(
        context ->
            Behaviors.withStash(
                STASH_CAPACITY, stash -> loading(context, stash, room, shard, deps)));
  }

  private static Behavior<Command> loading(
      ActorContext<Command> context,
      StashBuffer<Command> stash,
      RoomId room,
      ActorRef<ClusterSharding.ShardCommand> shard,
      Dependencies deps) {
    deps.metrics().roomWoke(room.value());
    int recent = deps.settings().historyOnJoin();
    context.pipeToSelf(
        deps.store()
            .latestSeq(room)
            .thenCombine(
                deps.fanout().occupants(room), (seq, occupants) -> Map.entry(seq, occupants))
            .thenCombine(
                deps.store()
                    .before(room, Long.MAX_VALUE, recent)
                    .thenCompose(
                        // Changes are remembered only after the first message held in memory.
                        page ->
                            page.messages().isEmpty()
                                ? CompletableFuture.completedFuture(
                                    Map.entry(page, List.<Change>of()))
                                : deps.store()
                                    .recentChanges(
                                        room,
                                        page.messages().getFirst().seq(),
                                        RoomState.CHANGES_CAPACITY)
                                    .thenApply(changes -> Map.entry(page, changes))),
                (loaded, tail) ->
                    RoomState.restored(
                        loaded.getKey(),
                        loaded.getValue(),
                        tail.getKey().messages(),
                        tail.getValue(),
                        recent))
            .thenCombine(
                deps.store().readMarkers(room),
                (restored, markers) -> {
                  restored.readMarkers().load(markers);
                  return restored;
                })
            .thenCombine(
                deps.store()
                    .rooms()
                    .settings(room)
                    .thenCombine(
                        deps.store().rooms().members(room),
                        (settings, members) -> Map.entry(settings, members))
                    .thenCombine(
                        deps.store().rooms().restrictions(room),
                        (rules, restrictions) ->
                            new RoomRules(
                                room,
                                rules.getKey(),
                                rules.getValue(),
                                new Moderation(restrictions)))
                    .thenCompose(rules -> withSlowModeClock(rules, room, deps)),
                Loaded::new),
        (loaded, failure) -> failure == null ? loaded : new LoadFailed(failure));
    return Behaviors.receive(Command.class)
        .onMessage(
            Loaded.class,
            loaded ->
                stash.unstashAll(
                    new RoomEntity(context, room, shard, deps, loaded.state(), loaded.rules())))
        .onMessage(
            LoadFailed.class,
            failed -> {
              context.getLog().error("room {}: could not wake", room, failed.cause());
              stash.forEach(command -> refuse(command, deps, room));
              return passivating(context, room, shard, deps);
            })
        .onMessage(
            Command.class,
            command -> {
              if (stash.isFull()) {
                // Refused out loud: the sender hears "unavailable" and resends, rather than wait.
                refuse(command, deps, room);
              } else {
                stash.stash(command);
              }
              return Behaviors.same();
            })
        .build();
  }

  /** A room with slow mode on learns from the store who posted within the wait. */
  private static CompletionStage<RoomRules> withSlowModeClock(
      RoomRules rules, RoomId room, Dependencies deps) {
    int seconds = rules.settings().slowModeSeconds();
    if (seconds == 0) {
      return CompletableFuture.completedFuture(rules);
    }
    return deps.store()
        .lastPostsSince(room, deps.clock().millis() - seconds * 1000L)
        .thenApply(
            posts -> {
              rules.slowModeRestored(posts);
              return rules;
            });
  }

  /**
   * A room that cannot trust its seq (a write or a wake failed) asks its shard to passivate it and
   * refuses posts out loud until the stop comes. Stopping at once would drop what is already in its
   * mailbox without a word, and the senders would wait for acks that never come; while a room
   * passivates, its shard holds new messages and hands them to the next incarnation, which reloads
   * the seq from storage.
   */
  private static Behavior<Command> passivating(
      ActorContext<Command> context,
      RoomId room,
      ActorRef<ClusterSharding.ShardCommand> shard,
      Dependencies deps) {
    shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    return Behaviors.receive(Command.class)
        .onMessage(
            Stop.class,
            stop -> {
              deps.metrics().roomSlept(room.value());
              return Behaviors.stopped();
            })
        .onMessage(
            Command.class,
            command -> {
              refuse(command, deps, room);
              return Behaviors.same();
            })
        .build();
  }

  private static void refuse(Command command, Dependencies deps, RoomId room) {
    if (command instanceof Configure configure) {
      configure.replyTo().tell(Configured.unavailable());
    }
    if (command instanceof Moderate moderate) {
      moderate.replyTo().tell(Moderated.unavailable());
    }
    if (command instanceof RemoveMessage remove) {
      remove.replyTo().tell(Moderated.unavailable());
      return;
    }
    if (command instanceof ServerWrite write) {
      write.replyTo().tell(WriteAnswer.unavailable());
      return;
    }
    if (command instanceof Write write) {
      deps.fanout()
          .deliver(
              room,
              encode(RoomLogic.notStored(List.of(write), deps.clock().millis()), deps.codec()));
    }
  }

  private final RoomId room;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final Dependencies deps;
  private final ArrayDeque<Write> queued = new ArrayDeque<>();

  /**
   * Where the answers to the server API's writes go, by the write itself (records alike by value
   * are still two writes).
   */
  private final Map<Write, ActorRef<WriteAnswer>> answering = new IdentityHashMap<>();

  private final TokenBucket posts;
  private RoomState state;
  private final RoomRules rules;

  /**
   * Changes to settings and members, and moderation, waiting their turn: a {@link Configure} or a
   * {@link Moderate}.
   */
  private final ArrayDeque<Command> configuring = new ArrayDeque<>();

  private boolean storingConfig;
  private boolean writing;
  private long writeStartedNanos;
  private boolean stopping;
  private boolean announcing;
  private boolean readMarkersDue;
  private boolean savingReadMarkers;

  /** People whose unread count the store is counting: one count each at a time. */
  private final Set<String> counting = new HashSet<>();

  private RoomEntity(
      ActorContext<Command> context,
      RoomId room,
      ActorRef<ClusterSharding.ShardCommand> shard,
      Dependencies deps,
      RoomState state,
      RoomRules rules) {
    super(context);
    this.room = room;
    this.shard = shard;
    this.deps = deps;
    this.state = state;
    this.rules = rules;
    this.posts =
        new TokenBucket(
            deps.limits().roomPostBurst(), deps.limits().roomPostsPerSecond(), System.nanoTime());
    context.setReceiveTimeout(deps.settings().idleTimeout(), Idle.INSTANCE);
    announceLatestSeq();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Join.class, this::onJoin)
        .onMessage(Leave.class, this::onLeave)
        .onMessage(Write.class, this::onWrite)
        .onMessage(ServerWrite.class, this::onServerWrite)
        .onMessage(Typing.class, this::onTyping)
        .onMessage(MarkRead.class, this::onMarkRead)
        .onMessage(SaveReadMarkers.class, this::onSaveReadMarkers)
        .onMessage(ReadMarkersSaved.class, this::onReadMarkersSaved)
        .onMessage(UnreadCounted.class, this::onUnreadCounted)
        .onMessage(UnreadCountFailed.class, this::onUnreadCountFailed)
        .onMessage(ListPeople.class, this::onListPeople)
        .onMessage(Configure.class, this::onConfigure)
        .onMessage(ConfigStored.class, this::onConfigStored)
        .onMessage(Moderate.class, this::onModerate)
        .onMessage(ModerationStored.class, this::onModerationStored)
        .onMessage(AnnouncePresence.class, this::onAnnouncePresence)
        .onMessage(Written.class, this::onWritten)
        .onMessage(WriteFailed.class, this::onWriteFailed)
        .onMessage(Idle.class, this::onIdle)
        .onMessage(Stop.class, this::onStop)
        .build();
  }

  private Behavior<Command> onJoin(Join join) {
    apply(RoomLogic.join(state, join.occupant(), deps.settings().presenceListLimit()));
    // The marker comes from memory (every stored one was loaded on wake) and so, nearly always,
    // does the count: a join costs no store round trip unless the joiner's marker lies behind the
    // newest messages the room holds, and then the socket counts in the store, off the room.
    String joiner = join.occupant().user().id();
    long lastRead = state.lastRead(joiner);
    long now = deps.clock().millis();
    join.replyTo()
        .tell(
            new Joined(
                state.seq(),
                state.recent(),
                state.recentChanges(),
                state.knownFrom(),
                lastRead,
                unreadFromMemory(joiner, lastRead),
                rules.roleOf(join.occupant()),
                rules.moderation().mutedUntil(joiner, now)));
    carryOut(rules.moderation().turnAway(join.occupant(), now));
    announceSoon();
    saveReadMarkersSoon();
    if (rules.nameIsNew(join.occupant().user())) {
      rememberName(join.occupant().user());
    }
    return this;
  }

  /** A member's name as they joined: written without waiting, and not worth failing a join over. */
  private void rememberName(UserRef user) {
    deps.store()
        .rooms()
        .rememberName(room, user.id(), user.name())
        .whenComplete(
            (done, failure) -> {
              if (failure != null) {
                log.warn("room {}: storing a member's name failed", room, failure);
              }
            });
  }

  private Behavior<Command> onMarkRead(MarkRead read) {
    OptionalLong moved = RoomLogic.read(state, read.reader(), read.seq());
    if (moved.isPresent()) {
      tellUnread(read.reader().user().id());
      saveReadMarkersSoon();
    }
    return this;
  }

  /** Tells the person's sockets their marker and unread count, counting in the store if need be. */
  private void tellUnread(String userId) {
    long lastRead = state.lastRead(userId);
    Long unread = unreadFromMemory(userId, lastRead);
    if (unread != null) {
      carryOut(RoomLogic.markerMoved(userId, lastRead, unread));
    } else if (counting.add(userId)) {
      long upTo = state.seq();
      getContext()
          .pipeToSelf(
              deps.store().unreadCount(room, userId, lastRead, upTo),
              (count, failure) ->
                  failure == null
                      ? new UnreadCounted(userId, lastRead, upTo, count)
                      : new UnreadCountFailed(userId, failure));
    }
    // else a count is under way; its answer finds the marker moved and counts again.
  }

  /**
   * The store's count covers seqs up to where the room was when it asked; messages stored since are
   * counted from memory. A marker that moved meanwhile is counted afresh, so a person's sockets
   * never hear an older marker after a newer one.
   */
  private Behavior<Command> onUnreadCounted(UnreadCounted counted) {
    counting.remove(counted.userId());
    // What was stored while the store counted is newer than any retention cut, so memory counts it
    // even in a room that keeps only part of its log; asking the store again would chase a busy
    // room's head for ever.
    Long since =
        counted.upTo() >= state.seq()
            ? Long.valueOf(0)
            : state.unreadFromRecent(counted.userId(), counted.upTo());
    if (state.lastRead(counted.userId()) != counted.lastRead() || since == null) {
      tellUnread(counted.userId());
    } else {
      carryOut(
          RoomLogic.markerMoved(counted.userId(), counted.lastRead(), counted.unread() + since));
    }
    return this;
  }

  private Behavior<Command> onUnreadCountFailed(UnreadCountFailed failed) {
    counting.remove(failed.userId());
    getContext().getLog().warn("room {}: counting unread messages failed", room, failed.cause());
    return this;
  }

  /** Null when only the store can count: retention may have deleted what memory still holds. */
  private Long unreadFromMemory(String userId, long lastRead) {
    if (lastRead >= state.seq()) {
      return 0L;
    }
    if (!deps.settings().retention().keepsEverything()) {
      return null;
    }
    return state.unreadFromRecent(userId, lastRead);
  }

  /** At most one write of read markers a second; those that moved meanwhile ride the next. */
  private void saveReadMarkersSoon() {
    if (!readMarkersDue && !savingReadMarkers && state.readMarkers().hasUnsaved()) {
      readMarkersDue = true;
      getContext()
          .scheduleOnce(SAVE_READ_MARKERS_EVERY, getContext().getSelf(), SaveReadMarkers.INSTANCE);
    }
  }

  private Behavior<Command> onSaveReadMarkers(SaveReadMarkers save) {
    readMarkersDue = false;
    saveReadMarkers();
    return this;
  }

  private void saveReadMarkers() {
    if (savingReadMarkers || !state.readMarkers().hasUnsaved()) {
      return;
    }
    List<ReadMarker> markers = state.readMarkers().takeUnsaved();
    savingReadMarkers = true;
    getContext()
        .pipeToSelf(
            deps.store().saveReadMarkers(room, markers, deps.clock().millis()),
            (done, failure) -> new ReadMarkersSaved(markers, failure));
  }

  private Behavior<Command> onReadMarkersSaved(ReadMarkersSaved saved) {
    savingReadMarkers = false;
    if (saved.failure() != null) {
      getContext()
          .getLog()
          .error(
              "room {}: storing {} read markers failed",
              room,
              saved.markers().size(),
              saved.failure());
      if (!stopping) {
        state.readMarkers().unsavedAgain(saved.markers());
      }
      // A room that must stop does not wait for a failing store: those markers are lost.
    }
    if (stopping) {
      return stopIfDone();
    }
    saveReadMarkersSoon();
    return this;
  }

  /**
   * A stopping room goes once its last write is done: messages in flight are committed but not yet
   * broadcast or acked, and a marker that moved in the last second is still to be written.
   */
  private Behavior<Command> stopIfDone() {
    if (!stopping) {
      return this;
    }
    saveReadMarkers();
    if (writing || savingReadMarkers || storingConfig) {
      return this;
    }
    configuring.forEach(RoomEntity::unavailable);
    configuring.clear();
    deps.metrics().roomSlept(room.value());
    return Behaviors.stopped();
  }

  private Behavior<Command> onLeave(Leave leave) {
    apply(RoomLogic.leave(state, leave.socketId()));
    announceSoon();
    return this;
  }

  private Behavior<Command> onListPeople(ListPeople list) {
    List<UserRef> page = state.online(list.afterId(), list.limit() + 1);
    boolean hasMore = page.size() > list.limit();
    list.replyTo().tell(new People(hasMore ? page.subList(0, list.limit()) : page, hasMore));
    return this;
  }

  private Behavior<Command> onAnnouncePresence(AnnouncePresence announce) {
    announcing = false;
    apply(RoomLogic.presenceChanges(state, deps.settings().presenceListLimit()));
    return this;
  }

  /** One announcement per interval, however many joins and leaves it holds. */
  private void announceSoon() {
    if (!announcing) {
      announcing = true;
      getContext()
          .scheduleOnce(
              deps.settings().presenceInterval(),
              getContext().getSelf(),
              AnnouncePresence.INSTANCE);
    }
  }

  private Behavior<Command> onTyping(Typing typing) {
    apply(RoomLogic.typing(state, typing.typist()));
    return this;
  }

  private Behavior<Command> onServerWrite(ServerWrite write) {
    answering.put(write.write(), write.replyTo());
    return onWrite(write.write());
  }

  private Behavior<Command> onWrite(Write post) {
    Optional<dev.dormouse.protocol.ServerFrame.Error> refusal =
        rules.refusal(post, deps.clock().millis());
    if (refusal.isPresent()) {
      ErrorCode code = ErrorCode.ofWire(refusal.get().code());
      if (post instanceof RemoveMessage remove) {
        remove.replyTo().tell(Moderated.refused(code, refusal.get().message()));
        return this;
      }
      ActorRef<WriteAnswer> server = answering.remove(post);
      if (server != null) {
        server.tell(WriteAnswer.refused(code, refusal.get().message()));
        return this;
      }
      carryOut(
          List.of(new RoomLogic.Effect(Audience.only(post.author().socketId()), refusal.get())));
      return this;
    }
    if (!posts.tryTake(System.nanoTime())) {
      // However many people or guests send, the room stores no faster than its budget.
      answerRemovals(List.of(post), null);
      carryOut(RoomLogic.roomBusy(post, deps.clock().millis()));
      return this;
    }
    if (queued.size() >= MAX_QUEUED_POSTS) {
      answerRemovals(List.of(post), null);
      carryOut(RoomLogic.notStored(List.of(post), deps.clock().millis()));
      return this;
    }
    queued.add(post);
    writeNextBatch();
    return this;
  }

  private Behavior<Command> onWritten(Written written) {
    writing = false;
    deps.metrics()
        .storeAppended(
            Duration.ofNanos(System.nanoTime() - writeStartedNanos), written.posts().size());
    apply(RoomLogic.stored(state, written.posts(), written.outcomes(), deps.clock().millis()));
    answerRemovals(written.posts(), written.outcomes());
    return afterWrite();
  }

  /**
   * The writes among {@code writes} that came over HTTP (moderators' deletes, the server API's)
   * hear how they went: null outcomes, not stored.
   */
  private void answerRemovals(List<Write> writes, List<AppendOutcome> outcomes) {
    for (int i = 0; i < writes.size(); i++) {
      ActorRef<WriteAnswer> server = answering.remove(writes.get(i));
      if (server != null) {
        server.tell(WriteAnswer.of(outcomes == null ? null : outcomes.get(i)));
      }
      if (writes.get(i) instanceof RemoveMessage remove) {
        remove
            .replyTo()
            .tell(
                switch (outcomes == null ? null : outcomes.get(i)) {
                  case null -> Moderated.unavailable();
                  case AppendOutcome.Refused refused ->
                      Moderated.refused(refused.code(), refused.message());
                  case AppendOutcome outcome -> new Moderated(null, outcome.seq(), null, null);
                });
      }
    }
  }

  private Behavior<Command> onWriteFailed(WriteFailed failed) {
    writing = false;
    getContext()
        .getLog()
        .error("room {}: storing {} messages failed", room, failed.posts().size(), failed.cause());
    deps.metrics().storeFailed();
    answerRemovals(failed.posts(), null);
    carryOut(RoomLogic.notStored(failed.posts(), deps.clock().millis()));
    // The commit may have happened even though it reported failure; only storage knows the
    // true latest seq now, so the room restarts from it rather than guess.
    List<Write> rest = List.copyOf(queued);
    queued.clear();
    answerRemovals(rest, null);
    carryOut(RoomLogic.notStored(rest, deps.clock().millis()));
    saveReadMarkers();
    if (stopping) {
      deps.metrics().roomSlept(room.value());
      return Behaviors.stopped();
    }
    return passivating(getContext(), room, shard, deps);
  }

  private Behavior<Command> afterWrite() {
    writeNextBatch();
    return stopIfDone();
  }

  private Behavior<Command> onIdle(Idle idle) {
    if (!writing && !storingConfig) {
      announceLatestSeq();
      shard.tell(new ClusterSharding.Passivate<>(getContext().getSelf()));
    }
    return this;
  }

  private Behavior<Command> onStop(Stop stop) {
    apply(RoomLogic.presenceChanges(state, deps.settings().presenceListLimit()));
    stopping = true;
    return stopIfDone();
  }

  private Behavior<Command> onConfigure(Configure change) {
    if (stopping) {
      change.replyTo().tell(Configured.unavailable());
      return this;
    }
    configuring.add(change);
    configureNext();
    return this;
  }

  /**
   * One change or moderation at a time, judged against the settings, roles and bans as those before
   * it left them: two PATCHes never overwrite each other with stale copies, and a ban is judged
   * against the role its target has after a promotion ahead of it.
   */
  private void configureNext() {
    while (!storingConfig && !configuring.isEmpty()) {
      Command next = configuring.poll();
      if (next instanceof Moderate command) {
        moderate(command);
        continue;
      }
      Configure change = (Configure) next;
      RoomSettings settings = rules.settings();
      Optional<Configured> refusal = judge(change, settings);
      if (refusal.isPresent()) {
        change.replyTo().tell(refusal.get());
        continue;
      }
      storingConfig = true;
      AuditEntry audit = RoomAudit.of(change, deps.clock().millis());
      var stored =
          switch (change) {
            case Claim claim ->
                deps.store().rooms().claim(room, claim.settings(), claim.evenWithHistory(), audit);
            case ChangeSettings patch ->
                deps.store()
                    .rooms()
                    .updateSettings(room, patch.change().applyTo(settings), audit)
                    .thenApply(done -> ClaimOutcome.CLAIMED);
            case SetRole set ->
                deps.store()
                    .rooms()
                    .setRole(room, set.userId(), set.role(), state.nameOf(set.userId()), audit)
                    .thenApply(done -> ClaimOutcome.CLAIMED);
            case Redeem redeem ->
                InviteRedemption.store(redeem, deps.store(), room, deps.clock().millis());
          };
      getContext()
          .pipeToSelf(stored, (outcome, failure) -> new ConfigStored(change, outcome, failure));
    }
  }

  /** The answer to a change that breaks a rule, judged before anything is stored. */
  private Optional<Configured> judge(Configure change, RoomSettings settings) {
    return switch (change) {
      case Claim claim -> {
        if (settings.claimed()) {
          yield Optional.of(Configured.refused(ErrorCode.ROOM_EXISTS, "Someone owns this room."));
        }
        if (state.seq() > 0 && !claim.evenWithHistory()) {
          yield Optional.of(hasHistory());
        }
        yield Optional.empty();
      }
      case ChangeSettings patch ->
          refusal(settings, patch.by().id(), patch.grants(), Action.CHANGE_SETTINGS);
      case SetRole set ->
          refusal(
              settings,
              set.by().id(),
              set.grants(),
              Action.ofRoleChange(rules.role(set.userId()), set.role()));
      case Redeem redeem -> InviteRedemption.judge(redeem, rules, room, deps.clock().millis());
    };
  }

  private Optional<Configured> refusal(
      RoomSettings settings, String userId, Grants grants, Action action) {
    Role role = grants.withStored(room.value(), rules.role(userId));
    boolean banned =
        rules.moderation().inForce(Restriction.Kind.BAN, userId, deps.clock().millis()).isPresent();
    if (Permissions.decide(role, grants.admin(), settings, action, banned)
        instanceof Verdict.Refused refused) {
      return Optional.of(Configured.refused(refused.code(), textOf(refused.code())));
    }
    return Optional.empty();
  }

  private static Configured hasHistory() {
    return Configured.refused(
        ErrorCode.ROOM_HAS_HISTORY,
        "This room is in use; only an operator may claim a room that has messages.");
  }

  private static String textOf(ErrorCode code) {
    return switch (code) {
      case NOT_A_MEMBER -> "This room is for its members.";
      case NOT_CLAIMED -> "Nobody owns this room; claim it first with POST /api/rooms.";
      default -> "Your role in this room does not allow that.";
    };
  }

  private Behavior<Command> onConfigStored(ConfigStored stored) {
    storingConfig = false;
    Configure change = stored.change();
    if (stored.failure() != null) {
      getContext().getLog().error("room {}: storing its settings failed", room, stored.failure());
      change.replyTo().tell(Configured.unavailable());
    } else {
      Configured answer = applied(change, stored.outcome());
      change.replyTo().tell(answer);
      if (answer.refusal() == null) {
        carryOut(rules.afterChange(change, state.occupants(), deps.clock().millis()));
      }
    }
    configureNext();
    return stopIfDone();
  }

  /**
   * A kick, ban, mute or lift: queued with the changes to settings and members, then judged against
   * the room's copy of its roles and bans, stored, applied and carried out, one at a time.
   */
  private Behavior<Command> onModerate(Moderate command) {
    if (stopping) {
      command.replyTo().tell(Moderated.unavailable());
      return this;
    }
    configuring.add(command);
    configureNext();
    return this;
  }

  /** Takes the moderation whose turn it is: answered at once when refused, else stored. */
  private void moderate(Moderate command) {
    long now = deps.clock().millis();
    Optional<Moderated> refusal = rules.moderation().refusal(command, rules, now);
    if (refusal.isPresent()) {
      command.replyTo().tell(refusal.get());
      return;
    }
    storingConfig = true;
    getContext()
        .pipeToSelf(
            rules.moderation().store(command, room, deps.store().rooms(), now),
            (done, failure) -> new ModerationStored(command, now, failure));
  }

  private static void unavailable(Command queued) {
    switch (queued) {
      case Configure change -> change.replyTo().tell(Configured.unavailable());
      case Moderate command -> command.replyTo().tell(Moderated.unavailable());
      default -> {}
    }
  }

  private Behavior<Command> onModerationStored(ModerationStored stored) {
    storingConfig = false;
    if (stored.failure() != null) {
      getContext().getLog().error("room {}: storing a ban or mute failed", room, stored.failure());
      stored.command().replyTo().tell(Moderated.unavailable());
    } else {
      Moderation.Outcome outcome = rules.moderation().applied(stored.command(), stored.at());
      carryOut(outcome.effects());
      stored.command().replyTo().tell(outcome.answer());
    }
    configureNext();
    return stopIfDone();
  }

  /** The stored change, now applied to the room's own copy. */
  private Configured applied(Configure change, Enum<?> outcome) {
    switch (change) {
      case Claim claim -> {
        if (outcome == ClaimOutcome.HAS_HISTORY) {
          return hasHistory();
        }
        if (outcome == ClaimOutcome.ALREADY_CLAIMED) {
          return Configured.refused(ErrorCode.ROOM_EXISTS, "Someone owns this room.");
        }
        rules.claimed(claim.settings());
      }
      case ChangeSettings patch -> rules.changed(patch.change().applyTo(rules.settings()));
      case SetRole set -> rules.roleSet(set.userId(), set.role(), state.nameOf(set.userId()));
      case Redeem redeem -> {} // applied with its answer, which depends on the outcome
    }
    return switch (change) {
      case Claim claim -> Configured.done(rules.settings(), Role.OWNER);
      case ChangeSettings patch ->
          Configured.done(
              rules.settings(),
              patch.grants().withStored(room.value(), rules.role(patch.by().id())));
      case SetRole set ->
          Configured.done(
              rules.settings(), set.grants().withStored(room.value(), rules.role(set.by().id())));
      case Redeem redeem -> InviteRedemption.applied(redeem, (Redemption) outcome, rules, room);
    };
  }

  private void writeNextBatch() {
    if (writing || queued.isEmpty()) {
      return;
    }
    int size = Math.min(queued.size(), deps.settings().maxBatch());
    List<Write> posts = new ArrayList<>(size);
    List<NewEntry> batch = new ArrayList<>(size);
    long now = deps.clock().millis();
    for (int i = 0; i < size; i++) {
      Write post = queued.poll();
      posts.add(post);
      batch.add(entryOf(post, EntryIds.next(now), now, rules));
    }
    writing = true;
    writeStartedNanos = System.nanoTime();
    getContext()
        .pipeToSelf(
            deps.store().append(room, state.seq(), batch),
            (outcomes, failure) ->
                failure == null ? new Written(posts, outcomes) : new WriteFailed(posts, failure));
  }

  private void apply(RoomLogic.Decision decision) {
    state = decision.state();
    carryOut(decision.effects());
  }

  private void carryOut(List<RoomLogic.Effect> effects) {
    if (effects.isEmpty()) {
      return;
    }
    long started = System.nanoTime();
    deps.fanout().deliver(room, encode(effects, deps.codec()));
    deps.metrics().framesOut(effects.size());
    deps.metrics().broadcast(Duration.ofNanos(System.nanoTime() - started));
  }

  /** Each frame is encoded once here, however many sockets on however many nodes receive it. */
  private static List<RoomFanout.Delivery> encode(
      List<RoomLogic.Effect> effects, FrameCodec codec) {
    List<RoomFanout.Delivery> batch = new ArrayList<>(effects.size());
    for (RoomLogic.Effect effect : effects) {
      OutboundFrame frame = OutboundFrame.of(effect.frame(), codec);
      batch.add(
          new RoomFanout.Delivery(
              effect.audience(),
              effect.closeAfter() == null ? frame : frame.closing(effect.closeAfter())));
    }
    return batch;
  }

  /**
   * Tells every socket the room's latest seq without writing anything to clients. A socket that saw
   * less (a broadcast lost between nodes, a room restarted elsewhere) fetches the rest from
   * storage.
   */
  private void announceLatestSeq() {
    if (state.seq() > 0) {
      deps.fanout()
          .deliver(
              room,
              List.of(
                  new RoomFanout.Delivery(
                      Audience.everyone(), OutboundFrame.watermark(state.seq()))));
    }
  }

  /** What the store is asked to add for {@code write}; {@code id} names the new entry. */
  private static NewEntry entryOf(Write write, String id, long now, RoomRules rules) {
    UserRef user = write.author().user();
    return switch (write) {
      case Post post ->
          new NewMessage(
              id, user.id(), user.name(), post.text(), now, post.clientId(), post.replyTo());
      case Edit edit ->
          new NewChange(
              id,
              user.id(),
              user.name(),
              Change.Kind.EDIT,
              edit.messageId(),
              edit.text(),
              null,
              now,
              edit.clientId());
      case Delete delete ->
          new NewChange(
              id,
              user.id(),
              user.name(),
              Change.Kind.DELETE,
              delete.messageId(),
              null,
              null,
              now,
              delete.clientId());
      case React react ->
          new NewChange(
              id,
              user.id(),
              user.name(),
              react.on() ? Change.Kind.REACT : Change.Kind.UNREACT,
              react.messageId(),
              null,
              react.emoji(),
              now,
              react.clientId());
      case RemoveMessage remove ->
          new NewChange(
              id,
              user.id(),
              user.name(),
              Change.Kind.DELETE,
              remove.messageId(),
              remove.reason(),
              null,
              now,
              null,
              true,
              rules.shieldedFrom(rules.roleOf(remove.author()), remove.author().grants().admin()),
              RoomAudit.of(remove, now));
    };
  }
}
