package dev.dormouse.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * Every frame the server sends, except the bare {@code pong}. Each is encoded once by {@link
 * FrameCodec#encode}, so a broadcast costs one serialization however many sockets receive it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ServerFrame.Ready.class, name = "ready"),
  @JsonSubTypes.Type(value = ServerFrame.Reset.class, name = "reset"),
  @JsonSubTypes.Type(value = ServerFrame.Gap.class, name = "gap"),
  @JsonSubTypes.Type(value = ServerFrame.History.class, name = "history"),
  @JsonSubTypes.Type(value = ServerFrame.Presence.class, name = "presence"),
  @JsonSubTypes.Type(value = ServerFrame.Message.class, name = "message"),
  @JsonSubTypes.Type(value = ServerFrame.Edited.class, name = "edited"),
  @JsonSubTypes.Type(value = ServerFrame.Deleted.class, name = "deleted"),
  @JsonSubTypes.Type(value = ServerFrame.Reaction.class, name = "reaction"),
  @JsonSubTypes.Type(value = ServerFrame.Ack.class, name = "ack"),
  @JsonSubTypes.Type(value = ServerFrame.Typing.class, name = "typing"),
  @JsonSubTypes.Type(value = ServerFrame.Read.class, name = "read"),
  @JsonSubTypes.Type(value = ServerFrame.Error.class, name = "error"),
  @JsonSubTypes.Type(value = ServerFrame.Muted.class, name = "muted"),
  @JsonSubTypes.Type(value = ServerFrame.RoomChanged.class, name = "room"),
  @JsonSubTypes.Type(value = ServerFrame.RoleChanged.class, name = "role"),
  @JsonSubTypes.Type(value = ServerFrame.MemberChanged.class, name = "member"),
})
public sealed interface ServerFrame {

  int PROTOCOL_VERSION = 2;

  /**
   * Whether the article's plain chat client, which reads every frame as a row of {@code {from,
   * message, timestamp}}, is sent this frame: only messages and errors are such rows.
   */
  @JsonIgnore
  default boolean isArticleRow() {
    return false;
  }

  /**
   * {@code epoch} names the room's log: a client resumes with it, and a different one means the
   * store is not the one whose seqs it has. {@code lastRead} is this person's read marker in the
   * room and {@code unread} the messages after it, up to {@code seq}, that are not deleted and that
   * others sent. {@code role} is this person's role in the room ({@code owner}, {@code moderator},
   * {@code member} or {@code none}), and {@code mutedUntil}, only while they are muted, when their
   * mute ends.
   */
  record Ready(
      int protocol,
      UserRef you,
      String room,
      long seq,
      String epoch,
      long lastRead,
      long unread,
      @JsonInclude(JsonInclude.Include.NON_NULL) String role,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long mutedUntil)
      implements ServerFrame {
    /** A ready without a role: what a server before roles sent; this one always sends it. */
    public Ready(UserRef you, String room, long seq, String epoch, long lastRead, long unread) {
      this(PROTOCOL_VERSION, you, room, seq, epoch, lastRead, unread, null, null);
    }

    public Ready(
        UserRef you,
        String room,
        long seq,
        String epoch,
        long lastRead,
        long unread,
        String role,
        Long mutedUntil) {
      this(PROTOCOL_VERSION, you, room, seq, epoch, lastRead, unread, role, mutedUntil);
    }
  }

  /**
   * The room's log is not a continuation of the one the client resumed from (a new, wiped or
   * restored database): forget every message and seq, and take the history that follows as a fresh
   * join's.
   */
  record Reset(String epoch, long seq) implements ServerFrame {}

  /** Messages {@code from}..{@code to} (inclusive) are not in the history that follows. */
  record Gap(long from, long to, String reason) implements ServerFrame {
    /** The messages exist; fetch them with the HTTP history API. */
    public static final String RESUME_LIMIT = "resume_limit";

