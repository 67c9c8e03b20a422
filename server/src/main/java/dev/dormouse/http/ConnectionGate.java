package dev.dormouse.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps the TCP connections one address may hold, upgraded or not, from the moment they are
 * accepted. Without it one address could hold every connection the server has with requests it
 * never finishes, and nobody else could reach even the health check.
 */
@ChannelHandler.Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {

  private static final AttributeKey<String> COUNTED = AttributeKey.valueOf("dormouse.counted");

  private final int perAddress;
  private final Map<String, Integer> open = new ConcurrentHashMap<>();

  ConnectionGate(int perAddress) {
    this.perAddress = perAddress;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    String address =
        ctx.channel().remoteAddress() instanceof InetSocketAddress inet
            ? inet.getAddress().getHostAddress()
            : "unknown";
    boolean[] admitted = {false};
    open.compute(
        address,
        (a, count) -> {
          int now = count == null ? 0 : count;
          if (now >= perAddress) {
            return count;
          }
          admitted[0] = true;
          return now + 1;
        });
    if (!admitted[0]) {
      ctx.close();
      return;
    }
    ctx.channel().attr(COUNTED).set(address);
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    String address = ctx.channel().attr(COUNTED).getAndSet(null);
    if (address != null) {
      open.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
    }
    ctx.fireChannelInactive();
  }
}
