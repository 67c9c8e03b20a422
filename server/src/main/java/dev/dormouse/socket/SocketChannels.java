package dev.dormouse.socket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an admitted HTTP channel into a chat socket: Netty's handshaker answers the upgrade and
 * swaps the HTTP codec for the WebSocket one; behind it come UTF-8 validation, the aggregator that
 * joins fragments, and the {@link ChatSocketHandler}. The HTTP handlers go, and with them every
 * buffer the request needed.
 */
public final class SocketChannels {

  private static final Logger log = LoggerFactory.getLogger(SocketChannels.class);

  private final ChatSocket.Context context;
  private final WebSocketDecoderConfig decoderConfig;

  public SocketChannels(ChatSocket.Context context) {
    this.context = context;
    int maxFrameBytes = context.settings().limits().maxFrameBytes();
    this.decoderConfig =
        WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(maxFrameBytes)
            .expectMaskedFrames(true)
            .allowMaskMismatch(false)
            .allowExtensions(false)
            .closeOnProtocolViolation(true)
            .withUTF8Validator(true)
            .build();
  }

  /**
   * Answers the upgrade on {@code ctx}'s channel, whose pipeline from {@code ctx} on is replaced by
   * the socket's handlers. The request must be a valid version-13 upgrade; the handshake selects
   * the attachment's subprotocol, or none for the article's client.
   */
  public void upgrade(
      ChannelHandlerContext ctx,
      FullHttpRequest request,
      SocketAttachment attachment,
      ResumePoint resume) {
    WebSocketServerHandshaker handshaker =
        new WebSocketServerHandshakerFactory(
                request.uri(), attachment.subprotocol().token(), decoderConfig)
            .newHandshaker(request);
    ChatSocket socket = new ChatSocket(attachment, resume, context, ctx.channel());
    ChannelPipeline pipeline = ctx.pipeline();
    pipeline.addAfter(ctx.name(), "chat-socket", new ChatSocketHandler(socket));
    pipeline.addAfter(
        ctx.name(),
        "ws-aggregator",
        new WebSocketFrameAggregator(decoderConfig.maxFramePayloadLength()));
    pipeline.addAfter(ctx.name(), "ws-utf8", new Utf8FrameValidator(true));
    handshaker
        .handshake(ctx.channel(), request)
        .addListener(
            done -> {
              if (done.isSuccess()) {
                socket.opened();
              } else {
                log.debug("room {}: handshake failed", attachment.room(), done.cause());
                ctx.channel().close();
              }
            });
    pipeline.remove(ctx.handler());
  }
}