    /** Retention deleted the messages; they are gone for good. */
    public static final String EXPIRED = "expired";
  }

  /**
   * {@code messages} after what the client has, in current state; {@code updated}, on a resume, the
   * messages it already has that changed since, in current state (null when none).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record History(List<Message> messages, boolean hasMore, List<Message> updated)
      implements ServerFrame {
    public History(List<Message> messages, boolean hasMore) {
      this(messages, hasMore, null);
    }
  }

  /**
   * Who is online, in one of three forms: a snapshot ({@code online}) for a socket that joins, a
   * delta ({@code joined}, {@code left} user ids) for everyone when it changes, or the {@code
   * count} alone in rooms too large to list. {@code count} is always there; absent lists are left
   * out.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Presence(List<UserRef> online, List<UserRef> joined, List<String> left, int count)
      implements ServerFrame {

    public static Presence snapshot(List<UserRef> online) {
      return new Presence(List.copyOf(online), null, null, online.size());
    }

    public static Presence delta(List<UserRef> joined, List<String> left, int count) {
      return new Presence(
          null,
          joined.isEmpty() ? null : List.copyOf(joined),
          left.isEmpty() ? null : List.copyOf(left),
          count);
    }

    public static Presence countOnly(int count) {
      return new Presence(null, null, null, count);
    }
  }

  /**
   * A message in its current state. {@code fromKind} is the sender's {@link UserKind}, so that a
   * name alone is never the proof. {@code edited}, {@code deleted}, {@code replyTo} and {@code
   * reactions} are left out when there is nothing to say; {@code reactions} are as the recipient of
   * this copy sees them ({@code mine}). A tombstone a moderator made has {@code moderated} true and
   * the {@code reason} they gave, when they gave one.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Message(
      long seq,
      String id,
      String from,
      String name,
      UserKind fromKind,
      String message,
      long timestamp,
      Long edited,
      Long deleted,
      Quote replyTo,
      List<ReactionSummary> reactions,
      Boolean moderated,
      String reason)
      implements ServerFrame {

    public Message(
        long seq,
        String id,
        String from,
        String name,
        UserKind fromKind,
        String message,
        long timestamp,
        Long edited,
        Long deleted,
        Quote replyTo,
        List<ReactionSummary> reactions) {
      this(
          seq, id, from, name, fromKind, message, timestamp, edited, deleted, replyTo, reactions,
          null, null);
    }

    public Message(
        long seq,
        String id,
        String from,
        String name,
        UserKind fromKind,
        String message,
        long timestamp) {
      this(seq, id, from, name, fromKind, message, timestamp, null, null, null, null);
    }

    /** The message as anyone sees it: without anyone's own reactions marked. */
    public static Message of(ChatMessage m) {
      return of(m, null);
    }

    /** The message as {@code viewerId} sees it (null: nobody in particular). */
    public static Message of(ChatMessage m, String viewerId) {
      List<ReactionSummary> reactions =
          m.reactions().isEmpty() ? null : ReactionSummary.of(m.reactions(), viewerId);
      return new Message(
          m.seq(),
          m.id(),
          m.from(),
          m.name(),
          UserKind.of(m.from()),
          m.message(),
          m.timestamp(),
          m.edited(),
          m.deleted(),
          m.replyTo() == null ? null : Quote.of(m.replyTo()),
          reactions,
          m.moderated() ? Boolean.TRUE : null,
          m.moderated() ? m.deleteReason() : null);
    }

