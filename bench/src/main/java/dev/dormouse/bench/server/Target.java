package dev.dormouse.bench.server;

import dev.dormouse.bench.dialect.Dialect;
import dev.dormouse.bench.dialect.DormouseDialect;
import dev.dormouse.bench.dialect.PlainDialect;
import dev.dormouse.bench.dialect.SocketIoDialect;

/** A server the bench measures: Dormouse or one of its peers under bench/peers/. */
public enum Target {
  DORMOUSE("dormouse", "Dormouse", new DormouseDialect(), true),
  WS("ws", "Node ws", new PlainDialect("ws", "/"), false),
  SOCKETIO("socketio", "Socket.IO", new SocketIoDialect(), false),
  DURABLE_OBJECT("do", "Durable Object", new PlainDialect("do", "/broadcast/"), false),
  DURABLE_OBJECT_SQL("do-sql", "Durable Object + SQL", new PlainDialect("do-sql", "/stored/"), true);

  private final String id;
  private final String title;
  private final Dialect dialect;
  private final boolean stores;

  Target(String id, String title, Dialect dialect, boolean stores) {
    this.id = id;
    this.title = title;
    this.dialect = dialect;
    this.stores = stores;
  }

  public String id() {
    return id;
  }

  public String title() {
    return title;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** True when every message is durably stored before it is broadcast. */
  public boolean stores() {
    return stores;
  }

  public boolean isDurableObject() {
    return this == DURABLE_OBJECT || this == DURABLE_OBJECT_SQL;
  }

  public static Target byId(String id) {
    for (Target t : values()) {
      if (t.id.equals(id)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown server " + id + "; use dormouse, ws, socketio, do or do-sql");
  }
}
