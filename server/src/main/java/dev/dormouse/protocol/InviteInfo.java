package dev.dormouse.protocol;

import java.util.List;

/**
 * An invite as {@code POST} and {@code GET /api/rooms/{id}/invites} answer it, to those who may
 * invite: the code is the secret, and {@code url} the web app's page that redeems it.
 *
 * @param maxUses null when any number of people may use it
 */
public record InviteInfo(
    String code,
    String room,
    String url,
    long expiresAt,
    Integer maxUses,
    int uses,
    String createdBy,
    long createdAt) {

  /** The web app's page for an invite. */
  public static String urlOf(String code) {
    return "/invite/" + code;
  }

  /** {@code GET /api/rooms/{id}/invites}: those neither revoked nor expired, newest first. */
  public record Listing(List<InviteInfo> invites) {}

  /**
   * {@code GET /api/invites/{code}}: what anyone holding the code may learn before redeeming it.
   */
  public record Preview(
      String code, String room, String title, String visibility, long expiresAt) {}
}
