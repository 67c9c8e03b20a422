package dev.dormouse.room;

import dev.dormouse.protocol.ChatMessage;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.protocol.WireSerializable;
import dev.dormouse.store.Change;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an awake room holds in memory: the latest seq, who is connected, what the room last told its
 * sockets about who is online, its newest messages in current state with the changes since, and
 * everyone's read markers. All of it is rebuilt from storage and the sockets when the room wakes,
 * so passivation loses nothing but the markers of guests without credentials (see {@link
 * ReadMarkers}) and of signed-in people that moved in the last second before a failed write.
 *
 * <p>It is changed in place by {@link RoomLogic}, on the room's one thread: copying it per event
 * would make a room of thousands cost the square of its size to fill.
 */
public final class RoomState {

  /** A person online: the name of their newest socket, and how many sockets they have here. */
  private static final class Person {
    UserRef user;
    int sockets;

    Person(UserRef user) {
      this.user = user;
    }
  }

  private final Map<String, Occupant> sockets = new HashMap<>();
  private final LinkedHashMap<String, Person> people = new LinkedHashMap<>();
  // The same people by id, for paging: a page boundary given by id holds even after that person
  // leaves, which a position in arrival order would not.
  private final TreeMap<String, Person> peopleById = new TreeMap<>();
  private final int recentCapacity;
  // The newest messages by seq, in current state, and the change entries since the first of them.
  // Every entry of the log from knownFrom on is in one or the other, so a resume from there is
  // answered from memory: the messages after its seq, and the ones before that changed after it.
  private final TreeMap<Long, ChatMessage> recent = new TreeMap<>();
  private final ArrayDeque<ChangeMark> changes = new ArrayDeque<>();
  private long knownFrom = 1;
  private Map<String, UserRef> announced = new HashMap<>();
  // People who came online since the last announcement, and those of them a joiner's snapshot has
  // shown: someone shown who leaves before the announcement must be announced as left, or the
  // joiner would keep them online for good.
  private final Set<String> unannounced = new HashSet<>();
  private final Set<String> shownUnannounced = new HashSet<>();
  private final ReadMarkers readMarkers = new ReadMarkers();
  private long seq;

  /** The most change entries a room keeps in memory; a resume from before them reads the store. */
  public static final int CHANGES_CAPACITY = 1024;

  /** A change entry of the log: its seq, and the seq and id of the message it changed. */
  public record ChangeMark(long seq, long target, String targetId) implements WireSerializable {}

  public RoomState(long seq, int recentCapacity) {
    this.seq = seq;
    this.recentCapacity = recentCapacity;
    this.knownFrom = seq + 1;
  }

  /** A room waking: everyone connected is taken as already announced, since they all were. */
  public static RoomState restored(
      long seq, List<Occupant> occupants, List<ChatMessage> recent, int recentCapacity) {
    return restored(seq, occupants, recent, List.of(), recentCapacity);
  }

  /**
   * {@code changes}: the newest change entries after the first of {@code recent}, at most {@link
   * #CHANGES_CAPACITY}; when there were that many, older ones may be missing.
   */
  public static RoomState restored(
      long seq,
      List<Occupant> occupants,
      List<ChatMessage> recent,
      List<Change> changes,
      int recentCapacity) {
    RoomState state = new RoomState(seq, recentCapacity);
    occupants.forEach(state::add);
    recent.forEach(state::remember);
    if (!recent.isEmpty()) {
      state.knownFrom = recent.getFirst().seq();
    }
    if (changes.size() >= CHANGES_CAPACITY) {
      state.knownFrom = Math.max(state.knownFrom, changes.getFirst().seq());
    }
    changes.forEach(c -> state.changes.add(new ChangeMark(c.seq(), c.target(), c.targetId())));
    state.markAnnounced();
    return state;
  }

  public long seq() {
    return seq;
  }

  void setSeq(long seq) {
    this.seq = seq;
  }

  /** Adds a socket; true when that changed who is online (a new person, or a new name). */
  boolean add(Occupant occupant) {
    Occupant previous = sockets.put(occupant.socketId(), occupant);
    if (previous != null) {
      return false;
    }
    Person person =
        people.computeIfAbsent(
            occupant.user().id(),
            id -> {
              Person arrived = new Person(occupant.user());
              peopleById.put(id, arrived);
              return arrived;
            });
    person.sockets++;
    if (person.sockets == 1 && !announced.containsKey(occupant.user().id())) {
      unannounced.add(occupant.user().id());
    }
    boolean changed = person.sockets == 1 || !person.user.equals(occupant.user());
    person.user = occupant.user();
    return changed;
  }

  /** Removes a socket; true when its person has no socket left here. */
  boolean remove(String socketId) {
    Occupant occupant = sockets.remove(socketId);
    if (occupant == null) {
      return false;
    }
    UserRef user = occupant.user();
    Person person = people.get(user.id());
    if (--person.sockets > 0) {
      return false;
    }
    people.remove(user.id());
    peopleById.remove(user.id());
    unannounced.remove(user.id());
    readMarkers.left(user.id());
    return true;
  }

  /** One entry per person, in the order they arrived, under the name of their newest socket. */
  public List<UserRef> online() {
    List<UserRef> online = new ArrayList<>(people.size());
    people.values().forEach(p -> online.add(p.user));
    return online;
  }

  /** A page of who is online in id order, after the id {@code afterId} (null: from the start). */
  public List<UserRef> online(String afterId, int limit) {
    Collection<Person> from =
        afterId == null ? peopleById.values() : peopleById.tailMap(afterId, false).values();
    List<UserRef> page = new ArrayList<>(Math.min(limit, people.size()));
    for (Person person : from) {
      if (page.size() == limit) {
        break;
      }
      page.add(person.user);
    }
    return page;
  }

