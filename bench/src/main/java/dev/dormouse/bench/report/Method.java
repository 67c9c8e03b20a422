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
        server, one server at a time. Fanout, many rooms, durable writes and joins share one server start; \
        each idle run gets a fresh server of its own (for a clean memory baseline), and so does wake. \
        `bench/run.sh --quick` runs Dormouse alone with small sizes in a few minutes, and leaves this document \
        alone. Each server gets a port nothing else listens on, and its health check counts only when its own \
        process tree listens on that port.

        **Pinning.** The server runs under `taskset -c 0`, the generator under `taskset -c 1`, so each has one \
        core to itself (as far as the rest of the machine allows). A JVM pinned to one core picks the Serial \
        GC and sizes its pools for one core; Node and workerd are single-threaded for JavaScript anyway.

        **CPU and memory** come from /proc: `utime + stime` of the server's process and all its descendants \
        (`/proc/<pid>/stat`, 10 ms ticks), and of the generator (`/proc/self/stat`), over the measured window \
        only; resident memory is `VmRSS` from `/proc/<pid>/status`, summed over the same tree. The headline \
        figure is **server CPU µs per delivered message**: CPU time divided by the number of messages that \
        reached a socket. It does not depend on how busy the other core was, which makes it the steadiest \
        figure on a shared machine.

        **The JIT apart.** A JVM compiles for a long time: its C1 and C2 compiler threads took a fifth of \
        Dormouse's CPU in paced runs even after thousands of warm-up messages, and a new shape's joins and \
        traffic make it deoptimize and compile again. So each fanout run first warms the server up in rounds \
        of 1,000 unmeasured messages until a round in which the compiler threads took at most 5%% of the \
        server's CPU (at least 1,000 messages on a fresh server, 200 later, at most 20,000; `warmupMessages`), \
        and every CPU figure comes twice: as measured, and without the compiler threads \
        (`serverCpuUsPer…WithoutJit`, the steady state; `serverJitShare` is their part). Their CPU is read per \
        thread from `/proc/<pid>/task/*/stat`, by the names HotSpot gives them (`C1 CompilerThre`, \
        `C2 CompilerThre`). Node and workerd compile on threads shared with other work, so their figures \
        have no such split.

        **Live heap** is the total of `jcmd <pid> GC.class_histogram`, which runs a full GC and then counts \
        every live object in every generation; the committed heap is `GC.heap_info` summed over every \
        generation. (Under the Serial GC, `GC.heap_info` lists the young and the old generation apart: \
        reading only the first line, as runs before 2026-12-01 did, missed everything promoted.) A test \
        checks the probe against a JVM that holds a known 64 MiB.

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

        **Joins** open K sockets into one empty room at once and wait until each has its opening snapshot \
        (Dormouse: `ready`, `history` and the first `presence`; Node `ws` and the Durable Object: `ready`; \
        Socket.IO: connected to the namespace, then `ready`), then until no frame has arrived for half a \
        second, since the updates a join sends to the sockets already there are part of its cost.

        **Idle** holds its sockets for two of Dormouse's ping intervals (`PING_INTERVAL`, set for the run): \
        the heartbeat ticks every interval and pings a quiet socket every other one, so two intervals hold \
        one whole cycle whatever each socket's phase. The CPU beyond what the server used alone, before any \
        socket opened, is reported per socket and minute.

        **The reconnect storm** restarts Dormouse in the middle of the scenario: SIGTERM, as an operator's \
        restart would send (the server closes every socket with 1012 after the frames queued for it), then, \
        once the old process is gone, the same command on the same port and the same data folder. Its clients \
        reconnect as the web client does (`web/src/chat/backoff.ts`: a delay doubling from 500 ms to 15 s per \
        failed attempt, a random half of it kept, the attempts starting over after a connection that stayed \
        live 5 s), with `since` set to the highest seq each holds and the `epoch` of its last `ready`; a \
        browser cannot see a 429's `Retry-After`, the bench's clients can and wait at least that long. The \
        generator's handshake window is lifted for the storm, so each client connects when its own timer \
        fires; its loop starts at most 256 connections a turn, so that it keeps serving the sockets already \
        connected in between (a server closes a connection whose request is late). Every seq each client receives, in a `history` or live, is noted, and the \
        audit compares them with the highest seq of its room (from acks and messages). The restarted server \
        is a new process, so its CPU and memory figures cover it from its first moment, its JVM's start and \
        cold JIT included.

        **Limits of this machine.** A process may hold at most 20,000 open files here (`ulimit -Hn`, and \
        raising it is not permitted), so neither the server nor the generator can hold 100,000 sockets. \
        The idle scenario holds 19,000 by default (`--idle-connections`): before it opens them it checks \
        that the generator and the server both have that many descriptors free, keeping 200 for \
        everything else, and holds fewer (with a note) if not. One generator process suffices: the \
        server has the same limit, and binds first. The Durable Objects' workerd crashes under \
        `wrangler dev` at about 9,000 sockets here, so their idle scenario holds 5,000, and the \
        many-rooms scenario uses 500 rooms of 10 for every server.

        **Sizes of this run:** %s
        """.formatted(env, sizes);
  }
}
