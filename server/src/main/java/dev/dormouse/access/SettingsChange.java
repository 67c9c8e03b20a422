package dev.dormouse.access;

import dev.dormouse.protocol.WireSerializable;

/** A {@code PATCH} of a room's settings: each field null when it stays as it is. */
public record SettingsChange(
    String title,
    String topic,
    Visibility visibility,
    PostPolicy postPolicy,
    Integer slowModeSeconds)
    implements WireSerializable {

  public RoomSettings applyTo(RoomSettings settings) {
    return new RoomSettings(
        settings.owner(),
        title == null ? settings.title() : title,
        topic == null ? settings.topic() : topic,
        visibility == null ? settings.visibility() : visibility,
        postPolicy == null ? settings.postPolicy() : postPolicy,
        slowModeSeconds == null ? settings.slowModeSeconds() : slowModeSeconds,
        settings.createdAt());
  }

  /** The settings of a room claimed by {@code owner} at {@code now}, unnamed fields defaulted. */
  public RoomSettings forNewRoom(String owner, long now) {
    return applyTo(new RoomSettings(owner, "", "", Visibility.PUBLIC, PostPolicy.EVERYONE, 0, now));
  }
}
