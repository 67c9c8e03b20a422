package dev.dormouse.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request does not arrive in time, however slowly its bytes trickle in (a
 * read timeout would be reset by each byte), and a kept-alive connection that stays idle. An
 * upgraded socket has heartbeats of its own, so this handler leaves with the upgrade.
 */
final class RequestTimeout extends ChannelDuplexHandler {

  private final long requestNanos;
  private final long idleNanos;
  private ScheduledFuture<?> deadline;

  RequestTimeout(Duration request, Duration idle) {
    this.requestNanos = request.toNanos();
    this.idleNanos = idle.toNanos();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    arm(ctx, requestNanos);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      arm(ctx, requestNanos);
    }
    if (msg instanceof LastHttpContent) {
      cancel();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response
        && response.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
      cancel();
      ctx.pipeline().remove(this);
    } else if (msg instanceof LastHttpContent) {
      arm(ctx, idleNanos);
    }
    ctx.write(msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  private void arm(ChannelHandlerContext ctx, long nanos) {
    cancel();
    deadline = ctx.executor().schedule(() -> ctx.close(), nanos, TimeUnit.NANOSECONDS);
  }

  private void cancel() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }
}
