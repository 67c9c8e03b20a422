package dev.dormouse.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.RawSocket;
import dev.dormouse.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every answer tells a browser, what it never tells anyone, who may read the metrics, and who
 * may read the database files.
 */
class ResponseHeadersTest {

  @RegisterExtension
  static final TestServer server =
      TestServer.perClass(Map.of("dormouse.http.metrics-token", "metrics-secret"));

  @Test
  void every_answer_carries_the_security_headers_and_no_server_name() {
    for (String path : List.of("/", "/api/health", "/api/nothing", "/rooms/x")) {
      HttpResponse<String> response = server.get(path);
      assertThat(response.headers().firstValue("X-Content-Type-Options"))
          .as(path)
          .contains("nosniff");
      assertThat(response.headers().firstValue("Content-Security-Policy").orElse(""))
          .as(path)
          .contains("frame-ancestors 'none'");
      assertThat(response.headers().firstValue("Referrer-Policy")).as(path).isPresent();
      assertThat(response.headers().firstValue("Server")).as(path).isEmpty();
    }
    String garbage = "\u0000\u0001garbage\r\n\r\n";
    assertThat(RawSocket.statusOf(server.port(), garbage)).isEqualTo(400);
  }

  @Test
  void metrics_answer_this_machine_and_a_bearer_of_the_token_but_not_a_forwarded_request() {
    assertThat(server.get("/metrics").statusCode()).isEqualTo(200);
    HttpResponse<String> forwarded =
        server.send(
            HttpRequest.newBuilder(server.http("/metrics"))
                .header("X-Forwarded-For", "203.0.113.9")
                .build());
    assertThat(forwarded.statusCode()).isEqualTo(403);
    assertThat(forwarded.body()).contains("\"code\":\"forbidden\"").doesNotContain("dormouse_");
    HttpResponse<String> withToken =
        server.send(
            HttpRequest.newBuilder(server.http("/metrics"))
                .header("X-Forwarded-For", "203.0.113.9")
                .header("Authorization", "Bearer metrics-secret")
                .build());
    assertThat(withToken.statusCode()).isEqualTo(200);
    assertThat(withToken.body()).contains("dormouse_connections");
  }

  @Test
  void the_database_and_its_folder_are_readable_by_dormouse_alone() throws Exception {
    Path fresh = Files.createTempDirectory("dormouse-perms").resolve("data");
    try (TestServer own = TestServer.start(fresh, Map.of())) {
      own.get("/api/health");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)))
        .isEqualTo("rwx------");
    try (var files = Files.list(fresh)) {
      for (var file :
          files.filter(f -> f.getFileName().toString().startsWith("dormouse.db")).toList()) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
            .as(file.getFileName().toString())
            .isEqualTo("rw-------");
      }
    }
  }
}
