package dev.dormouse.faults;

import dev.dormouse.ServerProcess;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.HistoryPage;
import dev.dormouse.protocol.ServerFrame;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** A room's messages read as a client author would: forward pages of the HTTP history API. */
final class RoomHistory {

  private static final int PAGE = 100;

  private RoomHistory() {}

  /**
   * The messages with {@code after < seq <= upTo}, oldest first, and the messages at or below
   * {@code after} that changed in that range ({@code updated}, oldest first), all in current state.
   */
  record Range(List<ServerFrame.Message> messages, List<ServerFrame.Message> updated) {}

  /** Every message of the room, oldest first, in current state. */
  static List<ServerFrame.Message> all(ServerProcess server, String room) throws IOException {
    return range(server, room, 0, Long.MAX_VALUE).messages();
  }

  /** The messages with {@code after < seq <= upTo}, paging with {@code after=}. */
  static Range range(ServerProcess server, String room, long after, long upTo) throws IOException {
    List<ServerFrame.Message> messages = new ArrayList<>();
    List<ServerFrame.Message> updated = new ArrayList<>();
    long cursor = after;
    while (cursor < upTo) {
      HttpResponse<String> response =
          server.get("/api/rooms/" + room + "/messages?after=" + cursor + "&limit=" + PAGE);
      if (response.statusCode() != 200) {
        throw new IOException(
            "history page after "
                + cursor
                + ": HTTP "
                + response.statusCode()
                + " "
                + response.body());
      }
      HistoryPage page = FrameCodec.json().readValue(response.body(), HistoryPage.class);
      if (page.updated() != null) {
        // A page also brings the newest state of messages that an earlier page, or the caller,
        // already has; applied in order, the newest state is the one that stays.
        for (ServerFrame.Message m : page.updated()) {
          if (m.seq() <= after) {
            updated.add(m);
          } else {
            messages.replaceAll(had -> had.seq() == m.seq() ? m : had);
          }
        }
      }
      for (ServerFrame.Message m : page.messages()) {
        if (m.seq() <= upTo) {
          messages.add(m);
        }
      }
      if (!page.hasMore() || page.messages().isEmpty()) {
        break;
      }
      cursor = page.messages().getLast().seq();
    }
    return new Range(messages, updated);
  }
}