    @Override
    @JsonIgnore
    public boolean isArticleRow() {
      return true;
    }
  }

  /**
   * What a reply quotes of its target; {@code excerpt} is gone and {@code deleted} true once the
   * target is deleted.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Quote(
      String id,
      long seq,
      String from,
      String name,
      UserKind fromKind,
      String excerpt,
      Boolean deleted) {
    static Quote of(ChatMessage.Quote q) {
      return new Quote(
          q.id(),
          q.seq(),
          q.from(),
          q.name(),
          UserKind.of(q.from()),
          q.excerpt(),
          q.deleted() ? Boolean.TRUE : null);
    }
  }

  /** An edit was stored as entry {@code seq}: message {@code id} now reads {@code message}. */
  record Edited(long seq, String id, String message, long edited) implements ServerFrame {}

  /**
   * A delete was stored as entry {@code seq}: message {@code id} is a tombstone. {@code moderated}
   * (true, or absent) when a moderator deleted someone else's message, with their {@code reason}
   * when they gave one.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Deleted(long seq, String id, long deleted, Boolean moderated, String reason)
      implements ServerFrame {
    public Deleted(long seq, String id, long deleted) {
      this(seq, id, deleted, null, null);
    }
  }

  /**
   * {@code user} turned their reaction {@code emoji} to message {@code id} on or off, stored as
   * entry {@code seq}; {@code count} is the emoji's count on the message now.
   */
  record Reaction(long seq, String id, String emoji, UserRef user, boolean on, int count)
      implements ServerFrame {}

  record Ack(String clientId, long seq) implements ServerFrame {}

  record Typing(UserRef user) implements ServerFrame {}

  /**
   * This person's read marker moved to {@code seq}, with {@code unread} messages after it; sent to
   * every socket of theirs in the room, so each tab and device clears the same badge.
   */
  record Read(long seq, long unread) implements ServerFrame {}

  /**
   * A refusal. {@code from} is always {@code "server"} and {@code timestamp} the time of refusal,
   * so the article's client, which shows every frame as a row, shows it as a line from the server.
   * {@code until}: when a refusal lasts for a time (slow mode), the time in epoch ms from which the
   * same frame would be taken (slow mode, a mute) or the refusal ends (a timed ban); absent
   * otherwise. {@code reason}: what a moderator gave as the reason of a kick or a ban.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Error(
      String code,
      String message,
      String clientId,
      String from,
      long timestamp,
      Long until,
      String reason)
      implements ServerFrame {
    public static final String FROM_SERVER = "server";

    public Error(String code, String message, String clientId, String from, long timestamp) {
      this(code, message, clientId, from, timestamp, null, null);
    }

    public Error(ErrorCode code, String message, String clientId, long timestamp) {
      this(code.wire(), message, clientId, FROM_SERVER, timestamp, null, null);
    }

    public Error(ErrorCode code, String message, String clientId, long timestamp, long until) {
      this(code.wire(), message, clientId, FROM_SERVER, timestamp, until, null);
    }

    /** A moderator's doing: a kick, a ban ({@code until} null: for good), a mute. */
    public static Error moderation(
        ErrorCode code,
        String message,
        String clientId,
        long timestamp,
        Long until,
        String reason) {
      return new Error(code.wire(), message, clientId, FROM_SERVER, timestamp, until, reason);
    }

    @Override
    @JsonIgnore
    public boolean isArticleRow() {
      return true;
    }
  }

  /**
   * This person was muted until {@code until} (epoch ms), with the moderator's {@code reason}; or,
   * with {@code until} null, a moderator lifted their mute. A mute that runs out is not announced:
   * the client counts down to {@code until} itself.
   */
  record Muted(Long until, @JsonInclude(JsonInclude.Include.NON_NULL) String reason)
      implements ServerFrame {}

  /** The room's settings as a {@code PATCH} just stored them, to everyone in the room. */
  record RoomChanged(
      String title, String topic, String visibility, String postPolicy, int slowModeSeconds)
      implements ServerFrame {}

  /** This person's role in the room is now {@code role}. */
  record RoleChanged(String role) implements ServerFrame {}

  /**
   * To everyone in the room: the person {@code userId} now has {@code role} ({@code none}: taken
   * out), so each client's list of members and its badges follow without asking.
   */
  record MemberChanged(String userId, String role) implements ServerFrame {}
}
