package dev.dormouse.gateway;

import dev.dormouse.protocol.OutboundFrame;
import dev.dormouse.room.Occupant;
import dev.dormouse.room.RoomFanout;
import dev.dormouse.room.RoomId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * A room's way to its sockets on every node: this node's sockets directly, each other node's
 * through one message to its {@link NodeFanout}. On a single node there are no others, and this is
 * a direct call into the local registry.
 */
final class ClusterFanout implements RoomFanout {

  private static final Duration OCCUPANTS_TIMEOUT = Duration.ofSeconds(3);

  private final SocketRegistry local;
  private final Scheduler scheduler;
  private volatile Set<ActorRef<NodeFanout.Command>> otherNodes = Set.of();

  ClusterFanout(SocketRegistry local, Scheduler scheduler) {
    this.local = local;
    this.scheduler = scheduler;
  }

  void otherNodesAre(Set<ActorRef<NodeFanout.Command>> nodes) {
    this.otherNodes = Set.copyOf(nodes);
  }

  @Override
  public void broadcast(RoomId room, OutboundFrame frame) {
    local.broadcast(room, frame);
    toOtherNodes(
        new NodeFanout.Deliver(room, null, null, frame.seq(), frame.bytes().toArrayUnsafe()));
  }

  @Override
  public void broadcastExcept(RoomId room, String exceptSocketId, OutboundFrame frame) {
    local.broadcastExcept(room, exceptSocketId, frame);
    toOtherNodes(
        new NodeFanout.Deliver(
            room, null, exceptSocketId, frame.seq(), frame.bytes().toArrayUnsafe()));
  }

  @Override
  public void send(RoomId room, String socketId, OutboundFrame frame) {
    if (!local.send(room, socketId, frame)) {
      toOtherNodes(
          new NodeFanout.Deliver(room, socketId, null, frame.seq(), frame.bytes().toArrayUnsafe()));
    }
  }

  /**
   * Everyone in the room across the cluster. A node that does not answer in time is left out: its
   * people reappear in presence when they next join or speak, rather than the room waiting.
   */
  @Override
  public CompletionStage<List<Occupant>> occupants(RoomId room) {
    List<CompletableFuture<List<Occupant>>> answers = new ArrayList<>();
    answers.add(CompletableFuture.completedFuture(local.localOccupants(room)));
    for (ActorRef<NodeFanout.Command> node : otherNodes) {
      answers.add(
          AskPattern.<NodeFanout.Command, NodeFanout.Occupants>ask(
                  node,
                  replyTo -> new NodeFanout.GetOccupants(room, replyTo),
                  OCCUPANTS_TIMEOUT,
                  scheduler)
              .thenApply(NodeFanout.Occupants::occupants)
              .exceptionally(timeout -> List.of())
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
        .thenApply(done -> answers.stream().flatMap(answer -> answer.join().stream()).toList());
  }

  private void toOtherNodes(NodeFanout.Deliver deliver) {
    for (ActorRef<NodeFanout.Command> node : otherNodes) {
      node.tell(deliver);
    }
  }
}
