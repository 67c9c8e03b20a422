package dev.dormouse.room;

import dev.dormouse.access.Action;
import dev.dormouse.access.Grants;
import dev.dormouse.access.Member;
import dev.dormouse.access.Permissions;
import dev.dormouse.access.Role;
import dev.dormouse.access.RoomSettings;
import dev.dormouse.access.Verdict;
import dev.dormouse.access.Visibility;
import dev.dormouse.protocol.CloseCode;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.ServerFrame;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.store.LastPost;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an awake room knows of its own settings and members, and when each person may post again
 * under slow mode. The room is the only writer of its settings and members, so this copy is never
 * stale while the room runs; it is loaded from the store when the room wakes.
 *
 * <p>Its bans and mutes are {@link Moderation}'s, which it asks before it takes a write.
 *
 * <p>The slow mode's clock is kept here while the room runs; a room that wakes with slow mode on
 * sets it again from each person's newest stored message ({@link #slowModeRestored}), so sleeping
 * never shortens a wait.
 */
public final class RoomRules {

  /** Above this many people on the slow mode's clock, those whose wait is over are forgotten. */
  private static final int SLOW_MODE_PRUNE_ABOVE = 1024;

  /** A person's last accepted message: when they may post again, and its clientId. */
  private record SlowModeWait(long until, String clientId) {}

  private final String room;
  private RoomSettings settings;
  private final Map<String, Role> members = new HashMap<>();

  /** The name each member was last seen under, as the store has it. */
  private final Map<String, String> names = new HashMap<>();

  private final Map<String, SlowModeWait> lastPosts = new HashMap<>();
  private final Moderation moderation;

  RoomRules(
      RoomId room, Optional<RoomSettings> settings, List<Member> members, Moderation moderation) {
    this.room = room.value();
    this.settings = settings.orElse(RoomSettings.UNCLAIMED);
    for (Member member : members) {
      this.members.put(member.userId(), member.role());
      if (member.name() != null) {
        names.put(member.userId(), member.name());
      }
    }
    this.moderation = moderation;
  }

  RoomRules(RoomId room, Optional<RoomSettings> settings, List<Member> members) {
    this(room, settings, members, new Moderation(List.of()));
  }

  /** The slow mode's clock as the store's newest messages of each person leave it. */
  void slowModeRestored(List<LastPost> posts) {
    long wait = settings.slowModeSeconds() * 1000L;
    for (LastPost post : posts) {
      lastPosts.put(post.userId(), new SlowModeWait(post.at() + wait, post.clientId()));
    }
  }

  String roomId() {
    return room;
  }

  Moderation moderation() {
    return moderation;
  }

  /** The role of the socket's person, with what its credentials grant in the room. */
  Role roleOf(Occupant occupant) {
    return occupant.grants().withStored(room, role(occupant.user().id()));
  }

  /**
   * The authors whose messages a person with {@code role} (and {@code admin}) may not delete: the
   * owner, and moderators unless they are the owner or an admin.
   */
  Set<String> shieldedFrom(Role role, boolean admin) {
    Set<String> shielded = new HashSet<>();
    members.forEach(
        (userId, memberRole) -> {
          if (!Permissions.decide(role, admin, settings, Action.DELETE_ANY, memberRole).allowed()) {
            shielded.add(userId);
          }
        });
    return shielded;
  }

  /**
   * What the room's sockets hear once a change of its settings or members is stored: everyone the
   * new settings ({@code room}); everyone, whose role changed to what ({@code member}); the person
   * whose role changed, on each socket, their role now ({@code role}); and every socket whose
   * person may no longer join (a member taken out of a private room, or everyone without a role
   * when the room turns private) {@code not_a_member}, after which it closes.
   */
  List<RoomLogic.Effect> afterChange(
      RoomEntity.Configure change, Iterable<Occupant> occupants, long now) {
    List<RoomLogic.Effect> effects = new ArrayList<>();
    if (change instanceof RoomEntity.ChangeSettings) {
      effects.add(
          new RoomLogic.Effect(
              Audience.everyone(),
              new ServerFrame.RoomChanged(
                  settings.title(),
                  settings.topic(),
                  settings.visibility().wire(),
                  settings.postPolicy().wire(),
                  settings.slowModeSeconds())));
    }
    String changedMember =
        switch (change) {
          case RoomEntity.SetRole set -> set.userId();
          case RoomEntity.Redeem redeem -> redeem.user().id();
          default -> null;
        };
    if (changedMember != null) {
      effects.add(
          new RoomLogic.Effect(
              Audience.everyone(),
              new ServerFrame.MemberChanged(changedMember, role(changedMember).wire())));
    }
    for (Occupant occupant : occupants) {
      Role role = roleOf(occupant);
      if (settings.visibility() == Visibility.PRIVATE
          && Permissions.decide(role, occupant.grants().admin(), settings, Action.JOIN)
              instanceof Verdict.Refused) {
        effects.add(
            new RoomLogic.Effect(
                Audience.only(occupant.socketId()),
                new ServerFrame.Error(
                    ErrorCode.NOT_A_MEMBER, "This room is for its members.", null, now),
                CloseCode.NOT_A_MEMBER));
      } else if (change instanceof RoomEntity.SetRole set
          && set.userId().equals(occupant.user().id())) {
        effects.add(
            new RoomLogic.Effect(
                Audience.only(occupant.socketId()), new ServerFrame.RoleChanged(role.wire())));
      }
    }
    return effects;
  }

