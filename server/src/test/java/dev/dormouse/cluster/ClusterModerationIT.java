package dev.dormouse.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.ChatClient;
import dev.dormouse.FreePorts;
import dev.dormouse.RawSocket;
import dev.dormouse.ServerProcess;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.ServerFrame;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three nodes from the built jar share one PostgreSQL: a ban issued through one node closes the
 * banned person's socket on another with 4004, and a third refuses their upgrade with {@code 403
 * banned}; the directory's online count, asked on any node, counts the sockets of all. The room's
 * entity may run on any of them; its close travels through the fan-out, and every node's upgrade
 * reads the ban from the store.
 */
class ClusterModerationIT {

  private static final String DATABASE_URL =
      System.getenv()
          .getOrDefault("TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final List<ServerProcess> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() {
    nodes.forEach(ServerProcess::close);
  }

  @Test
  void a_ban_through_one_node_closes_the_socket_on_another_and_a_third_refuses_the_upgrade()
      throws Exception {
    startCluster(3);
    String room = "mod-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    String[] owner = signIn(nodes.get(0), "Owner");
    String[] member = signIn(nodes.get(0), "Member");
    HttpResponse<String> claimed =
        call(nodes.get(0), "POST", "/api/rooms", owner[0], "{\"id\":\"" + room + "\"}");
    assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(201);

    try (ChatClient onNode2 =
        ChatClient.connect(nodes.get(1).chat(room), "Cookie", "dormouse_session=" + member[0])) {
      assertThat(onNode2.ready().role()).isEqualTo("none");
      // The directory counts the people of every node: asked on node 3, it finds node 2's socket.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(online(nodes.get(2), room)).isEqualTo(1));
      HttpResponse<String> banned =
          call(
              nodes.get(0),
              "POST",
              "/api/rooms/" + room + "/bans",
              owner[0],
              "{\"userId\":\"" + member[1] + "\",\"reason\":\"spam\"}");
      assertThat(banned.statusCode()).as(banned.body()).isEqualTo(201);

      assertThat(onNode2.awaitClose()).isEqualTo(4004);
      assertThat(onNode2.await(ServerFrame.Error.class, e -> true).code()).isEqualTo("banned");
    }
    String answer =
        RawSocket.answerTo(
            nodes.get(2).port(),
            RawSocket.upgradeRequest("/api/chat/" + room, "Authorization: Bearer " + member[0]));
    assertThat(answer).startsWith("HTTP/1.1 403").contains("\"banned\"");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(online(nodes.get(0), room)).isZero());
  }

  /** The room's online count in the directory, as {@code node} answers it. */
  private static int online(ServerProcess node, String room) throws IOException {
    HttpResponse<String> listed = call(node, "GET", "/api/rooms?query=" + room, null, null);
    JsonNode rooms = FrameCodec.json().readTree(listed.body()).get("rooms");
    assertThat(rooms).as(listed.body()).hasSize(1);
    return rooms.get(0).get("online").asInt();
  }

  /** A session on {@code node}: its token and user id. */
  private static String[] signIn(ServerProcess node, String name) throws IOException {
    HttpResponse<String> response =
        call(node, "POST", "/api/session", null, "{\"name\":\"" + name + "\"}");
    JsonNode body = FrameCodec.json().readTree(response.body());
    return new String[] {body.get("token").asText(), body.at("/user/id").asText()};
  }

  private static HttpResponse<String> call(
      ServerProcess node, String method, String path, String token, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(node.http(path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void startCluster(int size) {
    int[] ports = FreePorts.take(2 * size);
    String seeds =
        IntStream.range(0, size)
            .mapToObj(i -> "127.0.0.1:" + ports[size + i])
            .collect(Collectors.joining(","));
    for (int i = 0; i < size; i++) {
      Map<String, String> env = new HashMap<>();
      env.put("PORT", Integer.toString(ports[i]));
      env.put("CLUSTER_PORT", Integer.toString(ports[size + i]));
      env.put("CLUSTER_SEEDS", seeds);
      env.put("DATABASE_URL", DATABASE_URL);
      env.put("AUTH_SECRET", "cluster-test-secret-of-at-least-32-bytes");
      env.put("CLUSTER_STABLE_AFTER", "3s");
      nodes.add(ServerProcess.start("moderation-node-" + i, env));
    }
  }
}
