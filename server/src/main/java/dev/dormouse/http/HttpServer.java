package dev.dormouse.http;

import dev.dormouse.config.Settings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.compression.CompressionOptions;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Netty server on one port for everything: the chat sockets, the HTTP API and the web app. Each
 * connection's pipeline is the gate, the HTTP codec, the request timeout, compression, the body
 * limit and the {@link HttpHandler}; an upgrade replaces the HTTP part with the socket's handlers.
 * Epoll where the platform has it, NIO elsewhere.
 */
public final class HttpServer {

  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

  /** Responses smaller than this are not worth compressing. */
  private static final int COMPRESS_FROM_BYTES = 1024;

  private final EventLoopGroup group;
  private final Channel listener;
  private final List<String> routes;

  private HttpServer(EventLoopGroup group, Channel listener, List<String> routes) {
    this.group = group;
    this.listener = listener;
    this.routes = List.copyOf(routes);
  }

  /**
   * Binds or throws; the caller stops the node when it cannot listen. {@code routes}: the table the
   * handler serves, as {@link Router#table} writes it.
   */
  static HttpServer bind(
      Settings.Http http, Settings.Limits limits, HttpHandler handler, List<String> routes) {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channel =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            http.eventLoops(), new DefaultThreadFactory("dormouse-io", true), io);
    ConnectionGate gate =
        new ConnectionGate(limits.connectionsPerIp() + limits.httpConnectionsPerIp());
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(channel)
            // As long an accept queue as the kernel allows (net.core.somaxconn): after a restart
            // every client comes back within seconds, and a connection a full queue drops waits
            // out TCP's retransmissions (1 s, 3 s, 7 s, ...), long enough to meet the request
            // timeout or never be answered. The reconnect storm in bench/ measures it.
            .option(ChannelOption.SO_BACKLOG, NetUtil.SOMAXCONN)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(
                    limits.outgoingBufferBytes() / 2, limits.outgoingBufferBytes()))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast("gate", gate)
                        .addLast("http", new HttpServerCodec())
                        .addLast(
                            "timeout",
                            new RequestTimeout(http.requestTimeout(), http.idleTimeout()))
                        .addLast("compress", new TextCompressor())
                        .addLast("body", new HttpObjectAggregator(http.maxBodyBytes()))
                        .addLast("handler", handler);
                  }
                });
    try {
      Channel listener =
          bootstrap.bind(new InetSocketAddress(http.host(), http.port())).sync().channel();
      log.info(
          "serving HTTP and WebSockets on {} with {} ({} event loops)",
          listener.localAddress(),
          epoll ? "epoll" : "NIO",
          http.eventLoops() == 0 ? Runtime.getRuntime().availableProcessors() : http.eventLoops());
      return new HttpServer(group, listener, routes);
    } catch (Exception e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw new IllegalStateException("cannot listen on " + http.host() + ":" + http.port(), e);
    }
  }

  /** Compresses text; images and fonts are compressed already. */
  private static final class TextCompressor extends HttpContentCompressor {

    TextCompressor() {
      super(COMPRESS_FROM_BYTES, new CompressionOptions[0]);
    }

    @Override
    protected Result beginEncode(HttpResponse response, String acceptEncoding) throws Exception {
      String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
      boolean text =
          type.startsWith("text/") || type.startsWith("application/json") || type.contains("svg");
      return text ? super.beginEncode(response, acceptEncoding) : null;
    }
  }

  /** Every route served, {@code METHOD /pattern}, in the order tried. */
  public List<String> routes() {
    return routes;
  }

  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** Stops accepting; open connections stay until they are closed. */
  public CompletionStage<Void> unbind() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    listener.close().addListener(f -> done.complete(null));
    return done;
  }

  /** Ends the event loops, and with them every connection left. */
  public CompletionStage<Void> stop() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(f -> done.complete(null));
    return done;
  }
}
