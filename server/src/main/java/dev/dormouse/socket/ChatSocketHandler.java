package dev.dormouse.socket;

import dev.dormouse.protocol.CloseCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an upgraded channel: whole, validated frames in, {@link ChatSocket} calls
 * out. Netty's decoder has already refused what RFC 6455 forbids (unmasked frames, reserved bits,
 * control frames over 125 bytes, frames over the limit, bad UTF-8) with 1002, 1009 or 1007, and the
 * aggregator has joined fragments into one message.
 */
final class ChatSocketHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(ChatSocketHandler.class);

  private final ChatSocket socket;

  ChatSocketHandler(ChatSocket socket) {
    this.socket = socket;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      socket.heard();
      switch (msg) {
        case TextWebSocketFrame text -> socket.onText(text.text());
        case BinaryWebSocketFrame binary -> socket.onBinary();
        case PingWebSocketFrame ping -> socket.onPing(ping.content());
        case CloseWebSocketFrame close -> socket.onPeerClose(close.statusCode());
        default -> {
          // A pong needs no answer; hearing it was the point.
        }
      }
    } catch (RuntimeException e) {
      log.error("room {} socket {}: handling a frame failed", socket.room(), socket.socketId(), e);
      socket.close(CloseCode.INTERNAL_ERROR);
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    socket.writabilityChanged();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    socket.closed();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    switch (cause) {
      // The decoder has already sent the close frame with the right code.
      case CorruptedWebSocketFrameException corrupt ->
          log.debug(
              "room {} socket {}: {}", socket.room(), socket.socketId(), corrupt.getMessage());
      // The aggregator's limit: a message of several frames over max-frame-bytes.
      case TooLongFrameException tooLong -> socket.close(CloseCode.TOO_BIG);
      // A reset or broken connection: nothing to answer, the socket is simply gone.
      case IOException gone -> ctx.close();
      default -> {
        log.error("room {} socket {}: socket failed", socket.room(), socket.socketId(), cause);
        socket.close(CloseCode.INTERNAL_ERROR);
      }
    }
  }
}
