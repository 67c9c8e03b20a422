package dev.dormouse.gateway;

import dev.dormouse.protocol.CloseCode;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import org.apache.pekko.http.impl.engine.ws.FrameEvent;
import org.apache.pekko.http.impl.engine.ws.FrameHeader;
import org.apache.pekko.http.impl.engine.ws.FrameStart;
import org.apache.pekko.http.impl.engine.ws.Protocol;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;
import scala.Option;

/**
 * One socket's RFC 6455 conversation, at the level of frames.
 *
 * <p>Pekko HTTP's message-level API closes every socket with 1000 or 1011 and nothing else, but
 * Dormouse's contract needs 1009 for oversized frames, 1012 on restart and its own 4xxx codes. So
 * the gateway takes the upgrade through Pekko HTTP's frame-level hook ({@code handleFrames}) and
 * this stage does what its message layer would: unmasking, reassembling fragments, strict UTF-8,
 * answering pings, the close handshake and a heartbeat. The frame model is internal to Pekko HTTP,
 * which is why its version is pinned in the build.
 */
final class WebSocketStage extends GraphStage<FlowShape<FrameEvent, FrameEvent>> {

  private static final byte CONTINUATION = 0x0;
  private static final byte TEXT = 0x1;
  private static final byte BINARY = 0x2;
  private static final byte CLOSE = 0x8;
  private static final byte PING = 0x9;
  private static final byte PONG = 0xA;

  private static final String HEARTBEAT = "heartbeat";
  private static final String CLOSE_TIMEOUT = "close-timeout";

  /** Why and how to close: whether frames already buffered are written before the close frame. */
  record CloseRequest(CloseCode code, boolean flushFirst) {}

  private final Inlet<FrameEvent> in = Inlet.create("WebSocketStage.in");
  private final Outlet<FrameEvent> out = Outlet.create("WebSocketStage.out");
  private final FlowShape<FrameEvent, FrameEvent> shape = FlowShape.of(in, out);

  private final Outbox outbox;
  private final SocketListener listener;
  private final SocketCloser closer;
  private final long maxMessageBytes;
  private final Duration pingInterval;
  private final Duration closeTimeout;

  WebSocketStage(
      Outbox outbox,
      SocketListener listener,
      SocketCloser closer,
      long maxMessageBytes,
      Duration pingInterval,
      Duration closeTimeout) {
    this.outbox = outbox;
    this.listener = listener;
    this.closer = closer;
    this.maxMessageBytes = maxMessageBytes;
    this.pingInterval = pingInterval;
    this.closeTimeout = closeTimeout;
  }

