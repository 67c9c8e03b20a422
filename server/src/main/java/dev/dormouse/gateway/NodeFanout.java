package dev.dormouse.gateway;

import dev.dormouse.protocol.OutboundFrame;
import dev.dormouse.protocol.WireSerializable;
import dev.dormouse.room.Occupant;
import dev.dormouse.room.RoomId;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.util.ByteString;

/**
 * This node's gateway as other nodes see it. A room running on another node sends one {@link
 * Deliver} here per frame, never one per socket, and this actor hands it to the local sockets. Each
 * node registers its own with the receptionist and follows the others' through it.
 */
final class NodeFanout {

  static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "dormouse-node-fanout");

  sealed interface Command extends WireSerializable {}

  /**
   * A frame for the sockets of {@code room} on this node: all of them, all but {@code
   * exceptSocketId}, or only {@code onlySocketId}.
   */
  record Deliver(RoomId room, String onlySocketId, String exceptSocketId, long seq, byte[] bytes)
      implements Command {}

  record GetOccupants(RoomId room, ActorRef<Occupants> replyTo) implements Command {}

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
              .onMessage(Deliver.class, deliver -> onDeliver(local, deliver))
              .onMessage(
                  GetOccupants.class,
                  get -> {
                    get.replyTo().tell(new Occupants(local.localOccupants(get.room())));
                    return Behaviors.same();
                  })
              .onMessage(
                  NodesChanged.class,
                  changed -> {
                    onNodesChanged.accept(
                        changed.nodes().stream()
                            .filter(node -> !node.equals(context.getSelf()))
                            .collect(java.util.stream.Collectors.toSet()));
                    return Behaviors.same();
                  })
              .build();
        });
  }

  private static Behavior<Command> onDeliver(SocketRegistry local, Deliver deliver) {
    OutboundFrame frame =
        new OutboundFrame(deliver.seq(), ByteString.fromArrayUnsafe(deliver.bytes()));
    if (deliver.onlySocketId() != null) {
      local.send(deliver.room(), deliver.onlySocketId(), frame);
    } else if (deliver.exceptSocketId() != null) {
      local.broadcastExcept(deliver.room(), deliver.exceptSocketId(), frame);
    } else {
      local.broadcast(deliver.room(), frame);
    }
    return Behaviors.same();
  }
}
