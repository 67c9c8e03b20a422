package dev.dormouse.gateway;

import java.util.function.Consumer;

/**
 * Lets any thread ask a socket's stage to close it with a code. A request made before the stage
 * started is kept and carried out as soon as it does.
 */
final class SocketCloser {

  private Consumer<WebSocketStage.CloseRequest> stage;
  private WebSocketStage.CloseRequest early;

  synchronized void attach(Consumer<WebSocketStage.CloseRequest> stage) {
    this.stage = stage;
    if (early != null) {
      stage.accept(early);
    }
  }

  synchronized void close(WebSocketStage.CloseRequest request) {
    if (stage != null) {
      stage.accept(request);
    } else if (early == null) {
      early = request;
    }
  }
}
