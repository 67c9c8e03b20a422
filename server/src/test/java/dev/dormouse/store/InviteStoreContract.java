package dev.dormouse.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.access.AuditAction;
import dev.dormouse.access.AuditEntry;
import dev.dormouse.access.Member;
import dev.dormouse.access.PostPolicy;
import dev.dormouse.access.Role;
import dev.dormouse.access.RoomSettings;
import dev.dormouse.access.Visibility;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.room.RoomId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link InviteStore} must do; one subclass per database runs it. */
abstract class InviteStoreContract {

  private MessageStore store;
  private InviteStore invites;
  private RoomId room;

  protected abstract MessageStore open();

  @BeforeEach
  void openStore() {
    store = open();
    invites = store.invites();
    room = new RoomId("r-" + UUID.randomUUID().toString().substring(0, 8));
    join(
        store
            .rooms()
            .claim(
                room,
                new RoomSettings("u_own", "T", "", Visibility.PRIVATE, PostPolicy.EVERYONE, 0, 1L),
                false,
                audit()));
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /** An entry for the audit log; what it says does not matter here. */
  private static AuditEntry audit() {
    return new AuditEntry(
        UUID.randomUUID().toString().substring(0, 16),
        1L,
        new UserRef("u_own", "Owner"),
        AuditAction.ROOM_CHANGED,
        null,
        null,
        Map.of());
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  private Invite invite(String code, long createdAt, long expiresAt, Integer maxUses) {
    return new Invite(code, room, "u_own", createdAt, expiresAt, maxUses, 0, null);
  }

  private static String code() {
    return UUID.randomUUID().toString();
  }

  @Test
  void an_invite_is_stored_found_by_its_code_and_listed_newest_first_while_it_lives() {
    Invite old = invite(code(), 1_000L, 50_000L, null);
    Invite fresh = invite(code(), 2_000L, 60_000L, 3);
    Invite expired = invite(code(), 3_000L, 10_000L, null);
    join(invites.create(old, audit()));
    join(invites.create(fresh, audit()));
    join(invites.create(expired, audit()));
    assertThat(join(invites.find(fresh.code()))).contains(fresh);
    assertThat(join(invites.find("nothing-" + code()))).isEmpty();
    assertThat(join(invites.list(room, 20_000L))).containsExactly(fresh, old);
  }

  @Test
  void a_revoked_invite_is_not_listed_and_makes_nobody_a_member() {
    Invite invite = invite(code(), 1_000L, 50_000L, null);
    join(invites.create(invite, audit()));
    assertThat(join(invites.revoke(room, invite.code(), 2_000L, audit()))).isTrue();
    assertThat(join(invites.revoke(room, invite.code(), 2_500L, audit()))).isFalse();
    assertThat(
            join(invites.revoke(new RoomId(room.value() + "-b"), invite.code(), 2_500L, audit())))
        .isFalse();
    assertThat(join(invites.list(room, 3_000L))).isEmpty();
    assertThat(join(invites.find(invite.code())).orElseThrow().revokedAt()).isEqualTo(2_000L);
    assertThat(join(invites.redeem(room, invite.code(), "u_bo", "Bo", 3_000L, audit())))
        .isEqualTo(Redemption.INVALID);
    assertThat(join(store.rooms().access(room, "u_bo")).role()).isEqualTo(Role.NONE);
  }

  @Test
  void a_redeem_makes_a_member_under_their_name_and_counts_one_use() {
    Invite invite = invite(code(), 1_000L, 50_000L, 2);
    join(invites.create(invite, audit()));
    assertThat(join(invites.redeem(room, invite.code(), "u_bo", "Bo", 2_000L, audit())))
        .isEqualTo(Redemption.REDEEMED);
    assertThat(join(store.rooms().members(room))).contains(new Member("u_bo", "Bo", Role.MEMBER));
    assertThat(join(invites.find(invite.code())).orElseThrow().uses()).isEqualTo(1);
  }

  @Test
  void the_last_use_goes_to_one_redeem_only_and_then_the_invite_is_spent() {
    Invite invite = invite(code(), 1_000L, 50_000L, 1);
    join(invites.create(invite, audit()));
    CompletableFuture<Redemption> first =
        invites.redeem(room, invite.code(), "u_bo", "Bo", 2_000L, audit()).toCompletableFuture();
    CompletableFuture<Redemption> second =
        invites.redeem(room, invite.code(), "u_cy", "Cy", 2_000L, audit()).toCompletableFuture();
    assertThat(List.of(first.join(), second.join()))
        .containsExactlyInAnyOrder(Redemption.REDEEMED, Redemption.EXPIRED);
    Invite spent = join(invites.find(invite.code())).orElseThrow();
    assertThat(spent.uses()).isEqualTo(1);
    assertThat(spent.spentAt(2_000L)).isTrue();
  }

  @Test
  void an_expired_invite_is_refused_as_expired_and_one_of_another_room_as_invalid() {
    Invite invite = invite(code(), 1_000L, 5_000L, null);
    join(invites.create(invite, audit()));
    assertThat(join(invites.redeem(room, invite.code(), "u_bo", "Bo", 5_000L, audit())))
        .isEqualTo(Redemption.EXPIRED);
    assertThat(
            join(
                invites.redeem(
                    new RoomId(room.value() + "-b"), invite.code(), "u_bo", "Bo", 2_000L, audit())))
        .isEqualTo(Redemption.INVALID);
    assertThat(join(store.rooms().access(room, "u_bo")).role()).isEqualTo(Role.NONE);
  }

  @Test
  void a_redeem_by_a_moderator_keeps_their_role() {
    join(store.rooms().setRole(room, "u_mod", Role.MODERATOR, null, audit()));
    Invite invite = invite(code(), 1_000L, 50_000L, null);
    join(invites.create(invite, audit()));
    join(invites.redeem(room, invite.code(), "u_mod", "Mo", 2_000L, audit()));
    assertThat(join(store.rooms().access(room, "u_mod")).role()).isEqualTo(Role.MODERATOR);
  }
}
