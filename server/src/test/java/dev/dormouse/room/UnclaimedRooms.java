package dev.dormouse.room;

import dev.dormouse.access.AuditEntry;
import dev.dormouse.access.Member;
import dev.dormouse.access.Restriction;
import dev.dormouse.access.Role;
import dev.dormouse.access.RoomAccess;
import dev.dormouse.access.RoomSettings;
import dev.dormouse.store.AuditPage;
import dev.dormouse.store.ClaimOutcome;
import dev.dormouse.store.ListedRoom;
import dev.dormouse.store.RoomSettingsStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Settings for {@link ScriptedStore}: no room is claimed, and none can be; an operator admin's bans
 * are stored when the test completes them ({@link #restricting}).
 */
final class UnclaimedRooms implements RoomSettingsStore {

  /** Each ban or mute the room asked to store, completed when the test says it is stored. */
  final BlockingQueue<CompletableFuture<Void>> restricting = new LinkedBlockingQueue<>();

  @Override
  public CompletionStage<Optional<RoomSettings>> settings(RoomId room) {
    return CompletableFuture.completedFuture(Optional.empty());
  }

  @Override
  public CompletionStage<RoomAccess> access(RoomId room, String userId) {
    return CompletableFuture.completedFuture(new RoomAccess(RoomSettings.UNCLAIMED, Role.NONE));
  }

  @Override
  public CompletionStage<List<Member>> members(RoomId room) {
    return CompletableFuture.completedFuture(List.of());
  }

  @Override
  public CompletionStage<ClaimOutcome> claim(
      RoomId room, RoomSettings settings, boolean evenWithHistory, AuditEntry audit) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("claim"));
  }

  @Override
  public CompletionStage<Void> updateSettings(
      RoomId room, RoomSettings settings, AuditEntry audit) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("update"));
  }

  @Override
  public CompletionStage<Void> setRole(
      RoomId room, String userId, Role role, String name, AuditEntry audit) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("set role"));
  }

  @Override
  public CompletionStage<Void> rememberName(RoomId room, String userId, String name) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<List<ListedRoom>> directory(
      String query, ListedRoom.Position after, int limit) {
    return CompletableFuture.completedFuture(List.of());
  }

  @Override
  public CompletionStage<Void> recordAudit(RoomId room, AuditEntry entry) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("audit"));
  }

  @Override
  public CompletionStage<AuditPage> auditLog(RoomId room, String before, int limit) {
    return CompletableFuture.completedFuture(new AuditPage(List.of(), false));
  }

  @Override
  public CompletionStage<List<Restriction>> restrictions(RoomId room) {
    return CompletableFuture.completedFuture(List.of());
  }

  @Override
  public CompletionStage<Void> restrict(RoomId room, Restriction restriction, AuditEntry audit) {
    CompletableFuture<Void> stored = new CompletableFuture<>();
    restricting.add(stored);
    return stored;
  }

  @Override
  public CompletionStage<Boolean> lift(
      RoomId room, Restriction.Kind kind, String userId, AuditEntry audit) {
    return CompletableFuture.completedFuture(true);
  }
}