  @Override
  public FlowShape<FrameEvent, FrameEvent> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new Logic();
  }

  private final class Logic extends TimerGraphStageLogic {

    private final ArrayDeque<FrameEvent> urgent = new ArrayDeque<>();

    // The frame being read: its opcode, how much of it is still to come, and its mask.
    private byte frameOpcode;
    private boolean frameFin;
    private int maskKey;
    private long maskOffset;
    private ByteStringBuilder controlPayload;

    // The data message being reassembled across frames; null between messages.
    private ByteStringBuilder message;
    private boolean messageIsText;

    private boolean closeSent;
    private boolean closeReceived;
    private CloseRequest pendingClose;
    private long lastInboundNanos = System.nanoTime();

    Logic() {
      super(shape);
      setHandler(
          in,
          new AbstractInHandler() {
            @Override
            public void onPush() {
              lastInboundNanos = System.nanoTime();
              onFrameEvent(grab(in));
              if (!isClosed(in) && !hasBeenPulled(in) && !isClosed(out)) {
                pull(in);
              }
            }

            @Override
            public void onUpstreamFinish() {
              completeStage();
            }

            @Override
            public void onUpstreamFailure(Throwable cause) {
              // A reset or broken connection: nothing to answer, the socket is simply gone.
              completeStage();
            }
          });
      setHandler(
          out,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              pushNext();
            }

            @Override
            public void onDownstreamFinish(Throwable cause) {
              completeStage();
            }
          });
    }

    @Override
    public void preStart() {
      AsyncCallback<Object> wake = createAsyncCallback(ignored -> pushIfPossible());
      AsyncCallback<CloseRequest> close = createAsyncCallback(this::close);
      outbox.attach(() -> wake.invoke(Boolean.TRUE));
      closer.attach(close::invoke);
      scheduleWithFixedDelay(HEARTBEAT, pingInterval, pingInterval);
      pull(in);
      listener.onOpen();
    }

    @Override
    public void postStop() {
      listener.onClosed();
    }

    @Override
    public void onTimer(Object key) {
      if (CLOSE_TIMEOUT.equals(key)) {
        completeStage();
        return;
      }
      long quiet = System.nanoTime() - lastInboundNanos;
      if (quiet > 2 * pingInterval.toNanos()) {
        close(new CloseRequest(CloseCode.IDLE, false));
      } else if (quiet > pingInterval.toNanos() && !closeSent) {
        urgent.add(frame(PING, ByteString.emptyByteString()));
        pushIfPossible();
      }
    }

    private void onFrameEvent(FrameEvent event) {
      if (closeReceived) {
        return;
      }
      if (event instanceof FrameStart start) {
        if (!startFrame(start.header())) {
          return;
        }
      }
      ByteString data = unmask(event.data());
      if (isControl(frameOpcode)) {
        controlPayload.append(data);
      } else if (message != null) {
        message.append(data);
      }
      if (event.lastPart()) {
        endFrame();
      }
    }

    /** Checks a new frame's header; false when the frame ended the conversation. */
    private boolean startFrame(FrameHeader header) {
      frameOpcode = header.opcode().code();
      frameFin = header.fin();
      maskOffset = 0;
      Option<Object> mask = header.mask();
      maskKey = mask.isDefined() ? (Integer) mask.get() : 0;
      if (isControl(frameOpcode)) {
        controlPayload = new ByteStringBuilder();
        return true;
      }
      long soFar = message == null ? 0 : message.length();
      if (soFar + header.length() > maxMessageBytes) {
        close(new CloseRequest(CloseCode.TOO_BIG, false));
        return false;
      }
      if (frameOpcode == TEXT || frameOpcode == BINARY) {
        message = new ByteStringBuilder();
        messageIsText = frameOpcode == TEXT;
      } else if (frameOpcode != CONTINUATION || message == null) {
        // A continuation with no message to continue, or an opcode RFC 6455 reserves.
        close(new CloseRequest(CloseCode.PROTOCOL_ERROR, false));
        return false;
      }
      return true;
    }

    private void endFrame() {
      if (isControl(frameOpcode)) {
        onControlFrame(frameOpcode, controlPayload.result());
        controlPayload = null;
      } else if (frameFin && message != null) {
        ByteString complete = message.result();
        message = null;
        if (messageIsText) {
          deliverText(complete);
        } else {
          listener.onBinary();
        }
      }
    }

    private void deliverText(ByteString utf8) {
      String text;
      try {
        text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(utf8.asByteBuffer())
                .toString();
      } catch (CharacterCodingException e) {
        close(new CloseRequest(CloseCode.INVALID_UTF8, false));
        return;
      }
      listener.onText(text);
    }

    private void onControlFrame(byte opcode, ByteString payload) {
      switch (opcode) {
        case PING -> {
          urgent.add(frame(PONG, payload));
          pushIfPossible();
        }
        case CLOSE -> onPeerClose(payload);
        default -> {
          // A pong needs no answer; receiving it already counted as activity.
        }
      }
    }

    private void onPeerClose(ByteString payload) {
      closeReceived = true;
      if (closeSent) {
        completeStage();
        return;
      }
      int code =
          payload.size() >= 2 ? ((payload.apply(0) & 0xFF) << 8) | (payload.apply(1) & 0xFF) : 0;
      int answer = CloseCode.mayEcho(code) ? code : CloseCode.NORMAL.code();
      outbox.discard();
      urgent.clear();
      urgent.add(closeFrame(answer, ""));
      closeSent = true;
      pushIfPossible();
    }

    private void close(CloseRequest request) {
      if (closeSent || pendingClose != null) {
        return;
      }
      if (request.flushFirst()) {
        pendingClose = request;
      } else {
        outbox.discard();
        urgent.add(closeFrame(request.code().code(), request.code().reason()));
        closeSent = true;
        // A reader that stopped reading cannot take even the close frame until it reads again;
        // give it a while to, then drop the connection without the handshake.
        scheduleOnce(CLOSE_TIMEOUT, closeTimeout.multipliedBy(10));
      }
      pushIfPossible();
    }

    private void pushIfPossible() {
      if (isAvailable(out)) {
        pushNext();
      }
    }

    private void pushNext() {
      FrameEvent next = urgent.poll();
      if (next != null) {
        push(out, next);
        if (isCloseFrame(next)) {
          scheduleOnce(CLOSE_TIMEOUT, closeTimeout);
        }
        if (closeReceived && closeSent && urgent.isEmpty()) {
          // We answered the peer's close: the handshake is complete.
          completeStage();
        }
        return;
      }
      if (closeSent) {
        return;
      }
      ByteString data = outbox.poll();
      if (data == null && pendingClose != null) {
        CloseRequest request = pendingClose;
        pendingClose = null;
        closeSent = true;
        scheduleOnce(CLOSE_TIMEOUT, closeTimeout);
        push(out, closeFrame(request.code().code(), request.code().reason()));
        return;
      }
      if (data == null) {
        data = outbox.parkOrPoll();
      }
      if (data != null) {
        push(out, frame(TEXT, data));
      }
    }

    private ByteString unmask(ByteString data) {
      if (maskKey == 0 || data.isEmpty()) {
        maskOffset += data.size();
        return data;
      }
      byte[] bytes = data.toArray();
      for (int i = 0; i < bytes.length; i++) {
        int shift = 24 - 8 * (int) ((maskOffset + i) & 3);
        bytes[i] ^= (byte) (maskKey >>> shift);
      }
      maskOffset += bytes.length;
      return ByteString.fromArrayUnsafe(bytes);
    }
  }

  private static boolean isCloseFrame(FrameEvent frame) {
    return frame instanceof FrameStart start && start.header().opcode().code() == CLOSE;
  }

  private static boolean isControl(byte opcode) {
    return (opcode & 0x8) != 0;
  }

  private static FrameStart frame(byte opcode, ByteString data) {
    return new FrameStart(
        new FrameHeader(
            Protocol.Opcode$.MODULE$.forCode(opcode),
            Option.empty(),
            data.size(),
            true,
            false,
            false,
            false),
        data);
  }

  private static FrameStart closeFrame(int code, String reason) {
    ByteString body =
        ByteString.fromArray(new byte[] {(byte) (code >>> 8), (byte) code})
            .concat(ByteString.fromString(reason, StandardCharsets.UTF_8));
    return frame(CLOSE, body);
  }
}
