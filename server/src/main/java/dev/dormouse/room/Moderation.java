package dev.dormouse.room;

import dev.dormouse.access.Action;
import dev.dormouse.access.AuditEntry;
import dev.dormouse.access.Permissions;
import dev.dormouse.access.Restriction;
import dev.dormouse.access.Role;
import dev.dormouse.access.Verdict;
import dev.dormouse.protocol.CloseCode;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.ServerFrame;
import dev.dormouse.store.RoomSettingsStore;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * An awake room's bans and mutes, and the judgement of its moderators' kicks, bans, mutes and
 * lifts: who may, what is stored, and what the person's sockets are told. The room's entity is the
 * only writer of its bans and mutes, so this copy is never stale while the room runs; it is loaded
 * from the store when the room wakes. Other nodes' upgrades and HTTP routes read bans from the
 * store, which has each one before the moderator is answered.
 *
 * <p>Closing a person's sockets goes out as an error frame with a close code after it, to {@link
 * Audience#person}: every node's fan-out delivers it to that person's sockets there.
 */
public final class Moderation {

  private final Map<Restriction.Kind, Map<String, Restriction>> byKind =
      new EnumMap<>(Restriction.Kind.class);

  Moderation(List<Restriction> stored) {
    for (Restriction.Kind kind : Restriction.Kind.values()) {
      byKind.put(kind, new HashMap<>());
    }
    stored.forEach(r -> byKind.get(r.kind()).put(r.userId(), r));
  }

  /** The person's ban or mute in force at {@code now}, if any. */
  Optional<Restriction> inForce(Restriction.Kind kind, String userId, long now) {
    return Optional.ofNullable(byKind.get(kind).get(userId)).filter(r -> r.inForce(now));
  }

  Long mutedUntil(String userId, long now) {
    return inForce(Restriction.Kind.MUTE, userId, now).map(Restriction::until).orElse(null);
  }

  /**
   * The refusal of a muted person's send, edit or reaction (never of a delete of their own), with
   * the write's clientId and the mute's end.
   */
  Optional<ServerFrame.Error> mutedRefusal(RoomEntity.Write write, long now) {
    if (write instanceof RoomEntity.Delete || write instanceof RoomEntity.RemoveMessage) {
      return Optional.empty();
    }
    return inForce(Restriction.Kind.MUTE, write.author().user().id(), now)
        .map(
            mute ->
                new ServerFrame.Error(
                    ErrorCode.MUTED,
                    "A moderator muted you until " + Instant.ofEpochMilli(mute.until()) + ".",
                    write.clientId(),
                    now,
                    mute.until()));
  }

  /**
   * What refuses {@code command} before anything is stored: the asker's role (with the target
   * rule), or a lift of what is not in force.
   */
  Optional<RoomEntity.Moderated> refusal(RoomEntity.Moderate command, RoomRules rules, long now) {
    Role asker = command.grants().withStored(rules.roomId(), rules.role(command.by().id()));
    Verdict verdict =
        Permissions.decide(
            asker,
            command.grants().admin(),
            rules.settings(),
            actionOf(command),
            rules.role(command.userId()));
    if (verdict instanceof Verdict.Refused refused) {
      return Optional.of(RoomEntity.Moderated.refused(refused.code(), textOf(refused.code())));
    }
    if (command instanceof RoomEntity.Lift lift
        && inForce(lift.kind(), lift.userId(), now).isEmpty()) {
      return Optional.of(
          RoomEntity.Moderated.refused(
              ErrorCode.NOT_FOUND,
              lift.kind() == Restriction.Kind.BAN
                  ? "This person is not banned here."
                  : "This person is not muted here."));
    }
    return Optional.empty();
  }

  /**
   * Stores what {@code command} changes ({@code now}: when it was taken) with its audit entry; a
   * kick stores only the entry.
   */
  CompletionStage<?> store(
      RoomEntity.Moderate command, RoomId room, RoomSettingsStore store, long now) {
    AuditEntry audit = RoomAudit.of(command, now);
    return switch (command) {
      case RoomEntity.Kick kick -> store.recordAudit(room, audit);
      case RoomEntity.Ban ban -> store.restrict(room, restrictionOf(ban, now), audit);
      case RoomEntity.Mute mute -> store.restrict(room, restrictionOf(mute, now), audit);
      case RoomEntity.Lift lift -> store.lift(room, lift.kind(), lift.userId(), audit);
    };
  }

