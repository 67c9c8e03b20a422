package dev.dormouse.room;

import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.ServerFrame;
import dev.dormouse.store.AppendOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * What a room does, as pure functions: a state and an event in, the next state and the frames to
 * send out. {@link RoomEntity} only sequences events, talks to storage and carries out effects.
 */
public final class RoomLogic {

  private RoomLogic() {}

  /** A frame to send, and to whom. */
  public record Effect(Audience audience, ServerFrame frame) {}

  public record Decision(RoomState state, List<Effect> effects) {}

  /**
   * The joiner always learns who is here; the others only when the list changed: a new person
   * arrived, or someone present came back under a new name. Another tab alone changes nothing.
   */
  public static Decision join(RoomState state, Occupant joiner) {
    RoomState next = state.with(joiner);
    ServerFrame presence = new ServerFrame.Presence(next.online());
    List<Effect> effects = new ArrayList<>(2);
    effects.add(new Effect(Audience.only(joiner.socketId()), presence));
    if (!next.online().equals(state.online())) {
      effects.add(new Effect(Audience.everyoneBut(joiner.socketId()), presence));
    }
    return new Decision(next, effects);
  }

  public static Decision leave(RoomState state, String socketId) {
    if (!state.occupants().containsKey(socketId)) {
      return new Decision(state, List.of());
    }
    RoomState next = state.without(socketId);
    if (next.online().equals(state.online())) {
      return new Decision(next, List.of());
    }
    return new Decision(
        next, List.of(new Effect(Audience.everyone(), new ServerFrame.Presence(next.online()))));
  }

  public static Decision typing(RoomState state, Occupant typist) {
    return new Decision(
        state,
        List.of(
            new Effect(
                Audience.everyoneBut(typist.socketId()), new ServerFrame.Typing(typist.user()))));
  }

  /**
   * A batch is durably stored: each new message goes to everyone and its sender gets the ack; a
   * duplicate is only acked again, with its original seq.
   */
  public static Decision stored(
      RoomState state, List<RoomEntity.Post> posts, List<AppendOutcome> outcomes) {
    List<Effect> effects = new ArrayList<>(posts.size() * 2);
    long seq = state.seq();
    for (int i = 0; i < posts.size(); i++) {
      RoomEntity.Post post = posts.get(i);
      AppendOutcome outcome = outcomes.get(i);
      if (outcome instanceof AppendOutcome.Stored stored) {
        effects.add(new Effect(Audience.everyone(), ServerFrame.Message.of(stored.message())));
        seq = stored.seq();
      }
      if (post.clientId() != null) {
        effects.add(
            new Effect(
                Audience.only(post.author().socketId()),
                new ServerFrame.Ack(post.clientId(), outcome.seq())));
      }
    }
    return new Decision(state.withSeq(seq), effects);
  }

  /** Nothing of the batch is known to be stored: every sender hears so and may retry. */
  public static List<Effect> notStored(List<RoomEntity.Post> posts) {
    return posts.stream()
        .map(
            post ->
                new Effect(
                    Audience.only(post.author().socketId()),
                    new ServerFrame.Error(
                        ErrorCode.UNAVAILABLE,
                        "The message was not stored; send it again.",
                        post.clientId())))
        .toList();
  }
}
