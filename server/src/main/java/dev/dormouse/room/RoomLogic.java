package dev.dormouse.room;

import dev.dormouse.protocol.CloseCode;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.ServerFrame;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.store.AppendOutcome;
import dev.dormouse.store.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What a room does, as pure functions: a state and an event in, the next state and the frames to
 * send out. {@link RoomEntity} only sequences events, talks to storage and carries out effects.
 */
public final class RoomLogic {

  private RoomLogic() {}

  /**
   * A frame to send, and to whom; {@code closeAfter}, when not null, closes each socket that
   * receives it with that code once it is written.
   */
  public record Effect(Audience audience, ServerFrame frame, CloseCode closeAfter) {
    public Effect(Audience audience, ServerFrame frame) {
      this(audience, frame, null);
    }
  }

  /** The state after the event (changed in place) and the frames it sends. */
  public record Decision(RoomState state, List<Effect> effects) {}

  /**
   * The joiner hears who is here: the list, or only the count in a room above {@code listLimit}.
   * Everyone else hears of the arrival in the next {@link #presenceChanges}, coalesced with every
   * other arrival and departure of that interval, so a burst of joins costs one frame each, not one
   * per pair.
   */
  public static Decision join(RoomState state, Occupant joiner, int listLimit) {
    state.add(joiner);
    state.readMarkers().joined(joiner, state.seq());
    ServerFrame.Presence snapshot;
    if (state.count() <= listLimit) {
      snapshot = ServerFrame.Presence.snapshot(state.online());
      state.shownTo(joiner.user());
    } else {
      snapshot = ServerFrame.Presence.countOnly(state.count());
    }
    return new Decision(state, List.of(new Effect(Audience.only(joiner.socketId()), snapshot)));
  }

  public static Decision leave(RoomState state, String socketId) {
    state.remove(socketId);
    return new Decision(state, List.of());
  }

  /**
   * Who came, went or was renamed since the last announcement, as one delta to everyone; nothing
   * when the room looks as it did (someone who came and went within one interval is never
   * announced). Above {@code listLimit} only a changed count is sent.
   */
  public static Decision presenceChanges(RoomState state, int listLimit) {
    List<UserRef> joined = state.joinedSinceAnnounced();
    List<String> left = state.leftSinceAnnounced();
    int before = state.announcedCount();
    state.markAnnounced();
    if (joined.isEmpty() && left.isEmpty()) {
      return new Decision(state, List.of());
    }
    ServerFrame.Presence frame;
    if (state.count() <= listLimit) {
      frame = ServerFrame.Presence.delta(joined, left, state.count());
    } else if (state.count() != before) {
      frame = ServerFrame.Presence.countOnly(state.count());
    } else {
      return new Decision(state, List.of());
    }
    return new Decision(state, List.of(new Effect(Audience.everyone(), frame)));
  }

  public static Decision typing(RoomState state, Occupant typist) {
    return new Decision(
        state,
        List.of(
            new Effect(
                Audience.everyoneBut(typist.socketId()), new ServerFrame.Typing(typist.user()))));
  }

  /**
   * A read frame: the reader's marker moves to {@code seq}, clamped to the room's seq, unless that
   * is not forward. Returns the marker when it moved, for {@link #markerMoved} once its unread
   * count is known.
   */
  public static OptionalLong read(RoomState state, Occupant reader, long seq) {
    long clamped = Math.min(seq, state.seq());
    return state.readMarkers().advance(reader, clamped)
        ? OptionalLong.of(clamped)
        : OptionalLong.empty();
  }

  /** Every socket of the person, on every node, hears where their marker is and what is left. */
  public static List<Effect> markerMoved(String userId, long lastRead, long unread) {
    return List.of(new Effect(Audience.person(userId), new ServerFrame.Read(lastRead, unread)));
  }

  /**
   * A batch is durably stored: each new entry goes to everyone (a message as a {@code message}, a
   * change as its own frame) and its writer gets the ack; a duplicate, or a reaction that changed
   * nothing, is only acked, with the seq the store gave; a refused write is answered with its error
   * and its clientId, at {@code now}.
   */
  public static Decision stored(
      RoomState state,
      List<? extends RoomEntity.Write> writes,
      List<AppendOutcome> outcomes,
      long now) {
    List<Effect> effects = new ArrayList<>(writes.size() * 2);
    long seq = state.seq();
    for (int i = 0; i < writes.size(); i++) {
      RoomEntity.Write write = writes.get(i);
      AppendOutcome outcome = outcomes.get(i);
      Audience writer = Audience.only(write.author().socketId());
      switch (outcome) {
        case AppendOutcome.Stored stored -> {
          effects.add(new Effect(Audience.everyone(), ServerFrame.Message.of(stored.message())));
          state.remember(stored.message());
          seq = stored.seq();
        }
        case AppendOutcome.Changed changed -> {
          effects.add(new Effect(Audience.everyone(), frameOf(changed.change())));
          state.apply(changed.change());
          seq = changed.seq();
        }
        case AppendOutcome.Refused refused -> {
          effects.add(
              new Effect(
                  writer,
                  new ServerFrame.Error(refused.code(), refused.message(), write.clientId(), now)));
          continue;
        }
        case AppendOutcome.Duplicate duplicate -> {}
        case AppendOutcome.Unchanged unchanged -> {}
      }
      if (write.clientId() != null) {
        effects.add(new Effect(writer, new ServerFrame.Ack(write.clientId(), outcome.seq())));
      }
    }
    state.setSeq(seq);
    return new Decision(state, effects);
  }

  /** The frame a change is broadcast as, live or when a socket that missed it catches up. */
  public static ServerFrame frameOf(Change change) {
    return switch (change.kind()) {
      case EDIT ->
          new ServerFrame.Edited(change.seq(), change.targetId(), change.text(), change.at());
      case DELETE ->
          new ServerFrame.Deleted(
              change.seq(),
              change.targetId(),
              change.at(),
              change.moderated() ? Boolean.TRUE : null,
              change.reason());
      case REACT, UNREACT ->
          new ServerFrame.Reaction(
              change.seq(),
              change.targetId(),
              change.emoji(),
              change.user(),
              change.kind() == Change.Kind.REACT,
              change.count());
    };
  }

  /** The room is storing as fast as its budget allows: the sender may send again later. */
  public static List<Effect> roomBusy(RoomEntity.Write post, long now) {
    return List.of(
        new Effect(
            Audience.only(post.author().socketId()),
            new ServerFrame.Error(
                ErrorCode.RATE_LIMITED, "This room is busy; slow down.", post.clientId(), now)));
  }

  /** Nothing of the batch is known to be stored: every sender hears so and may retry. */
  public static List<Effect> notStored(List<? extends RoomEntity.Write> posts, long now) {
    return posts.stream()
        .map(
            post ->
                new Effect(
                    Audience.only(post.author().socketId()),
                    new ServerFrame.Error(
                        ErrorCode.UNAVAILABLE,
                        "It was not stored; send it again.",
                        post.clientId(),
                        now)))
        .toList();
  }
}
