package dev.dormouse.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a socket speaks, agreed in the upgrade through {@code Sec-WebSocket-Protocol}. A client that
 * offers {@code dormouse.v2} gets the whole protocol. A client that offers nothing is the article's
 * plain chat client: it reads only rows of {@code {type, from, message, timestamp}}, so it gets the
 * messages and the errors and nothing else.
 */
public enum Subprotocol {
  DORMOUSE_V2("dormouse.v2"),
  ARTICLE(null);

  private final String token;

  Subprotocol(String token) {
    this.token = token;
  }

  /** The name the handshake selects, or null when the client offered none. */
  public String token() {
    return token;
  }

  /**
   * The subprotocol for an upgrade's {@code Sec-WebSocket-Protocol} header (null or blank: none
   * offered), or empty when every offer is one this server does not speak.
   */
  public static Optional<Subprotocol> negotiate(String offered) {
    if (offered == null || offered.isBlank()) {
      return Optional.of(ARTICLE);
    }
    for (String offer : offered.split(",")) {
      if (offer.strip().equals(DORMOUSE_V2.token)) {
        return Optional.of(DORMOUSE_V2);
      }
    }
    return Optional.empty();
  }

  /** Whether a frame the room or the socket sends is written to this client. */
  public boolean receives(OutboundFrame frame) {
    return this == DORMOUSE_V2 || frame.articleRow();
  }

  /**
   * The frames this client is written, out of those that open or repair a socket: all of them, or
   * for the article's client the messages (a history's one by one) and the errors. A deleted
   * message is no row for the article's client: it has nothing left to show.
   */
  public List<ServerFrame> framesFor(List<ServerFrame> frames) {
    if (this == DORMOUSE_V2) {
      return frames;
    }
    List<ServerFrame> rows = new ArrayList<>(frames.size());
    for (ServerFrame frame : frames) {
      if (frame instanceof ServerFrame.History history) {
        history.messages().stream().filter(m -> m.deleted() == null).forEach(rows::add);
      } else if (frame instanceof ServerFrame.Message message && message.deleted() != null) {
        continue;
      } else if (frame.isArticleRow()) {
        rows.add(frame);
      }
    }
    return rows;
  }
}
