package dev.dormouse.room;

import dev.dormouse.store.ReadMarker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How far each person has read in an awake room. The room loads every stored marker when it wakes
 * and keeps them here, so a join needs no store read to know the joiner's marker; a marker that
 * moves is written back later, with the others that moved meanwhile ({@link #takeUnsaved}).
 *
 * <p>Only signed-in people's markers are stored. A guest without credentials is a new person on
 * each connection: their marker lives here while they are online and is forgotten when they leave,
 * and a room that passivates meanwhile forgets it too (their next read starts it again).
 */
final class ReadMarkers {

  private static final class Marker {
    long lastRead;
    boolean stored;

    Marker(long lastRead, boolean stored) {
      this.lastRead = lastRead;
      this.stored = stored;
    }
  }

  private final Map<String, Marker> byUser = new HashMap<>();
  private final Set<String> unsaved = new LinkedHashSet<>();

  void load(List<ReadMarker> markers) {
    for (ReadMarker marker : markers) {
      byUser.put(marker.userId(), new Marker(marker.lastRead(), true));
    }
  }

  /** The person's marker, or 0 when they have none. */
  long lastRead(String userId) {
    Marker marker = byUser.get(userId);
    return marker == null ? 0 : marker.lastRead;
  }

  /**
   * A socket joined: a person's first join of the room creates their marker at the room's seq, so a
   * new member starts with nothing unread. Returns the person's marker.
   */
  long joined(Occupant occupant, long roomSeq) {
    Marker marker = byUser.get(occupant.user().id());
    if (marker == null) {
      marker = new Marker(roomSeq, occupant.signedIn());
      byUser.put(occupant.user().id(), marker);
      changed(occupant.user().id(), marker);
    } else if (occupant.signedIn() && !marker.stored) {
      marker.stored = true;
      changed(occupant.user().id(), marker);
    }
    return marker.lastRead;
  }

  /** Moves the reader's marker to {@code seq}; false, changing nothing, unless that is forward. */
  boolean advance(Occupant reader, long seq) {
    Marker marker = byUser.get(reader.user().id());
    if (marker == null) {
      marker = new Marker(seq, reader.signedIn());
      byUser.put(reader.user().id(), marker);
    } else if (seq > marker.lastRead) {
      marker.lastRead = seq;
    } else {
      return false;
    }
    changed(reader.user().id(), marker);
    return true;
  }

  /** The person's last socket left: a guest's marker can never be asked for again. */
  void left(String userId) {
    Marker marker = byUser.get(userId);
    if (marker != null && !marker.stored) {
      byUser.remove(userId);
    }
  }

  boolean hasUnsaved() {
    return !unsaved.isEmpty();
  }

  /** The markers that moved since the last call, each at its newest position. */
  List<ReadMarker> takeUnsaved() {
    List<ReadMarker> markers = new ArrayList<>(unsaved.size());
    for (String userId : unsaved) {
      markers.add(new ReadMarker(userId, byUser.get(userId).lastRead));
    }
    unsaved.clear();
    return markers;
  }

  /** A write of these failed: they are written again with the next, at their newest position. */
  void unsavedAgain(List<ReadMarker> markers) {
    for (ReadMarker marker : markers) {
      if (byUser.containsKey(marker.userId())) {
        unsaved.add(marker.userId());
      }
    }
  }

  int size() {
    return byUser.size();
  }

  private void changed(String userId, Marker marker) {
    if (marker.stored) {
      unsaved.add(userId);
    }
  }
}
