package dev.dormouse.gateway;

import dev.dormouse.auth.Credentials;
import dev.dormouse.auth.OriginPolicy;
import dev.dormouse.config.Settings;
import dev.dormouse.ops.ServerMetrics;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.room.RoomFanout;
import dev.dormouse.store.MessageStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.server.Route;

/** The node's sockets and HTTP routes, and how rooms anywhere in the cluster reach them. */
public final class Gateway {

  private final SocketRegistry registry = new SocketRegistry();
  private final ClusterFanout fanout;
  private final ChatRoutes routes;

  public Gateway(
      ActorSystem<?> system,
      MessageStore store,
      FrameCodec codec,
      ServerMetrics metrics,
      Settings settings,
      BooleanSupplier clusterUp) {
    this.fanout = new ClusterFanout(registry, system.scheduler());
    metrics.watchOpenRooms(registry::rooms);
    system.systemActorOf(
        NodeFanout.create(registry, fanout::otherNodesAre), "node-fanout", Props.empty());
    UserSendLimits userLimits =
        new UserSendLimits(
            settings.limits().userSendBurst(), settings.limits().userSendPerSecond());
    ChatSocket.Context context =
        new ChatSocket.Context(
            ClusterSharding.get(system), store, codec, registry, userLimits, metrics, settings);
    Credentials credentials =
        Credentials.from(settings.auth(), settings.store().dataDir(), Clock.systemUTC());
    Admission admission =
        new Admission(
            credentials,
            new OriginPolicy(
                settings.auth().allowedOrigins(), settings.auth().allowMissingOrigin()),
            settings,
            registry);
    this.routes =
        new ChatRoutes(
            context,
            new StaticFiles(settings.http().webRoot()),
            clusterUp,
            admission,
            new SessionRoutes(credentials, admission, settings.auth()));
  }

  public RoomFanout fanout() {
    return fanout;
  }

  public Route route() {
    return routes.route();
  }

  /**
   * Closes every socket with 1012 (service restart), after writing what each already has queued.
   */
  public CompletionStage<Void> closeAllSockets(Duration timeout) {
    return registry.closeAll(timeout);
  }
}
