package dev.dormouse.bench.report;

import java.util.Map;
import java.util.stream.Collectors;

/** The Method section of docs/benchmarks.md: how the figures are taken, and what they leave out. */
final class Method {

  private Method() {}

  static String text(String sizes, Map<String, String> serverEnvironment) {
    String env = serverEnvironment.entrySet().stream().map(e -> "`" + e.getKey() + "=" + e.getValue() + "`")
        .collect(Collectors.joining(", "));
    return """
        **One command.** `bench/run.sh` builds the generator (`bench/`, a Maven module) and installs the \
        peers (`bench/peers/`, exact versions, `package-lock.json`), then runs every scenario against every \
        server, one server at a time. Fanout, many rooms and durable writes share one server start; idle \
        gets a fresh server of its own (for a clean memory baseline), and wake shares it after idle. `bench/run.sh --quick` runs \
        Dormouse alone with small sizes in under two minutes, and leaves this document alone.

        **Pinning.** The server runs under `taskset -c 0`, the generator under `taskset -c 1`, so each has one \
        core to itself (as far as the rest of the machine allows). A JVM pinned to one core picks the Serial \
        GC and sizes its pools for one core; Node and workerd are single-threaded for JavaScript anyway.

        **CPU and memory** come from /proc: `utime + stime` of the server's process and all its descendants \
        (`/proc/<pid>/stat`, 10 ms ticks), and of the generator (`/proc/self/stat`), over the measured window \
        only; resident memory is `VmRSS` from `/proc/<pid>/status`, summed over the same tree. The headline \
        figure is **server CPU µs per delivered message**: CPU time divided by the number of messages that \
        reached a socket. It does not depend on how busy the other core was, which makes it the steadiest \
        figure on a shared machine.

        **The generator** is one Java thread on one selector (`ClientLoop`) speaking RFC 6455 itself: a few \
        hundred bytes of state per socket, frames parsed in place, no JSON decoding (a message is found by the \
        `#<index>` its text starts with). It reports its own CPU next to every figure: while \
        `generatorCores` stays clearly under 1.0 the generator is not the bottleneck. The JDK's \
        `java.net.http.WebSocket` client was measured too, on the same paced fanout from Node `ws` \
        (N=100, R=200/s): 15.2 µs of CPU per received message against 6.6 µs for this client, and a \
        whole core at max rate, so it would have been the bottleneck before the servers.

        **Latency** is measured from the moment the generator writes a post to the moment each socket reads \
        the message, on one clock (`System.nanoTime`), into HdrHistogram (3 significant digits). At max rate \
        all M posts are written at once, so latency there includes the queue the server works through; the \
        paced runs show latency without a backlog. A warm-up of unmeasured messages precedes every fanout run.

        **Same envelope everywhere.** Every server answers a post with `{type, from, message, timestamp}` \
        to every socket of the room, the sender included. Dormouse is spoken to in its own protocol (`send` \
        with a `clientId`, answered by an `ack`); Node `ws` and the Durable Object take plain text frames; \
        Socket.IO is spoken to in its own framing (Engine.IO v4 and Socket.IO v5 text packets: `40`, `42[...]`, \
        ping `2` / pong `3`), implemented in the generator so every server is measured by the same instrument.

        **The peers**, all written for this bench, in `bench/peers/`: `ws-room` (a Set of sockets per room \
        path; each frame is wrapped and sent to the set), `socketio-room` (`socket.join(room)` and \
        `io.to(room).emit`, WebSocket transport only), and `durable-object-room` (a Worker routing \
        `idFromName(room)` to a Durable Object that uses the hibernation API: `ctx.acceptWebSocket`, \
        `webSocketMessage` sending to `ctx.getWebSockets()`; the `stored` variant first inserts each message \
        with `ctx.storage.sql.exec`, and workerd's output gate holds the broadcast until the write is durable). \
        The Durable Objects run under `wrangler dev`, which puts a proxy workerd in front of the workerd that \
        runs the Worker. The generator connects to the inner workerd directly (found through its listening \
        sockets), because production has no such proxy; CPU and memory are still read for wrangler's whole \
        process tree.

        **Dormouse** is the jar built from `server/`, copied aside before the run, started with \
        %s. These lift the limits meant for people, not load: posts per connection (10 at once, 5/s by \
        default) and per person (20, 10/s), and sockets per address (256), which would otherwise refuse \
        the benchmark's posts and sockets; `LOG_LEVEL=WARN` keeps logging out of the measurement. Every message is committed to SQLite (WAL, \
        `synchronous=FULL`) before it is broadcast or acked. In the wake and idle scenarios Dormouse runs \
        with `ROOM_IDLE_TIMEOUT=1s` (10 s by default), so rooms fall asleep within the run: before each \
        wake the generator waits until `/metrics` shows no room awake, and idle memory and CPU are taken \
        with every room asleep and its sockets open, the state an idle team server spends its nights in.

        **Load** only targets 127.0.0.1 (the generator spreads its sockets over the source addresses \
        127.0.0.1, 127.0.0.2, ... 16,000 at a time). Every wait has a deadline and every loop a count.

        **Limits of this machine.** A process may hold at most 20,000 open files here (`ulimit -Hn`, and \
        raising it is not permitted), so neither the server nor the generator can hold 100,000 sockets: \
        the idle scenario defaults to 10,000 and `--idle-connections` takes up to about 19,000. The \
        Durable Objects' workerd crashes under `wrangler dev` at about 9,000 sockets here, so their idle \
        scenario holds 5,000, and the many-rooms scenario uses 500 rooms of 10 for every server.

        **Sizes of this run:** %s
        """.formatted(env, sizes);
  }
}
