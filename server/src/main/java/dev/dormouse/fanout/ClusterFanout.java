package dev.dormouse.fanout;

import dev.dormouse.room.Audience;
import dev.dormouse.room.Occupant;
import dev.dormouse.room.RoomFanout;
import dev.dormouse.room.RoomId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * A room's way to its sockets on every node: this node's sockets directly, each other node's
 * through one message to its {@link NodeFanout}. On a single node there are no others, and this is
 * a direct call into the local registry.
 */
public final class ClusterFanout implements RoomFanout {

  private static final Duration OCCUPANTS_TIMEOUT = Duration.ofSeconds(3);

  private final SocketRegistry local;
  private final Scheduler scheduler;
  private volatile Set<ActorRef<NodeFanout.Command>> otherNodes = Set.of();
  private volatile Set<ActorRef<NodeFanout.Command>> welcomedBy = Set.of();
  private volatile boolean caughtUp;

  private ClusterFanout(SocketRegistry local, Scheduler scheduler) {
    this.local = local;
    this.scheduler = scheduler;
  }

  /** Starts this node's {@link NodeFanout} and follows the other nodes' through it. */
  public static ClusterFanout start(ActorSystem<?> system, SocketRegistry local) {
    ClusterFanout fanout = new ClusterFanout(local, system.scheduler());
    system.systemActorOf(
        NodeFanout.create(
            local,
            view -> {
              fanout.otherNodes = view.targets();
              fanout.welcomedBy = view.welcomedBy();
            }),
        "node-fanout",
        Props.empty());
    return fanout;
  }

  /**
   * Whether, at least once, this node's fan-out has sent to every node in {@code others} and each
   * of them has confirmed it sends here (see {@link NodeFanout}). Until then a room on either side
   * broadcasts and acks past the other side's sockets. Once true it stays true, so a node that
   * joins later (and registers its fan-out a moment after it is up) does not make this one unready.
   */
  public boolean hasCaughtUp(Set<Address> others) {
    if (!caughtUp) {
      caughtUp =
          addresses(otherNodes).containsAll(others) && addresses(welcomedBy).containsAll(others);
    }
    return caughtUp;
  }

  private static Set<Address> addresses(Set<ActorRef<NodeFanout.Command>> nodes) {
    return nodes.stream().map(node -> node.path().address()).collect(Collectors.toSet());
  }

  @Override
  public void deliver(RoomId room, List<Delivery> batch) {
    local.deliver(room, batch);
    if (otherNodes.isEmpty() || onlyForLocalSockets(batch)) {
      return;
    }
    NodeFanout.Deliver deliver = new NodeFanout.Deliver(room, batch);
    for (ActorRef<NodeFanout.Command> node : otherNodes) {
      node.tell(deliver);
    }
  }

  /** Acks and errors for this node's own sockets need not travel. */
  private boolean onlyForLocalSockets(List<Delivery> batch) {
    for (Delivery delivery : batch) {
      Audience audience = delivery.audience();
      if (audience.kind() != Audience.Kind.ONLY || !local.isHere(audience.socketId())) {
        return false;
      }
    }
    return true;
  }

  /**
   * How many people are connected to each of {@code rooms} (by id), on every node: the directory's
   * online counts. Each node counts its own people, so someone with sockets on two nodes counts
   * twice; a node that does not answer in time counts none.
   */
  public CompletionStage<Map<String, Integer>> peopleIn(Set<String> rooms) {
    List<CompletableFuture<Map<String, Integer>>> answers = new ArrayList<>();
    answers.add(CompletableFuture.completedFuture(local.peopleIn(rooms)));
    for (ActorRef<NodeFanout.Command> node : otherNodes) {
      answers.add(
          AskPattern.<NodeFanout.Command, NodeFanout.PeopleCounts>ask(
                  node,
                  replyTo -> new NodeFanout.CountPeople(rooms, replyTo),
                  OCCUPANTS_TIMEOUT,
                  scheduler)
              .thenApply(NodeFanout.PeopleCounts::counts)
              .exceptionally(timeout -> Map.of())
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              Map<String, Integer> total = new HashMap<>();
              answers.forEach(
                  answer -> answer.join().forEach((r, n) -> total.merge(r, n, Integer::sum)));
              return total;
            });
  }

  /**
   * Everyone in the room across the cluster. A node that does not answer in time is left out: its
   * people reappear in presence when they next join or speak, rather than the room waiting.
   */
  @Override
  public CompletionStage<List<Occupant>> occupants(RoomId room) {
    List<CompletableFuture<List<Occupant>>> answers = new ArrayList<>();
    answers.add(local.occupants(room).toCompletableFuture());
    for (ActorRef<NodeFanout.Command> node : otherNodes) {
      answers.add(
          AskPattern.<NodeFanout.Command, NodeFanout.Occupants>askWithStatus(
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
}
