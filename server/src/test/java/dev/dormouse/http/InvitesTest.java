package dev.dormouse.http;

import static dev.dormouse.http.RoomsTest.call;
import static dev.dormouse.http.RoomsTest.code;
import static dev.dormouse.http.RoomsTest.create;
import static dev.dormouse.http.RoomsTest.join;
import static dev.dormouse.http.RoomsTest.json;
import static dev.dormouse.http.RoomsTest.signIn;
import static dev.dormouse.http.RoomsTest.upgradeAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.ChatClient;
import dev.dormouse.TestServer;
import dev.dormouse.http.RoomsTest.Person;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Invites and members over real HTTP and sockets: who may invite, what a code shows and opens,
 * expiry, the limit of uses, revoking, and who may read a room's members and under which names.
 */
class InvitesTest {

  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of());

  private static HttpResponse<String> invite(String room, Person by, String body) {
    return call(server, "POST", "/api/rooms/" + room + "/invites", by, body);
  }

  private static String newInvite(String room, Person by, String body) {
    HttpResponse<String> created = invite(room, by, body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return code(created);
  }

  private static HttpResponse<String> redeem(String code, Person as) {
    return call(server, "POST", "/api/invites/" + code, as, null);
  }

  private static List<JsonNode> members(String room, Person as) {
    HttpResponse<String> response =
        call(server, "GET", "/api/rooms/" + room + "/members", as, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<JsonNode> members = new ArrayList<>();
    json(response.body()).get("members").forEach(members::add);
    return members;
  }

  private static JsonNode memberEntry(String room, Person as, String userId) {
    return members(room, as).stream()
        .filter(m -> m.get("userId").asText().equals(userId))
        .findFirst()
        .orElse(null);
  }

  @Test
  void an_invite_makes_a_member_of_a_private_room_who_can_then_connect() {
    Person owner = signIn(server, "Owner");
    Person bo = signIn(server, "Bo");
    String room = create(server, owner, "{\"visibility\":\"private\",\"title\":\"Secret\"}");
    assertThat(upgradeAnswer(server, room, bo)).startsWith("HTTP/1.1 403");

    HttpResponse<String> created = invite(room, owner, "{\"maxUses\":5}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode invite = json(created.body());
    String code = invite.get("code").asText();
    assertThat(code).matches("[A-Za-z0-9_-]{43}");
    assertThat(invite.get("url").asText()).isEqualTo("/invite/" + code);
    assertThat(invite.get("room").asText()).isEqualTo(room);
    assertThat(invite.get("maxUses").asInt()).isEqualTo(5);
    assertThat(invite.get("uses").asInt()).isZero();
    assertThat(invite.get("createdBy").asText()).isEqualTo(owner.id());
    assertThat(invite.get("expiresAt").asLong() - invite.get("createdAt").asLong())
        .isEqualTo(604_800_000L);

    // Whoever holds the code sees what it opens, without signing in.
    HttpResponse<String> preview = call(server, "GET", "/api/invites/" + code, null, null);
    assertThat(preview.statusCode()).isEqualTo(200);
    assertThat(json(preview.body()).get("title").asText()).isEqualTo("Secret");
    assertThat(json(preview.body()).get("visibility").asText()).isEqualTo("private");
    // Redeeming is for people with a session.
    assertThat(redeem(code, null).statusCode()).isEqualTo(401);

    HttpResponse<String> redeemed = redeem(code, bo);
    assertThat(redeemed.statusCode()).as(redeemed.body()).isEqualTo(200);
    assertThat(json(redeemed.body()).get("id").asText()).isEqualTo(room);
    assertThat(json(redeemed.body()).get("role").asText()).isEqualTo("member");
    assertThat(memberEntry(room, owner, bo.id()).get("name").asText()).isEqualTo("Bo");

    try (ChatClient socket = join(server, room, bo)) {
      assertThat(socket.ready().room()).isEqualTo(room);
    }
    // A member who redeems again is answered with the room and takes no use.
    assertThat(redeem(code, bo).statusCode()).isEqualTo(200);
    assertThat(redeem(code, owner).statusCode()).isEqualTo(200);
    JsonNode listed =
        json(call(server, "GET", "/api/rooms/" + room + "/invites", owner, null).body())
            .get("invites")
            .get(0);
    assertThat(listed.get("uses").asInt()).isEqualTo(1);
  }

  @Test
  void only_the_owner_moderators_and_admins_of_a_claimed_room_invite() {
    Person owner = signIn(server, "Owner");
    Person member = signIn(server, "Member");
    Person moderator = signIn(server, "Mod");
    Person stranger = signIn(server, "Stranger");
    String room = create(server, owner, "{\"visibility\":\"private\"}");
    call(
        server,
        "PUT",
        "/api/rooms/" + room + "/members/" + member.id(),
        owner,
        "{\"role\":\"member\"}");
    call(
        server,
        "PUT",
        "/api/rooms/" + room + "/members/" + moderator.id(),
        owner,
        "{\"role\":\"moderator\"}");

    assertThat(invite(room, moderator, "{}").statusCode()).isEqualTo(201);
    HttpResponse<String> byMember = invite(room, member, "{}");
    assertThat(byMember.statusCode()).isEqualTo(403);
    assertThat(code(byMember)).isEqualTo("forbidden");
    assertThat(code(invite(room, stranger, "{}"))).isEqualTo("not_a_member");
    assertThat(invite(room, null, "{}").statusCode()).isEqualTo(401);
    HttpResponse<String> listByMember =
        call(server, "GET", "/api/rooms/" + room + "/invites", member, null);
    assertThat(listByMember.statusCode()).isEqualTo(403);
    assertThat(code(listByMember)).isEqualTo("forbidden");

    HttpResponse<String> unclaimed = invite("nobody-owns-" + owner.id().substring(2), owner, "{}");
    assertThat(unclaimed.statusCode()).isEqualTo(409);
    assertThat(code(unclaimed)).isEqualTo("not_claimed");
  }

  @Test
  void terms_out_of_range_or_unknown_are_refused_naming_the_field() {
    Person owner = signIn(server, "Owner");
    String room = create(server, owner, "{}");
    for (String[] bad :
        new String[][] {
          {"{\"expiresInSeconds\":59}", "expiresInSeconds"},
          {"{\"expiresInSeconds\":2592001}", "expiresInSeconds"},
          {"{\"maxUses\":0}", "maxUses"},
          {"{\"maxUses\":10001}", "maxUses"},
          {"{\"maxUses\":\"3\"}", "maxUses"},
          {"{\"maxuses\":3}", "maxuses"}
        }) {
      HttpResponse<String> response = invite(room, owner, bad[0]);
      assertThat(response.statusCode()).as(bad[0]).isEqualTo(400);
      assertThat(code(response)).isEqualTo("invalid_settings");
      assertThat(json(response.body()).get("field").asText()).isEqualTo(bad[1]);
    }
    assertThat(code(invite(room, owner, "[1]"))).isEqualTo("bad_request");
    HttpResponse<String> longest = invite(room, owner, "{\"expiresInSeconds\":2592000}");
    JsonNode invite = json(longest.body());
    assertThat(invite.get("expiresAt").asLong() - invite.get("createdAt").asLong())
        .isEqualTo(2_592_000_000L);
    assertThat(invite.get("maxUses").isNull()).isTrue();
  }

  @Test
  void an_invite_is_used_up_after_its_last_use() {
    Person owner = signIn(server, "Owner");
    Person bo = signIn(server, "Bo");
    Person cy = signIn(server, "Cy");
    String room = create(server, owner, "{\"visibility\":\"private\"}");
    String code = newInvite(room, owner, "{\"maxUses\":1}");
    assertThat(redeem(code, bo).statusCode()).isEqualTo(200);

    HttpResponse<String> late = redeem(code, cy);
    assertThat(late.statusCode()).isEqualTo(410);
    assertThat(code(late)).isEqualTo("invite_expired");
    assertThat(call(server, "GET", "/api/invites/" + code, null, null).statusCode()).isEqualTo(410);
    assertThat(upgradeAnswer(server, room, cy)).startsWith("HTTP/1.1 403");
    assertThat(memberEntry(room, owner, cy.id())).isNull();
  }

  @Test
  void an_expired_invite_opens_nothing_and_is_no_longer_listed() throws SQLException {
    Person owner = signIn(server, "Owner");
    Person bo = signIn(server, "Bo");
    String room = create(server, owner, "{\"visibility\":\"private\"}");
    String code = newInvite(room, owner, "{\"expiresInSeconds\":60}");
    // The shortest invite lives a minute: its end is moved into the past in the server's file.
    try (Connection db =
            DriverManager.getConnection("jdbc:sqlite:" + server.dataDir().resolve("dormouse.db"));
        PreparedStatement expire =
            db.prepareStatement("UPDATE room_invites SET expires_at = 1 WHERE code = ?")) {
      expire.setString(1, code);
      assertThat(expire.executeUpdate()).isEqualTo(1);
    }
    HttpResponse<String> redeemed = redeem(code, bo);
    assertThat(redeemed.statusCode()).isEqualTo(410);
    assertThat(code(redeemed)).isEqualTo("invite_expired");
    assertThat(code(call(server, "GET", "/api/invites/" + code, null, null)))
        .isEqualTo("invite_expired");
    assertThat(call(server, "GET", "/api/rooms/" + room + "/invites", owner, null).body())
        .doesNotContain(code);
    assertThat(upgradeAnswer(server, room, bo)).startsWith("HTTP/1.1 403");
  }

  @Test
  void a_revoked_invite_is_unknown_from_then_on() {
    Person owner = signIn(server, "Owner");
    Person bo = signIn(server, "Bo");
    String room = create(server, owner, "{\"visibility\":\"private\"}");
    String older = newInvite(room, owner, "{}");
    String code = newInvite(room, owner, "{}");
    JsonNode listed =
        json(call(server, "GET", "/api/rooms/" + room + "/invites", owner, null).body());
    assertThat(listed.get("invites").get(0).get("code").asText()).isEqualTo(code);
    assertThat(listed.get("invites").get(1).get("code").asText()).isEqualTo(older);

    assertThat(
            call(server, "DELETE", "/api/rooms/" + room + "/invites/" + code, bo, null)
                .statusCode())
        .isEqualTo(403);
    assertThat(
            call(server, "DELETE", "/api/rooms/" + room + "/invites/" + code, owner, null)
                .statusCode())
        .isEqualTo(204);
    HttpResponse<String> again =
        call(server, "DELETE", "/api/rooms/" + room + "/invites/" + code, owner, null);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(code(again)).isEqualTo("not_found");

    HttpResponse<String> redeemed = redeem(code, bo);
    assertThat(redeemed.statusCode()).isEqualTo(404);
    assertThat(code(redeemed)).isEqualTo("invite_invalid");
    assertThat(code(call(server, "GET", "/api/invites/" + code, null, null)))
        .isEqualTo("invite_invalid");
    assertThat(call(server, "GET", "/api/rooms/" + room + "/invites", owner, null).body())
        .doesNotContain(code)
        .contains(older);
  }

  @Test
  void a_code_nobody_issued_is_invalid() {
    Person bo = signIn(server, "Bo");
    for (String code : new String[] {"x".repeat(43), "not%20a%20code", "y".repeat(65)}) {
      HttpResponse<String> preview = call(server, "GET", "/api/invites/" + code, null, null);
      assertThat(preview.statusCode()).as(code).isEqualTo(404);
      assertThat(code(preview)).isEqualTo("invite_invalid");
      assertThat(code(redeem(code, bo))).isEqualTo("invite_invalid");
    }
  }

  @Test
  void a_private_rooms_members_are_told_to_its_members_only() {
    Person owner = signIn(server, "Owner");
    Person member = signIn(server, "Member");
    Person stranger = signIn(server, "Stranger");
    String room = create(server, owner, "{\"visibility\":\"private\"}");
    call(
        server,
        "PUT",
        "/api/rooms/" + room + "/members/" + member.id(),
        owner,
        "{\"role\":\"member\"}");
    for (Person outsider : new Person[] {stranger, null}) {
      HttpResponse<String> refused =
          call(server, "GET", "/api/rooms/" + room + "/members", outsider, null);
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(code(refused)).isEqualTo("not_a_member");
      assertThat(refused.body()).doesNotContain(member.id()).doesNotContain(owner.id());
    }
    List<JsonNode> members = members(room, member);
    assertThat(members)
        .extracting(m -> m.get("userId").asText())
        .containsExactly(owner.id(), member.id());
    assertThat(members).extracting(m -> m.get("role").asText()).containsExactly("owner", "member");

    String open = create(server, owner, "{}");
    assertThat(members(open, stranger))
        .extracting(m -> m.get("role").asText())
        .containsExactly("owner");
    assertThat(members("nobody-owns-" + owner.id().substring(2), stranger)).isEmpty();
  }

  @Test
  void a_members_name_is_learnt_when_their_socket_joins() {
    Person owner = signIn(server, "Owner");
    Person dee = signIn(server, "Dee");
    String room = create(server, owner, "{\"visibility\":\"private\"}");
    call(
        server,
        "PUT",
        "/api/rooms/" + room + "/members/" + dee.id(),
        owner,
        "{\"role\":\"member\"}");
    assertThat(memberEntry(room, owner, dee.id()).get("name").isNull()).isTrue();
    try (ChatClient socket = join(server, room, dee)) {
      socket.ready();
      Awaitility.await()
          .atMost(ChatClient.PATIENCE)
          .until(() -> "Dee".equals(memberEntry(room, owner, dee.id()).path("name").asText(null)));
    }
  }

  @Test
  void an_invite_is_no_way_around_a_ban_and_each_use_is_on_the_audit_log() {
    Person owner = signIn(server, "Owner");
    Person bo = signIn(server, "Bo");
    Person cy = signIn(server, "Cy");
    String room = create(server, owner, "{\"visibility\":\"private\"}");
    String code = newInvite(room, owner, "{}");
    HttpResponse<String> ban =
        call(
            server,
            "POST",
            "/api/rooms/" + room + "/bans",
            owner,
            "{\"userId\":\"" + bo.id() + "\"}");
    assertThat(ban.statusCode()).as(ban.body()).isEqualTo(201);

    HttpResponse<String> banned = redeem(code, bo);
    HttpResponse<String> welcome = redeem(code, cy);

    assertThat(banned.statusCode()).isEqualTo(403);
    assertThat(code(banned)).isEqualTo("banned");
    assertThat(welcome.statusCode()).isEqualTo(200);
    assertThat(memberEntry(room, owner, bo.id())).isNull();
    JsonNode audit =
        json(call(server, "GET", "/api/rooms/" + room + "/audit", owner, null).body())
            .get("entries");
    assertThat(audit.get(0).get("action").asText()).isEqualTo("invite.redeemed");
    assertThat(audit.get(0).get("actor").get("id").asText()).isEqualTo(cy.id());
    assertThat(audit.get(0).get("target").asText()).isEqualTo(code);
    assertThat(audit.get(1).get("action").asText()).isEqualTo("person.banned");
    assertThat(audit.get(2).get("action").asText()).isEqualTo("invite.created");
  }
}
