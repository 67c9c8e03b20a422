package dev.dormouse.room;

import dev.dormouse.access.AuditAction;
import dev.dormouse.access.Restriction;
import dev.dormouse.access.Role;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.store.MessageStore;
import dev.dormouse.store.Redemption;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * How a room takes a {@link RoomEntity.Redeem}: the room is the single writer of its members, so
 * redeems of one room are judged and stored one at a time, in its order, and the store counts the
 * use in the same transaction that adds the member.
 */
final class InviteRedemption {

  private InviteRedemption() {}

  /**
   * The answer given without storing anything, or empty when the redeem is to be stored. Someone
   * who is a member already (or more, or granted a role by their token) is answered with the room
   * and takes no use.
   */
  static Optional<RoomEntity.Configured> judge(
      RoomEntity.Redeem redeem, RoomRules rules, RoomId room, long now) {
    if (!rules.settings().claimed()) {
      return Optional.of(invalid());
    }
    // An invite is no way around a ban, even for someone who is a member still.
    if (rules.moderation().inForce(Restriction.Kind.BAN, redeem.user().id(), now).isPresent()) {
      return Optional.of(
          RoomEntity.Configured.refused(ErrorCode.BANNED, "You are banned from this room."));
    }
    Role role = redeem.grants().withStored(room.value(), rules.role(redeem.user().id()));
    if (role.atLeast(Role.MEMBER)) {
      return Optional.of(RoomEntity.Configured.done(rules.settings(), role));
    }
    return Optional.empty();
  }

  static CompletionStage<Redemption> store(
      RoomEntity.Redeem redeem, MessageStore store, RoomId room, long now) {
    return store
        .invites()
        .redeem(
            room,
            redeem.code(),
            redeem.user().id(),
            redeem.user().name(),
            now,
            RoomAudit.ofInvite(redeem.user(), AuditAction.INVITE_REDEEMED, redeem.code(), now));
  }

  /** The stored redeem, applied to the room's own copy of its members. */
  static RoomEntity.Configured applied(
      RoomEntity.Redeem redeem, Redemption outcome, RoomRules rules, RoomId room) {
    return switch (outcome) {
      case REDEEMED -> {
        rules.roleSet(redeem.user().id(), Role.MEMBER, redeem.user().name());
        yield RoomEntity.Configured.done(
            rules.settings(), redeem.grants().withStored(room.value(), Role.MEMBER));
      }
      case INVALID -> invalid();
      case EXPIRED ->
          RoomEntity.Configured.refused(
              ErrorCode.INVITE_EXPIRED,
              "This invite has expired or is used up; ask for a new one.");
    };
  }

  private static RoomEntity.Configured invalid() {
    return RoomEntity.Configured.refused(ErrorCode.INVITE_INVALID, "There is no such invite.");
  }
}