  /** Every socket in the room, with what its credentials grant. */
  public Collection<Occupant> occupants() {
    return sockets.values();
  }

  public int count() {
    return people.size();
  }

  /** The name {@code userId} is online under here, or null when they are not online. */
  public String nameOf(String userId) {
    Person person = people.get(userId);
    return person == null ? null : person.user.name();
  }

  /** Who came online or was renamed since the last announcement. */
  List<UserRef> joinedSinceAnnounced() {
    List<UserRef> joined = new ArrayList<>();
    for (Person person : people.values()) {
      if (!person.user.equals(announced.get(person.user.id()))) {
        joined.add(person.user);
      }
    }
    return joined;
  }

  /** A snapshot listing everyone online went to {@code joiner}'s socket. */
  void shownTo(UserRef joiner) {
    for (String id : unannounced) {
      if (!id.equals(joiner.id())) {
        shownUnannounced.add(id);
      }
    }
  }

  /**
   * The ids of who went offline since the last announcement: of those announced, and of those a
   * joiner was shown since.
   */
  List<String> leftSinceAnnounced() {
    List<String> left = new ArrayList<>();
    for (String id : announced.keySet()) {
      if (!people.containsKey(id)) {
        left.add(id);
      }
    }
    for (String id : shownUnannounced) {
      if (!people.containsKey(id) && !announced.containsKey(id)) {
        left.add(id);
      }
    }
    return left;
  }

  int announcedCount() {
    return announced.size();
  }

  void markAnnounced() {
    Map<String, UserRef> now = new HashMap<>(people.size() * 2);
    people.values().forEach(p -> now.put(p.user.id(), p.user));
    announced = now;
    unannounced.clear();
    shownUnannounced.clear();
  }

  ReadMarkers readMarkers() {
    return readMarkers;
  }

  /** This person's read marker, 0 when they have none. */
  public long lastRead(String userId) {
    return readMarkers.lastRead(userId);
  }

  /**
   * How many messages after {@code lastRead} others sent and nobody deleted, counted from the
   * newest messages in memory; null when those may not hold every message after {@code lastRead}
   * and only the store can count. They hold every one when the log from {@code lastRead + 1} on is
   * in memory ({@link #knownFrom}), or when they are fewer than their capacity (the room has no
   * other).
   */
  public Long unreadFromRecent(String reader, long lastRead) {
    if (lastRead >= seq) {
      return 0L;
    }
    if (recentCapacity == 0) {
      // A room that keeps no messages in memory cannot count any.
      return null;
    }
    boolean holdsEveryMessage = recent.size() < recentCapacity;
    if (!holdsEveryMessage && lastRead + 1 < knownFrom) {
      return null;
    }
    long unread = 0;
    for (ChatMessage message : recent.tailMap(lastRead, false).values()) {
      if (message.deleted() == null && !message.from().equals(reader)) {
        unread++;
      }
    }
    return unread;
  }

  /** The newest messages, oldest first, in current state, at most as many as a join is shown. */
  public List<ChatMessage> recent() {
    return List.copyOf(recent.values());
  }

  /** The change entries the room holds in memory, oldest first. */
  public List<ChangeMark> recentChanges() {
    return List.copyOf(changes);
  }

  /** Every entry of the log from this seq on is in {@link #recent} or {@link #recentChanges}. */
  public long knownFrom() {
    return knownFrom;
  }

  void remember(ChatMessage message) {
    if (recentCapacity == 0) {
      return;
    }
    recent.put(message.seq(), message);
    if (recent.size() > recentCapacity) {
      recent.pollFirstEntry();
      forgetBefore(recent.firstKey());
    }
  }

  /** A stored change: the message it changed, when held here, takes its new state. */
  void apply(Change change) {
    if (recentCapacity == 0) {
      return;
    }
    changes.add(new ChangeMark(change.seq(), change.target(), change.targetId()));
    if (changes.size() > CHANGES_CAPACITY) {
      forgetBefore(changes.getFirst().seq() + 1);
    }
    ChatMessage target = recent.get(change.target());
    if (target == null) {
      return;
    }
    switch (change.kind()) {
      case EDIT -> recent.put(target.seq(), target.edited(change.text(), change.at()));
      case DELETE -> {
        recent.put(
            target.seq(), target.tombstone(change.at(), change.moderated(), change.reason()));
        recent.replaceAll(
            (seq, m) ->
                m.replyTo() != null && m.replyTo().seq() == target.seq()
                    ? m.withReplyTo(m.replyTo().erased())
                    : m);
      }
      case REACT -> {
        List<ChatMessage.Reaction> rows = new ArrayList<>(target.reactions());
        rows.add(new ChatMessage.Reaction(change.emoji(), change.user().id(), change.at()));
        recent.put(target.seq(), target.withReactions(rows));
      }
      case UNREACT -> {
        List<ChatMessage.Reaction> rows = new ArrayList<>(target.reactions());
        rows.removeIf(
            r -> r.emoji().equals(change.emoji()) && r.userId().equals(change.user().id()));
        recent.put(target.seq(), target.withReactions(rows));
      }
    }
  }

  private void forgetBefore(long seq) {
    knownFrom = Math.max(knownFrom, seq);
    while (!changes.isEmpty() && changes.getFirst().seq() < knownFrom) {
      changes.pollFirst();
    }
  }
}
