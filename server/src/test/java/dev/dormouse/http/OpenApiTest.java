package dev.dormouse.http;

import static dev.dormouse.http.RoomsTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.TestServer;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/openapi.json} describes exactly what the router serves: every route is in it, and
 * everything in it is a route. Catch-alls (the API's 404 and the web app's files) are not routes a
 * client calls, and are left out of both.
 */
class OpenApiTest {

  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of());

  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

  /** {@code GET /api/rooms/{}/members/{}}: parameter names do not have to agree. */
  private static String normalized(String method, String path) {
    return method.toUpperCase() + " " + path.replaceAll("\\{\\*?[^}]*}", "{}");
  }

  @Test
  void the_document_describes_every_route_served_and_nothing_else() {
    HttpResponse<String> response = server.get("/api/openapi.json");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode document = json(response.body());
    assertThat(document.get("openapi").asText()).startsWith("3.1");

    Set<String> described = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
        String method = methods.next();
        assertThat(METHODS).as(path.getKey()).contains(method);
        described.add(normalized(method, path.getKey()));
      }
    }

    Set<String> served = new TreeSet<>();
    for (String route : server.routes()) {
      String[] parts = route.split(" ", 2);
      if (parts[0].equals("ANY") || parts[1].equals("/{*path}")) {
        continue;
      }
      served.add(normalized(parts[0], parts[1]));
    }
    assertThat(served).hasSizeGreaterThan(40);
    assertThat(described).as("described but not served").isSubsetOf(served);
    assertThat(served).as("served but not described").isSubsetOf(described);
  }

  @Test
  void every_server_api_route_names_its_scope_and_the_key_scheme() {
    JsonNode paths = json(server.get("/api/openapi.json").body()).get("paths");
    for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      if (!path.getKey().startsWith("/api/server/")) {
        continue;
      }
      for (JsonNode operation : path.getValue()) {
        assertThat(operation.get("x-dormouse-scope").asText())
            .as(path.getKey())
            .isIn("publish", "moderate", "read", "admin");
        assertThat(operation.at("/security/0/apiKey").isArray()).as(path.getKey()).isTrue();
        assertThat(operation.at("/responses/403").isObject()).as(path.getKey()).isTrue();
      }
    }
  }
}
