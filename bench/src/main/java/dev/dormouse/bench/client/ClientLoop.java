package dev.dormouse.bench.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The generator's one event loop: a selector over every client socket, timers for paced sends,
 * and a task queue for the scenario thread. One thread does all the client work, so the
 * generator needs one core and no locks, and its CPU use is easy to read and to keep below the
 * server's. Connections are opened at most {@code maxHandshakes} at a time, so a burst of
 * thousands does not overflow the server's accept backlog.
 */
public final class ClientLoop implements AutoCloseable {

  private static final int INITIAL_READ_BUFFER = 256 * 1024;
  /**
   * Connections started per turn of the loop, so that thousands due at once (a reconnect storm)
   * do not keep the loop from the sockets that are already connected: a server closes a
   * connection whose request does not come within its timeout.
   */
  private static final int CONNECTS_PER_TURN = 256;

  private record Timer(long atNanos, long order, Runnable task) {}

  private final Selector selector;
  private final Thread thread;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Timer> timers =
      new PriorityQueue<>((a, b) -> a.atNanos != b.atNanos ? Long.compare(a.atNanos, b.atNanos) : Long.compare(a.order, b.order));
  private final ArrayDeque<Connection> waiting = new ArrayDeque<>();
  private int maxHandshakes;
  private long timerOrder;
  private int handshaking;
  private ByteBuffer readBuffer = ByteBuffer.allocateDirect(INITIAL_READ_BUFFER);
  private volatile boolean running = true;

  public ClientLoop(int maxHandshakes) {
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.maxHandshakes = maxHandshakes;
    this.thread = new Thread(this::run, "client-loop");
    thread.setDaemon(true);
    thread.start();
  }

  /** Runs a task on the loop's thread, soon. Any thread may call it. */
  public void execute(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  /** Runs a task on the loop's thread and waits for its answer. */
  public <T> T call(Callable<T> task, Duration timeout) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    execute(
        () -> {
          try {
            answer.complete(task.call());
          } catch (Throwable t) {
            answer.completeExceptionally(t);
          }
        });
    try {
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the client loop did not answer", e);
    }
  }

  /** Loop thread only: runs {@code task} at {@code atNanos} (System.nanoTime), or as soon after as it can. */
  public void at(long atNanos, Runnable task) {
    timers.add(new Timer(atNanos, timerOrder++, task));
  }

  /**
   * Loop thread only: a new connection, opened when fewer than {@code maxHandshakes} are
   * under way. {@code local} picks the source address (null: any), which lets more connections
   * than one address has ephemeral ports reach one server port. {@code subprotocol} is offered in the
   * handshake (null: none).
   */
  public Connection open(int number, InetSocketAddress server, InetSocketAddress local, String pathAndQuery,
      String subprotocol, ConnectionListener listener) {
    Connection connection = new Connection(this, number, server, local, pathAndQuery, subprotocol, listener);
    waiting.add(connection);
    return connection;
  }

  /**
   * Loop thread only: from now on at most {@code max} connections are opened at a time. A
   * scenario that means every client's own timer to decide when it connects, as a browser's
   * would, lifts the window.
   */
  public void handshakeWindow(int max) {
    this.maxHandshakes = max;
  }

  Selector selector() {
    return selector;
  }

  void handshakeEnded() {
    handshaking--;
  }

  /** The shared read buffer, at least {@code atLeast} bytes large; grown (never shrunk) on demand. */
  ByteBuffer readBuffer(int atLeast) {
    if (readBuffer.capacity() < atLeast) {
      readBuffer = ByteBuffer.allocateDirect(atLeast);
    }
    return readBuffer;
  }

  private void run() {
    while (running) {
      try {
        runTasks();
        long nextTimer = runTimers();
        startConnections();
        if (tasks.isEmpty() && (waiting.isEmpty() || handshaking >= maxHandshakes)) {
          selector.select(nextTimer);
        } else {
          selector.selectNow();
        }
        var selected = selector.selectedKeys();
        for (SelectionKey key : selected) {
          if (key.isValid()) {
            ((Connection) key.attachment()).onReady(key.readyOps());
          }
        }
        selected.clear();
      } catch (IOException e) {
        System.err.println("client loop: " + e);
      } catch (RuntimeException e) {
        System.err.println("client loop: a task failed: " + e);
        e.printStackTrace();
      }
    }
  }

  private void runTasks() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      task.run();
    }
  }

  /**
   * Runs the timers that are due; answers how many ms the selector may wait for the next. The
   * wait is rounded up: a timer fires up to a millisecond late rather than the loop spinning on
   * a zero-timeout select (latency is measured from the actual write, so lateness does not
   * flatter it).
   */
  private long runTimers() {
    long now = System.nanoTime();
    while (!timers.isEmpty() && timers.peek().atNanos <= now) {
      timers.poll().task.run();
      now = System.nanoTime();
    }
    if (timers.isEmpty()) {
      return 1000;
    }
    return Math.max(1, (timers.peek().atNanos - now + 999_999) / 1_000_000);
  }

  private void startConnections() {
    for (int started = 0; started < CONNECTS_PER_TURN && handshaking < maxHandshakes && !waiting.isEmpty(); started++) {
      Connection connection = waiting.poll();
      handshaking++;
      try {
        connection.connect();
      } catch (IOException e) {
        connection.failedToStart(e);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      thread.join(Duration.ofSeconds(5));
      selector.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException ignored) {
      // Closing anyway.
    }
  }
}
