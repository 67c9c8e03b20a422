package dev.dormouse.fanout;

import dev.dormouse.protocol.WireSerializable;
import dev.dormouse.room.Occupant;
import dev.dormouse.room.RoomFanout;
import dev.dormouse.room.RoomId;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.pattern.StatusReply;

/**
 * This node's sockets as other nodes see them. A room running on another node sends one {@link
 * Deliver} here per batch, never one per socket, and this actor hands it to the local sockets. Each
 * node registers its own with the receptionist and follows the others' through it.
 *
 * <p>The receptionist's listing is gossiped, so it reaches a node that has just joined, and reaches
 * the others about that node, a second or more after the node is up. Until then rooms on either
 * side broadcast and ack past the other side's sockets. So every node also greets each fan-out it
 * lists with a {@link Hello}, which adds it to that node's targets at once, and keeps greeting
 * until it is {@link Welcome}d; a node is caught up (and may report ready) once it lists every
 * other up node and each of them has welcomed it.
 *
 * <p>Remoting delivers at most once: a batch can be lost when a node dies or a connection between
 * nodes is re-established. Sockets notice the missing seqs and fetch them from storage.
 */
final class NodeFanout extends AbstractBehavior<NodeFanout.Command> {

  static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "dormouse-node-fanout");

  private static final Duration GREET_AGAIN = Duration.ofMillis(250);

  sealed interface Command extends WireSerializable {}

  record Deliver(RoomId room, List<RoomFanout.Delivery> batch) implements Command {}

  record GetOccupants(RoomId room, ActorRef<StatusReply<Occupants>> replyTo) implements Command {}

  record Occupants(List<Occupant> occupants) implements WireSerializable {}

  /** How many people each of {@code rooms} (by id) has on this node. */
  record CountPeople(Set<String> rooms, ActorRef<PeopleCounts> replyTo) implements Command {}

  record PeopleCounts(Map<String, Integer> counts) implements WireSerializable {}

  /** From a node that lists this one: send it every room's batches from now on. */
  record Hello(ActorRef<Command> from) implements Command {}

  /** The answer to a {@link Hello}: {@code by} now sends the greeter every room's batches. */
  record Welcome(ActorRef<Command> by) implements Command {}

  /**
   * What the node's {@link ClusterFanout} needs: where to send batches, and who has confirmed they
   * send theirs here.
   */
  record View(Set<ActorRef<Command>> targets, Set<ActorRef<Command>> welcomedBy) {}

  private record NodesChanged(Set<ActorRef<Command>> listed) implements Command {}

  private enum GreetUnanswered implements Command {
    INSTANCE
  }

  private final SocketRegistry local;
  private final Consumer<View> onViewChanged;
  private final TimerScheduler<Command> timers;

  /** Other nodes' fan-outs, as the receptionist lists them. */
  private Set<ActorRef<Command>> listed = Set.of();

  /** Nodes that greeted this one before the receptionist listed them. */
  private final Set<ActorRef<Command>> greeters = new HashSet<>();

  private final Set<ActorRef<Command>> welcomedBy = new HashSet<>();

  static Behavior<Command> create(SocketRegistry local, Consumer<View> onViewChanged) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(timers -> new NodeFanout(context, timers, local, onViewChanged)));
  }

  private NodeFanout(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      SocketRegistry local,
      Consumer<View> onViewChanged) {
    super(context);
    this.local = local;
    this.onViewChanged = onViewChanged;
    this.timers = timers;
    context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
    ActorRef<Receptionist.Listing> listings =
        context.messageAdapter(
            Receptionist.Listing.class,
            listing -> new NodesChanged(listing.getServiceInstances(KEY)));
    context.getSystem().receptionist().tell(Receptionist.subscribe(KEY, listings));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Deliver.class, this::onDeliver)
        .onMessage(GetOccupants.class, this::onGetOccupants)
        .onMessage(CountPeople.class, this::onCountPeople)
        .onMessage(NodesChanged.class, this::onNodesChanged)
        .onMessage(Hello.class, this::onHello)
        .onMessage(Welcome.class, this::onWelcome)
        .onMessage(GreetUnanswered.class, this::onGreetUnanswered)
        .onSignal(Terminated.class, this::onTerminated)
        .build();
  }

  private Behavior<Command> onDeliver(Deliver deliver) {
    local.deliver(deliver.room(), deliver.batch());
    return this;
  }

  private Behavior<Command> onGetOccupants(GetOccupants get) {
    local
        .occupants(get.room())
        .whenComplete(
            (occupants, failure) ->
                get.replyTo()
                    .tell(
                        failure == null
                            ? StatusReply.success(new Occupants(occupants))
                            : StatusReply.error(failure)));
    return this;
  }

  private Behavior<Command> onCountPeople(CountPeople count) {
    count.replyTo().tell(new PeopleCounts(local.peopleIn(count.rooms())));
    return this;
  }

  private Behavior<Command> onNodesChanged(NodesChanged changed) {
    Set<ActorRef<Command>> others = new HashSet<>(changed.listed());
    others.remove(getContext().getSelf());
    listed = Set.copyOf(others);
    // Once listed, a node comes and goes with the listing.
    greeters.removeAll(listed);
    welcomedBy.retainAll(listed);
    publish();
    return onGreetUnanswered(GreetUnanswered.INSTANCE);
  }

  private Behavior<Command> onHello(Hello hello) {
    if (!listed.contains(hello.from()) && greeters.add(hello.from())) {
      // The receptionist may never list a node that dies first; its death removes it here.
      getContext().watch(hello.from());
      publish();
    }
    hello.from().tell(new Welcome(getContext().getSelf()));
    return this;
  }

  private Behavior<Command> onWelcome(Welcome welcome) {
    if (listed.contains(welcome.by()) && welcomedBy.add(welcome.by())) {
      publish();
    }
    return this;
  }

  /** Greets every listed node that has not answered yet, and again later while any has not. */
  private Behavior<Command> onGreetUnanswered(GreetUnanswered greet) {
    boolean waiting = false;
    for (ActorRef<Command> node : listed) {
      if (!welcomedBy.contains(node)) {
        node.tell(new Hello(getContext().getSelf()));
        waiting = true;
      }
    }
    if (!waiting) {
      timers.cancel(GreetUnanswered.INSTANCE);
    } else if (!timers.isTimerActive(GreetUnanswered.INSTANCE)) {
      timers.startTimerWithFixedDelay(GreetUnanswered.INSTANCE, GREET_AGAIN);
    }
    return this;
  }

  private Behavior<Command> onTerminated(Terminated terminated) {
    if (greeters.removeIf(node -> node.equals(terminated.getRef()))) {
      publish();
    }
    return this;
  }

  private void publish() {
    Set<ActorRef<Command>> targets = new HashSet<>(listed);
    targets.addAll(greeters);
    onViewChanged.accept(new View(Set.copyOf(targets), Set.copyOf(welcomedBy)));
  }
}
