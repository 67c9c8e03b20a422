package dev.dormouse.http;

import dev.dormouse.auth.ApiKeys;
import dev.dormouse.auth.Credentials;
import dev.dormouse.auth.KnownHosts;
import dev.dormouse.auth.OriginPolicy;
import dev.dormouse.config.Settings;
import dev.dormouse.fanout.ClusterFanout;
import dev.dormouse.fanout.SocketRegistry;
import dev.dormouse.ops.ServerMetrics;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.socket.SocketChannels;
import dev.dormouse.store.MessageStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** Every HTTP route Dormouse answers, in the order they are tried. */
public final class Routes {

  private Routes() {}

  public static HttpServer serve(
      Settings settings,
      ClusterSharding sharding,
      MessageStore store,
      SocketRegistry registry,
      ClusterFanout fanout,
      SocketChannels sockets,
      ServerMetrics metrics,
      BooleanSupplier clusterReady) {
    Credentials credentials =
        Credentials.from(settings.auth(), settings.store().dataDir(), Clock.systemUTC());
    KnownHosts hosts =
        new KnownHosts(settings.http().allowedHosts(), settings.auth().allowedOrigins());
    OriginPolicy origins =
        new OriginPolicy(
            settings.auth().allowedOrigins(), hosts, settings.auth().allowMissingOrigin());
    Admission admission = new Admission(credentials, origins, settings, registry);
    ChatUpgrade chat = new ChatUpgrade(admission, sockets, store.rooms(), Clock.systemUTC());
    RoomRoutes rooms = new RoomRoutes(sharding, store.rooms(), admission, Clock.systemUTC());
    ModerationRoutes moderation =
        new ModerationRoutes(sharding, store.rooms(), rooms, Clock.systemUTC());
    SessionRoutes session = new SessionRoutes(admission, settings.auth());
    InviteRoutes invites =
        new InviteRoutes(rooms, store.invites(), store.rooms(), Clock.systemUTC());
    DirectoryRoutes directory = new DirectoryRoutes(rooms, admission, store.rooms(), fanout);
    ReportRoutes reports = new ReportRoutes(rooms, moderation, store.reports(), Clock.systemUTC());
    ApiRoutes api =
        new ApiRoutes(
            sharding,
            store,
            registry,
            metrics,
            admission,
            clusterReady,
            settings.http().metricsToken(),
            rooms);
    ServerApiRoutes server =
        new ServerApiRoutes(
            new ApiKeys(store.keys()),
            store,
            sharding,
            fanout,
            moderation,
            api,
            new FrameCodec(settings.limits().maxMessageLength()),
            Clock.systemUTC());
    OpenApi openApi = OpenApi.load();
    StaticFiles files = new StaticFiles(settings.http().webRoot());

    Router underKnownNames =
        new Router()
            .get("/api/chat/{*room}", chat::upgrade)
            .get("/api/rooms", directory::rooms)
            .post("/api/rooms", rooms::create)
            .get("/api/rooms/{room}", rooms::show)
            .patch("/api/rooms/{room}", rooms::change)
            .get("/api/rooms/{room}/audit", rooms::audit)
            .put("/api/rooms/{room}/members/{user}", rooms::setMember)
            .delete("/api/rooms/{room}/members/{user}", rooms::removeMember)
            .get("/api/rooms/{room}/members", directory::members)
            .post("/api/rooms/{room}/invites", invites::create)
            .get("/api/rooms/{room}/invites", invites::list)
            .delete("/api/rooms/{room}/invites/{code}", invites::revoke)
            .get("/api/invites/{code}", invites::preview)
            .post("/api/invites/{code}", invites::redeem)
            .post("/api/rooms/{room}/reports", reports::file)
            .get("/api/rooms/{room}/reports", reports::list)
            .post("/api/rooms/{room}/reports/{report}", reports::resolve)
            .get("/api/rooms/{room}/messages", api::messages)
            .delete("/api/rooms/{room}/messages/{message}", moderation::deleteMessage)
            .post("/api/rooms/{room}/kicks", moderation::kick)
            .post("/api/rooms/{room}/bans", moderation::ban)
            .get("/api/rooms/{room}/bans", moderation::listBans)
            .delete("/api/rooms/{room}/bans/{user}", moderation::liftBan)
            .post("/api/rooms/{room}/mutes", moderation::mute)
            .get("/api/rooms/{room}/mutes", moderation::listMutes)
            .delete("/api/rooms/{room}/mutes/{user}", moderation::liftMute)
            .get("/api/rooms/{room}/people", api::people)
            .get("/api/me/rooms", api::myRooms)
            .get("/api/openapi.json", openApi::serve)
            .get("/api/server/rooms", server::rooms)
            .get("/api/server/rooms/{room}", server::showRoom)
            .get("/api/server/rooms/{room}/messages", server::messages)
            .post("/api/server/rooms/{room}/messages", server::publish)
            .patch("/api/server/rooms/{room}/messages/{message}", server::edit)
            .delete("/api/server/rooms/{room}/messages/{message}", server::delete)
            .get("/api/server/rooms/{room}/people", server::people)
            .post("/api/server/rooms/{room}/kicks", server::kick)
            .post("/api/server/rooms/{room}/bans", server::ban)
            .delete("/api/server/rooms/{room}/bans/{user}", server::liftBan)
            .post("/api/server/rooms/{room}/mutes", server::mute)
            .delete("/api/server/rooms/{room}/mutes/{user}", server::liftMute)
            .post("/api/server/keys", server::createKey)
            .get("/api/server/keys", server::listKeys)
            .delete("/api/server/keys/{key}", server::revokeKey)
            .get("/api/session", session::show)
            .post("/api/session", session::create)
            .delete("/api/session", session::end)
            .any("/api/{*rest}", api::notFound)
            .get("/metrics", api::metrics)
            .get("/{*path}", files::serve);
    // Health answers under any name, as load balancers and probes ask by address or by a name of
    // their own; all it tells is whether the node is ready and how many sockets it holds.
    Router router =
        new Router()
            .get("/api/health", api::health)
            .any("/{*path}", new HostCheck(hosts).only(underKnownNames::dispatch));
    List<String> table = new ArrayList<>(router.table());
    table.remove("ANY /{*path}"); // the known names' routes below stand behind it
    table.addAll(underKnownNames.table());
    return HttpServer.bind(settings.http(), settings.limits(), new HttpHandler(router), table);
  }
}