  public RoomSettings settings() {
    return settings;
  }

  public Role role(String userId) {
    return members.getOrDefault(userId, Role.NONE);
  }

  void claimed(RoomSettings settings) {
    this.settings = settings;
    members.put(settings.owner(), Role.OWNER);
  }

  void changed(RoomSettings settings) {
    this.settings = settings;
  }

  /** {@code name}: the name they were stored under, or null when it stays as it was. */
  void roleSet(String userId, Role role, String name) {
    if (role == Role.NONE) {
      members.remove(userId);
      names.remove(userId);
    } else {
      members.put(userId, role);
      if (name != null) {
        names.put(userId, name);
      }
    }
  }

  /**
   * Whether {@code user} is a member seen under a name the store does not have for them; from now
   * on it is taken as stored. A join costs a write only when a member's name changed.
   */
  boolean nameIsNew(UserRef user) {
    if (role(user.id()) == Role.NONE || user.name().equals(names.get(user.id()))) {
      return false;
    }
    names.put(user.id(), user.name());
    return true;
  }

  /**
   * The error that refuses {@code write} at {@code now}, or empty when the room takes it: the
   * membership of a private room, the post policy of an announcement room, then slow mode. A
   * message the room takes starts the person's slow mode wait; a resend of that same message (its
   * clientId) is let through, so the store acks it as the duplicate it is.
   */
  Optional<ServerFrame.Error> refusal(RoomEntity.Write write, long now) {
    String userId = write.author().user().id();
    Grants grants = write.author().grants();
    Role role = grants.withStored(room, role(userId));
    boolean admin = grants.admin();
    Action action =
        switch (write) {
          case RoomEntity.Post post -> Action.POST;
          case RoomEntity.Edit edit -> Action.EDIT_OWN;
          case RoomEntity.Delete delete -> Action.DELETE_OWN;
          case RoomEntity.React react -> Action.REACT;
          case RoomEntity.RemoveMessage remove -> Action.DELETE_ANY;
        };
    if (Permissions.decide(role, admin, settings, action) instanceof Verdict.Refused refused) {
      return Optional.of(
          new ServerFrame.Error(refused.code(), textOf(refused.code()), write.clientId(), now));
    }
    Optional<ServerFrame.Error> muted = moderation.mutedRefusal(write, now);
    if (muted.isPresent()) {
      return muted;
    }
    if (!(write instanceof RoomEntity.Post)
        || !Permissions.slowModeApplies(role, admin, settings)) {
      return Optional.empty();
    }
    SlowModeWait last = lastPosts.get(userId);
    boolean resend =
        write.clientId() != null && write.clientId().equals(last == null ? null : last.clientId());
    if (last != null && now < last.until() && !resend) {
      return Optional.of(
          new ServerFrame.Error(
              ErrorCode.SLOW_MODE,
              "Slow mode: you may post again at " + Instant.ofEpochMilli(last.until()) + ".",
              write.clientId(),
              now,
              last.until()));
    }
    if (last == null || now >= last.until()) {
      if (lastPosts.size() >= SLOW_MODE_PRUNE_ABOVE) {
        lastPosts.values().removeIf(p -> now >= p.until());
      }
      lastPosts.put(
          userId, new SlowModeWait(now + settings.slowModeSeconds() * 1000L, write.clientId()));
    }
    return Optional.empty();
  }

  private static String textOf(ErrorCode code) {
    return switch (code) {
      case NOT_A_MEMBER -> "This room is for its members.";
      case READ_ONLY -> "Only moderators post in this room.";
      default -> "You may not do that here.";
    };
  }
}
