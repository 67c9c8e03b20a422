package dev.dormouse.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A room's settings as {@code GET /api/rooms/{id}}, {@code POST /api/rooms} and {@code PATCH}
 * answer them, with the asker's role, and {@code admin: true} (else left out) for an operator
 * admin, who runs every room whatever their role. An unclaimed room answers {@code claimed: false},
 * public and open, without {@code owner} and {@code createdAt}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoomInfo(
    String id,
    boolean claimed,
    String owner,
    String title,
    String topic,
    String visibility,
    String postPolicy,
    int slowModeSeconds,
    Long createdAt,
    String role,
    Boolean admin) {}
