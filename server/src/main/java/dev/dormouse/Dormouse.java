package dev.dormouse;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.dormouse.config.Settings;
import dev.dormouse.gateway.Gateway;
import dev.dormouse.ops.ServerMetrics;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.room.RoomEntity;
import dev.dormouse.store.MessageStore;
import dev.dormouse.store.RetentionSweeper;
import dev.dormouse.store.Stores;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * Wires one Dormouse node: store, actor system, room sharding, gateway and HTTP. {@link Main} and
 * the tests start servers through {@link #start}, so what is tested is what runs.
 */
public final class Dormouse {

  private static final Duration SOCKET_DRAIN = Duration.ofSeconds(5);
  private static final String SYSTEM_NAME = "dormouse";

  /** A started node. */
  public record Running(ActorSystem<Void> system, int port, ServerMetrics metrics) {

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
    system.getWhenTerminated().thenRun(store::close);
    try {
      return startOn(system, settings, store);
    } catch (RuntimeException e) {
      system.terminate();
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
    Gateway gateway =
        new Gateway(
            system,
            store,
            codec,
            metrics,
            settings,
            () -> cluster.selfMember().status() == MemberStatus.up());
    RoomEntity.init(
        sharding,
        new RoomEntity.Dependencies(
            store, gateway.fanout(), codec, metrics, settings.room(), Clock.systemUTC()));

    if (!settings.room().retention().keepsEverything()) {
      RetentionSweeper.start(
          store,
          settings.room().retention(),
          settings.room().retentionSweepInterval(),
          system.scheduler(),
          Clock.systemUTC(),
          system.executionContext());
    }

    ServerBinding binding = bind(system, settings, gateway);
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceUnbind(),
        "dormouse-unbind",
        () -> binding.unbind().thenApply(ignored -> Done.getInstance()));
    // Rooms stop in cluster-sharding-shutdown-region, finishing their in-flight writes and acks;
    // only then are the sockets told to reconnect.
    shutdown.addTask(
        CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
        "dormouse-close-sockets",
        () -> gateway.closeAllSockets(SOCKET_DRAIN).thenApply(ignored -> Done.getInstance()));
    return new Running(system, binding.localAddress().getPort(), metrics);
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

  private static ServerBinding bind(ActorSystem<Void> system, Settings settings, Gateway gateway) {
    CompletableFuture<ServerBinding> binding =
        Http.get(system)
            .newServerAt(settings.http().host(), settings.http().port())
            .bind(gateway.route())
            .toCompletableFuture();
    try {
      return binding.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot listen on " + settings.http().host() + ":" + settings.http().port(), e);
    }
  }
}