  /** What the room does once {@code command} is stored: its effects, and the moderator's answer. */
  record Outcome(List<RoomLogic.Effect> effects, RoomEntity.Moderated answer) {}

  Outcome applied(RoomEntity.Moderate command, long now) {
    Audience person = Audience.person(command.userId());
    return switch (command) {
      case RoomEntity.Kick kick ->
          new Outcome(
              List.of(
                  new RoomLogic.Effect(
                      person,
                      ServerFrame.Error.moderation(
                          ErrorCode.KICKED,
                          "A moderator removed you from this room.",
                          null,
                          now,
                          null,
                          nonEmpty(kick.reason())),
                      CloseCode.KICKED)),
              RoomEntity.Moderated.done(null));
      case RoomEntity.Ban ban -> {
        Restriction stored = restrictionOf(ban, now);
        byKind.get(Restriction.Kind.BAN).put(ban.userId(), stored);
        yield new Outcome(
            List.of(
                new RoomLogic.Effect(
                    person,
                    ServerFrame.Error.moderation(
                        ErrorCode.BANNED,
                        ban.until() == null
                            ? "A moderator banned you from this room."
                            : "A moderator banned you from this room until "
                                + Instant.ofEpochMilli(ban.until())
                                + ".",
                        null,
                        now,
                        ban.until(),
                        nonEmpty(ban.reason())),
                    CloseCode.BANNED)),
            RoomEntity.Moderated.done(stored));
      }
      case RoomEntity.Mute mute -> {
        Restriction stored = restrictionOf(mute, now);
        byKind.get(Restriction.Kind.MUTE).put(mute.userId(), stored);
        yield new Outcome(
            List.of(
                new RoomLogic.Effect(
                    person, new ServerFrame.Muted(mute.until(), nonEmpty(mute.reason())))),
            RoomEntity.Moderated.done(stored));
      }
      case RoomEntity.Lift lift -> {
        byKind.get(lift.kind()).remove(lift.userId());
        yield new Outcome(
            lift.kind() == Restriction.Kind.MUTE
                ? List.of(new RoomLogic.Effect(person, new ServerFrame.Muted(null, null)))
                : List.of(),
            RoomEntity.Moderated.done(null));
      }
    };
  }

  /** A socket that joins while banned (the ban landed after its upgrade) is closed at once. */
  List<RoomLogic.Effect> turnAway(Occupant joiner, long now) {
    return inForce(Restriction.Kind.BAN, joiner.user().id(), now)
        .map(
            ban ->
                List.of(
                    new RoomLogic.Effect(
                        Audience.only(joiner.socketId()),
                        ServerFrame.Error.moderation(
                            ErrorCode.BANNED,
                            "You are banned from this room.",
                            null,
                            now,
                            ban.until(),
                            nonEmpty(ban.reason())),
                        CloseCode.BANNED)))
        .orElse(List.of());
  }

  private static Restriction restrictionOf(RoomEntity.Ban ban, long now) {
    return new Restriction(
        Restriction.Kind.BAN, ban.userId(), ban.until(), ban.reason(), ban.by().id(), now);
  }

  private static Restriction restrictionOf(RoomEntity.Mute mute, long now) {
    return new Restriction(
        Restriction.Kind.MUTE, mute.userId(), mute.until(), mute.reason(), mute.by().id(), now);
  }

  private static Action actionOf(RoomEntity.Moderate command) {
    return switch (command) {
      case RoomEntity.Kick kick -> Action.KICK;
      case RoomEntity.Ban ban -> Action.BAN;
      case RoomEntity.Mute mute -> Action.MUTE;
      case RoomEntity.Lift lift -> Action.LIFT;
    };
  }

  private static String nonEmpty(String reason) {
    return reason == null || reason.isEmpty() ? null : reason;
  }

  static String textOf(ErrorCode code) {
    return switch (code) {
      case NOT_A_MEMBER -> "This room is for its members.";
      case NOT_CLAIMED -> "Nobody owns this room; only an operator admin moderates it.";
      default -> "Your role in this room does not allow that.";
    };
  }
}
