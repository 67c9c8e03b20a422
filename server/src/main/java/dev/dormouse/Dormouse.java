package dev.dormouse;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.dormouse.config.Settings;
import dev.dormouse.fanout.ClusterFanout;
import dev.dormouse.fanout.SocketRegistry;
import dev.dormouse.http.HttpServer;
import dev.dormouse.http.Routes;
import dev.dormouse.limits.SendLimits;
import dev.dormouse.ops.ServerMetrics;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.room.RoomEntity;
import dev.dormouse.socket.ChatSocket;
import dev.dormouse.socket.SocketChannels;
import dev.dormouse.store.MessageStore;
import dev.dormouse.store.RetentionSweeper;
import dev.dormouse.store.Stores;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * Wires one Dormouse node: store, actor system, room sharding, sockets, fan-out and HTTP. {@link
 * Main} and the tests start servers through {@link #start}, so what is tested is what runs.
 */
public final class Dormouse {

  private static final Duration SOCKET_DRAIN = Duration.ofSeconds(5);
  private static final String SYSTEM_NAME = "dormouse";
  private static final Duration MIN_SWEEP = Duration.ofMillis(50);

  /** A started node; {@code routes}: every HTTP route it serves, {@code METHOD /pattern}. */
  public record Running(
      ActorSystem<Void> system, int port, ServerMetrics metrics, List<String> routes) {

    /** Runs the same coordinated shutdown as SIGTERM and waits for it. */
    public void stop() {
      try {
        CoordinatedShutdown.get(system)
            .runAll(CoordinatedShutdown.unknownReason())
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (InterruptedException | ExecutionException | TimeoutException e) {
        throw new IllegalStateException("shutdown did not finish", e);
      }
    }
  }

  private Dormouse() {}

  public static Running start(Config config) {
    Settings settings = Settings.from(config);
    if (settings.cluster().isMultiNode() && !settings.store().usesPostgres()) {
      throw new IllegalStateException(
          "CLUSTER_SEEDS needs DATABASE_URL: the nodes of a cluster must share one PostgreSQL store");
    }
    if (settings.cluster().isMultiNode() && settings.auth().secret().isBlank()) {
      throw new IllegalStateException(
          "CLUSTER_SEEDS needs AUTH_SECRET: every node must verify the sessions the others issue");
    }
    MessageStore store = Stores.open(settings.store());
    ActorSystem<Void> system =
        ActorSystem.create(
            Behaviors.empty(), SYSTEM_NAME, withSeedNodes(config, settings.cluster()));
    try {
      return startOn(system, settings, store);
    } catch (RuntimeException e) {
      system.terminate();
      store.close();
      throw e;
    }
  }

  private static Running startOn(ActorSystem<Void> system, Settings settings, MessageStore store) {
    Cluster cluster = Cluster.get(system);
    if (!settings.cluster().isMultiNode()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }

    ServerMetrics metrics = new ServerMetrics();
    FrameCodec codec = new FrameCodec(settings.limits().maxMessageLength());
    ClusterSharding sharding = ClusterSharding.get(system);
    SocketRegistry registry = new SocketRegistry(sweepInterval(settings));
    metrics.watchOpenRooms(registry::rooms);
    ClusterFanout fanout = ClusterFanout.start(system, registry);
    RoomEntity.init(
        sharding,
        new RoomEntity.Dependencies(
            store, fanout, codec, metrics, settings.room(), settings.limits(), Clock.systemUTC()));
    SocketChannels sockets =
        new SocketChannels(
            new ChatSocket.Context(
                sharding,
                store,
                codec,
                registry,
                new SendLimits(
                    settings.limits().userSendBurst(), settings.limits().userSendPerSecond()),
                new SendLimits(
                    settings.limits().addressSendBurst(), settings.limits().addressSendPerSecond()),
                metrics,
                settings));

    if (!settings.room().retention().keepsEverything()) {
      RetentionSweeper.start(
          store,
          settings.room().retention(),
          settings.room().retentionSweepInterval(),
          system.scheduler(),
          Clock.systemUTC(),
          system.executionContext());
    }

    HttpServer http =
        Routes.serve(
            settings,
            sharding,
            store,
            registry,
            fanout,
            sockets,
            metrics,
            () -> isReady(cluster, fanout));
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceUnbind(),
        "dormouse-unbind",
        () -> http.unbind().thenApply(ignored -> Done.getInstance()));
    // Sockets leave their rooms' presence while this node's shard region can still carry the
    // message to wherever each room runs; they stay open, receiving, while the rooms move.
    shutdown.addTask(
        CoordinatedShutdown.PhaseBeforeClusterShutdown(),
        "dormouse-leave-rooms",
        () -> registry.leaveRooms().thenApply(left -> Done.getInstance()));
    // Rooms stop in cluster-sharding-shutdown-region, finishing their in-flight writes and acks;
    // the sockets are told to reconnect as soon as that is done, while this node is still a member
    // and frames for them still arrive. Waiting until the node had left the cluster (seconds, and
    // more on the node that hosts the shard coordinator) would leave them open with nowhere to
    // send: the shard region is gone, so their sends are dropped until they are closed.
    shutdown.addTask(
        CoordinatedShutdown.PhaseClusterLeave(),
        "dormouse-close-sockets",
        () -> registry.closeAll(SOCKET_DRAIN).thenApply(drained -> Done.getInstance()));
    // The store closes last, inside the shutdown that stop() and SIGTERM wait for, so its files
    // are whole (checkpointed) when either returns.
    shutdown.addTask(
        CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
        "dormouse-stop-http-then-store",
        () -> http.stop().thenRunAsync(store::close).thenApply(ignored -> Done.getInstance()));
    return new Running(system, http.port(), metrics, http.routes());
  }

  /**
   * Ready to take sockets and rooms: this node is an up member and sees no unreachable one, so the
   * rooms it asks for are where sharding says they are, and its fan-out has reached the other up
   * members, so a room that moves here in a rolling restart is heard on every node.
   */
  private static boolean isReady(Cluster cluster, ClusterFanout fanout) {
    Member self = cluster.selfMember();
    if (self.status() != MemberStatus.up() || !cluster.state().getUnreachable().isEmpty()) {
      return false;
    }
    Set<Address> others = new HashSet<>();
    for (Member member : cluster.state().getMembers()) {
      if (member.status() == MemberStatus.up() && !member.equals(self)) {
        others.add(member.address());
      }
    }
    return fanout.hasCaughtUp(others);
  }

  /** Often enough for the shortest of the socket timers it serves. */
  private static Duration sweepInterval(Settings settings) {
    Duration shortest = settings.socket().pingInterval();
    for (Duration d :
        List.of(settings.socket().closeTimeout(), settings.limits().slowConsumerGrace())) {
      if (d.compareTo(shortest) < 0) {
        shortest = d;
      }
    }
    Duration quarter = shortest.dividedBy(4);
    return quarter.compareTo(MIN_SWEEP) < 0 ? MIN_SWEEP : quarter;
  }

  /** Seed nodes come from a comma-separated variable; Pekko wants a list of full addresses. */
  private static Config withSeedNodes(Config config, Settings.Cluster cluster) {
    if (!cluster.isMultiNode()) {
      return config;
    }
    List<String> addresses =
        cluster.seeds().stream().map(seed -> "pekko://" + SYSTEM_NAME + "@" + seed).toList();
    return ConfigFactory.parseMap(Map.of("pekko.cluster.seed-nodes", addresses))
        .withFallback(config);
  }
}
