package dev.dormouse.http;

import static dev.dormouse.http.RoomsTest.call;
import static dev.dormouse.http.RoomsTest.code;
import static dev.dormouse.http.RoomsTest.create;
import static dev.dormouse.http.RoomsTest.join;
import static dev.dormouse.http.RoomsTest.json;
import static dev.dormouse.http.RoomsTest.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.ChatClient;
import dev.dormouse.TestServer;
import dev.dormouse.http.RoomsTest.Person;
import dev.dormouse.protocol.ServerFrame;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reports over real HTTP and sockets: who may file one, the one open report per person and message,
 * and the queue that only the room's moderators read and resolve.
 */
class ReportsTest {

  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of());

  /** A message {@code author} posts over a socket; its id. */
  private static String posted(String room, Person author, String text) {
    try (ChatClient socket = join(server, room, author)) {
      socket.sendMessage(text, "c-" + text.hashCode()).awaitAck("c-" + text.hashCode());
      return socket.await(ServerFrame.Message.class, m -> m.message().equals(text)).id();
    }
  }

  private static HttpResponse<String> report(String room, Person by, String body) {
    return call(server, "POST", "/api/rooms/" + room + "/reports", by, body);
  }

  private static String body(String messageId, String reason) {
    return "{\"messageId\":\"" + messageId + "\",\"reason\":\"" + reason + "\"}";
  }

  private static HttpResponse<String> queue(String room, Person as, String status) {
    return call(server, "GET", "/api/rooms/" + room + "/reports?status=" + status, as, null);
  }

  private static HttpResponse<String> resolve(String room, Person as, String id, String body) {
    return call(server, "POST", "/api/rooms/" + room + "/reports/" + id, as, body);
  }

  @Test
  void a_person_files_one_open_report_of_a_message_and_moderators_see_it_with_an_excerpt() {
    Person owner = signIn(server, "Owner");
    Person spammer = signIn(server, "Spammer");
    Person cy = signIn(server, "Cy");
    String room = create(server, owner, "{}");
    String message = posted(room, spammer, "buy cheap pills");

    HttpResponse<String> filed = report(room, cy, body(message, "spam"));
    assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
    JsonNode report = json(filed.body());
    assertThat(report.get("messageId").asText()).isEqualTo(message);
    assertThat(report.get("reason").asText()).isEqualTo("spam");
    assertThat(report.get("by").asText()).isEqualTo(cy.id());
    assertThat(report.get("status").asText()).isEqualTo("open");
    assertThat(report.has("excerpt")).isFalse();

    HttpResponse<String> again = report(room, cy, body(message, "really spam"));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json(again.body()).get("id").asText()).isEqualTo(report.get("id").asText());

    HttpResponse<String> seen = queue(room, owner, "open");
    assertThat(seen.statusCode()).isEqualTo(200);
    JsonNode listed = json(seen.body()).get("reports");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("excerpt").asText()).isEqualTo("buy cheap pills");
    assertThat(listed.get(0).get("author").get("id").asText()).isEqualTo(spammer.id());
    assertThat(listed.get(0).get("author").get("name").asText()).isEqualTo("Spammer");
    assertThat(listed.get(0).get("reason").asText()).isEqualTo("spam");
  }

  @Test
  void reports_are_for_people_signed_in_who_may_join_and_about_a_message_of_the_room() {
    Person owner = signIn(server, "Owner");
    Person stranger = signIn(server, "Stranger");
    String secret = create(server, owner, "{\"visibility\":\"private\"}");
    String message = posted(secret, owner, "members only");
    HttpResponse<String> outsider = report(secret, stranger, body(message, "spam"));
    assertThat(outsider.statusCode()).isEqualTo(403);
    assertThat(code(outsider)).isEqualTo("not_a_member");
    assertThat(report(secret, null, body(message, "spam")).statusCode()).isEqualTo(401);

    String open = create(server, owner, "{}");
    HttpResponse<String> unknown = report(open, stranger, body("m-nothing", "spam"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(code(unknown)).isEqualTo("not_found");
    // The message is the private room's, not the open room's.
    assertThat(report(open, stranger, body(message, "spam")).statusCode()).isEqualTo(404);

    for (String[] bad :
        new String[][] {
          {body(message, ""), "reason"},
          {body(message, "   "), "reason"},
          {body(message, "x".repeat(501)), "reason"},
          {"{\"messageId\":\"" + message + "\"}", "reason"},
          {"{\"reason\":\"spam\"}", "messageId"},
          {"{\"messageId\":\"" + message + "\",\"reason\":\"x\",\"extra\":1}", "extra"}
        }) {
      HttpResponse<String> response = report(open, stranger, bad[0]);
      assertThat(response.statusCode()).as(bad[0]).isEqualTo(400);
      assertThat(json(response.body()).get("field").asText()).isEqualTo(bad[1]);
    }
  }

  @Test
  void only_moderators_read_the_queue_and_resolve_reports() {
    Person owner = signIn(server, "Owner");
    Person moderator = signIn(server, "Mod");
    Person member = signIn(server, "Member");
    Person cy = signIn(server, "Cy");
    String room = create(server, owner, "{}");
    call(
        server,
        "PUT",
        "/api/rooms/" + room + "/members/" + moderator.id(),
        owner,
        "{\"role\":\"moderator\"}");
    call(
        server,
        "PUT",
        "/api/rooms/" + room + "/members/" + member.id(),
        owner,
        "{\"role\":\"member\"}");
    String first = posted(room, member, "rude words");
    String second = posted(room, member, "more rude words");
    String dismissed = json(report(room, cy, body(first, "rude")).body()).get("id").asText();
    String deleted = json(report(room, cy, body(second, "ruder")).body()).get("id").asText();

    for (Person refused : new Person[] {member, cy, null}) {
      assertThat(queue(room, refused, "open").statusCode()).isEqualTo(403);
    }
    HttpResponse<String> byMember =
        resolve(room, member, dismissed, "{\"resolution\":\"dismiss\"}");
    assertThat(byMember.statusCode()).isEqualTo(403);
    assertThat(code(byMember)).isEqualTo("forbidden");

    HttpResponse<String> resolved =
        resolve(room, moderator, dismissed, "{\"resolution\":\"dismiss\"}");
    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
    assertThat(json(resolved.body()).get("status").asText()).isEqualTo("resolved");
    assertThat(json(resolved.body()).get("resolution").asText()).isEqualTo("dismiss");
    assertThat(json(resolved.body()).get("resolvedBy").asText()).isEqualTo(moderator.id());
    JsonNode byOwner = json(resolve(room, owner, deleted, "{\"resolution\":\"delete\"}").body());
    assertThat(byOwner.get("resolution").asText()).isEqualTo("delete");

    assertThat(json(queue(room, moderator, "open").body()).get("reports")).isEmpty();
    JsonNode done = json(queue(room, moderator, "resolved").body()).get("reports");
    assertThat(done).hasSize(2);
    assertThat(code(queue(room, moderator, "closed"))).isEqualTo("bad_request");

    HttpResponse<String> badResolution = resolve(room, owner, deleted, "{\"resolution\":\"ban\"}");
    assertThat(badResolution.statusCode()).isEqualTo(400);
    assertThat(json(badResolution.body()).get("field").asText()).isEqualTo("resolution");
    HttpResponse<String> none = resolve(room, owner, "nothing", "{\"resolution\":\"dismiss\"}");
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(code(none)).isEqualTo("not_found");
  }

  @Test
  void resolving_by_delete_deletes_the_message_as_the_moderators_and_spares_the_owner() {
    Person owner = signIn(server, "Owner");
    Person moderator = signIn(server, "Mod");
    Person spammer = signIn(server, "Spammer");
    Person cy = signIn(server, "Cy");
    String room = create(server, owner, "{}");
    call(
        server,
        "PUT",
        "/api/rooms/" + room + "/members/" + moderator.id(),
        owner,
        "{\"role\":\"moderator\"}");
    String spam = posted(room, spammer, "cheap pills");
    String owners = posted(room, owner, "the rules");
    String ofSpam = json(report(room, cy, body(spam, "spam")).body()).get("id").asText();
    String ofOwner = json(report(room, cy, body(owners, "bossy")).body()).get("id").asText();

    HttpResponse<String> resolved = resolve(room, moderator, ofSpam, "{\"resolution\":\"delete\"}");
    HttpResponse<String> spared = resolve(room, moderator, ofOwner, "{\"resolution\":\"delete\"}");

    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
    assertThat(json(resolved.body()).get("resolution").asText()).isEqualTo("delete");
    JsonNode messages =
        json(call(server, "GET", "/api/rooms/" + room + "/messages", cy, null).body())
            .get("messages");
    JsonNode tombstone = messages.get(0);
    assertThat(tombstone.get("id").asText()).isEqualTo(spam);
    assertThat(tombstone.get("deleted").asLong()).isPositive();
    assertThat(tombstone.get("moderated").asBoolean()).isTrue();
    assertThat(tombstone.get("reason").asText()).isEqualTo("spam");
    // The room refuses a moderator's delete of the owner's message, and the report stays open.
    assertThat(spared.statusCode()).isEqualTo(403);
    assertThat(messages.get(1).has("deleted")).isFalse();
    assertThat(json(queue(room, moderator, "open").body()).get("reports"))
        .singleElement()
        .satisfies(r -> assertThat(r.get("id").asText()).isEqualTo(ofOwner));
    JsonNode audit =
        json(call(server, "GET", "/api/rooms/" + room + "/audit", owner, null).body())
            .get("entries");
    assertThat(audit.get(0).get("action").asText()).isEqualTo("report.resolved");
    assertThat(audit.get(0).get("target").asText()).isEqualTo(ofSpam);
    assertThat(audit.get(1).get("action").asText()).isEqualTo("message.deleted");
  }
}
