package dev.dormouse.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.dormouse.access.Grants;
import dev.dormouse.access.PostPolicy;
import dev.dormouse.access.Restriction;
import dev.dormouse.access.Role;
import dev.dormouse.access.RoomSettings;
import dev.dormouse.access.SettingsChange;
import dev.dormouse.access.Visibility;
import dev.dormouse.protocol.ChatMessage;
import dev.dormouse.protocol.CloseCode;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.OutboundFrame;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.room.Audience;
import dev.dormouse.room.Occupant;
import dev.dormouse.room.RoomEntity;
import dev.dormouse.room.RoomFanout;
import dev.dormouse.room.RoomId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every message that crosses between nodes survives its serializer whole, with the serializer
 * {@code application.conf} binds (Jackson), never Java serialization.
 */
class ClusterMessagesTest {

  /** The serialization bindings are those of application.conf, as on a running node. */
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString("pekko.actor.provider = local")
              .withFallback(ConfigFactory.load()));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void every_cluster_message_round_trips_through_jackson() {
    Occupant ada = new Occupant("s1", new UserRef("u1", "Ada"), true);
    Occupant operator =
        new Occupant(
            "s2",
            new UserRef("op_7", "Grace"),
            true,
            new Grants(true, Map.of("lobby", Role.MODERATOR, "news", Role.MEMBER)));
    TestProbe<RoomEntity.Configured> configured = testKit.createTestProbe();
    RoomSettings settings =
        new RoomSettings(
            "u1", "Team", "plans", Visibility.PRIVATE, PostPolicy.MODERATORS, 30, 1_000L);
    TestProbe<RoomEntity.Joined> joined = testKit.createTestProbe();
    TestProbe<RoomEntity.Moderated> moderated = testKit.createTestProbe();
    TestProbe<RoomEntity.People> people = testKit.createTestProbe();
    TestProbe<NodeFanout.Command> fanout = testKit.createTestProbe();
    ChatMessage message = new ChatMessage(7, "id7", "u1", "Ada", "hé 😀", 1L);
    ChatMessage reply =
        new ChatMessage(
            9,
            "id9",
            "u2",
            "Bo",
            "yes",
            2L,
            3L,
            null,
            new ChatMessage.Quote(7, "id7", "u1", "Ada", "hé", false),
            List.of(new ChatMessage.Reaction("👍", "u1", 4L)));
    byte[] json = "{\"type\":\"message\"}".getBytes(StandardCharsets.UTF_8);
    List<Object> messages =
        List.of(
            new RoomEntity.Join(ada, joined.getRef()),
            new RoomEntity.Join(operator, joined.getRef()),
            new RoomEntity.Post(operator, "hello", "c9"),
            new RoomEntity.Claim(ada.user(), settings, false, configured.getRef()),
            new RoomEntity.ChangeSettings(
                ada.user(),
                Grants.NONE,
                new SettingsChange("News", null, Visibility.UNLISTED, null, 0),
                configured.getRef()),
            new RoomEntity.SetRole(
                ada.user(), operator.grants(), "u2", Role.MODERATOR, configured.getRef()),
            new RoomEntity.Configured(settings, Role.OWNER, null, null),
            new RoomEntity.Configured(null, null, ErrorCode.NOT_A_MEMBER, "members only"),
            new RoomEntity.Joined(
                9,
                List.of(message, reply),
                List.of(new dev.dormouse.room.RoomState.ChangeMark(8, 7, "id7")),
                7,
                5,
                2L,
                Role.MODERATOR,
                9_000L),
            new RoomEntity.Joined(7, List.of(message), List.of(), 1, 0, null, Role.NONE, null),
            new RoomEntity.RemoveMessage(operator, "id7", "spam", moderated.getRef()),
            new RoomEntity.Kick(ada.user(), Grants.NONE, "u2", "calm down", moderated.getRef()),
            new RoomEntity.Ban(ada.user(), operator.grants(), "u2", null, "", moderated.getRef()),
            new RoomEntity.Ban(ada.user(), Grants.NONE, "u2", 9_000L, "spam", moderated.getRef()),
            new RoomEntity.Mute(ada.user(), Grants.NONE, "u2", 9_000L, "", moderated.getRef()),
            new RoomEntity.Lift(
                ada.user(), Grants.NONE, Restriction.Kind.MUTE, "u2", moderated.getRef()),
            new RoomEntity.Moderated(
                new Restriction(Restriction.Kind.BAN, "u2", null, "spam", "u1", 5L), 0, null, null),
            new RoomEntity.Moderated(null, 12, null, null),
            new RoomEntity.Moderated(null, 0, ErrorCode.FORBIDDEN, "no"),
            new RoomEntity.MarkRead(ada, 6),
            new RoomEntity.Leave("s1"),
            new RoomEntity.Post(ada, "hello", "c1"),
            new RoomEntity.Post(ada, "hello", "c1", "id7"),
            new RoomEntity.Edit(ada, "id7", "hello again", "c2"),
            new RoomEntity.Delete(ada, "id7", "c3"),
            new RoomEntity.React(ada, "id7", "👍", true, "c4"),
            new RoomEntity.Typing(ada),
            new RoomEntity.ListPeople("u0", 100, people.getRef()),
            new RoomEntity.People(List.of(ada.user()), true),
            RoomEntity.Stop.INSTANCE,
            new NodeFanout.Deliver(
                new RoomId("lobby"),
                List.of(
                    new RoomFanout.Delivery(
                        Audience.everyoneBut("s1"), new OutboundFrame(7, json, true, null)),
                    new RoomFanout.Delivery(
                        Audience.only("s1"), new OutboundFrame(0, json, false, "c1")),
                    new RoomFanout.Delivery(Audience.only("s2"), OutboundFrame.watermark(7)),
                    new RoomFanout.Delivery(
                        Audience.person("u1"), new OutboundFrame(0, json, false, null)),
                    new RoomFanout.Delivery(
                        Audience.person("u2"),
                        new OutboundFrame(0, json, true, null).closing(CloseCode.BANNED)))),
            new NodeFanout.Occupants(List.of(ada)),
            new NodeFanout.Hello(fanout.getRef()),
            new NodeFanout.Welcome(fanout.getRef()));
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    for (Object original : messages) {
      Serializer serializer = serialization.findSerializerFor(original);
      assertThat(serializer.getClass().getSimpleName())
          .as("serializer of %s", original.getClass().getSimpleName())
          .contains("Jackson");
      byte[] bytes = serialization.serialize(original).get();
      Object copy =
          serialization
              .deserialize(
                  bytes, serializer.identifier(), Serializers.manifestFor(serializer, original))
              .get();
      assertThat(copy).usingRecursiveComparison().isEqualTo(original);
    }
  }
}
