package dev.dormouse.fanout;

import dev.dormouse.protocol.WireSerializable;
import dev.dormouse.room.Occupant;
import dev.dormouse.room.RoomFanout;
import dev.dormouse.room.RoomId;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.pattern.StatusReply;

/**
 * This node's sockets as other nodes see them. A room running on another node sends one {@link
 * Deliver} here per batch, never one per socket, and this actor hands it to the local sockets. Each
 * node registers its own with the receptionist and follows the others' through it.
 *
 * <p>Remoting delivers at most once: a batch can be lost when a node dies or a connection between
 * nodes is re-established. Sockets notice the missing seqs and fetch them from storage.
 */
final class NodeFanout {

  static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "dormouse-node-fanout");

  sealed interface Command extends WireSerializable {}

  record Deliver(RoomId room, List<RoomFanout.Delivery> batch) implements Command {}

  record GetOccupants(RoomId room, ActorRef<StatusReply<Occupants>> replyTo) implements Command {}

  record Occupants(List<Occupant> occupants) implements WireSerializable {}

  private record NodesChanged(Set<ActorRef<Command>> nodes) implements Command {}

  private NodeFanout() {}

  static Behavior<Command> create(
      SocketRegistry local, Consumer<Set<ActorRef<Command>>> onNodesChanged) {
    return Behaviors.setup(
        context -> {
          context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
          ActorRef<Receptionist.Listing> listings =
              context.messageAdapter(
                  Receptionist.Listing.class,
                  listing -> new NodesChanged(listing.getServiceInstances(KEY)));
          context.getSystem().receptionist().tell(Receptionist.subscribe(KEY, listings));
          return Behaviors.receive(Command.class)
              .onMessage(
                  Deliver.class,
                  deliver -> {
                    local.deliver(deliver.room(), deliver.batch());
                    return Behaviors.same();
                  })
              .onMessage(
                  GetOccupants.class,
                  get -> {
                    local
                        .occupants(get.room())
                        .whenComplete(
                            (occupants, failure) ->
                                get.replyTo()
                                    .tell(
                                        failure == null
                                            ? StatusReply.success(new Occupants(occupants))
                                            : StatusReply.error(failure)));
                    return Behaviors.same();
                  })
              .onMessage(
                  NodesChanged.class,
                  changed -> {
                    onNodesChanged.accept(
                        changed.nodes().stream()
                            .filter(node -> !node.equals(context.getSelf()))
                            .collect(Collectors.toSet()));
                    return Behaviors.same();
                  })
              .build();
        });
  }
}
