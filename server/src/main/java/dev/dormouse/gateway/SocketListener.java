package dev.dormouse.gateway;

/** What a {@link WebSocketStage} reports to the socket above it, on the stream's thread. */
interface SocketListener {

  /** The stage is running: frames may flow. */
  void onOpen();

  void onText(String text);

  void onBinary();

  /** The connection is gone, whoever closed it and however. Called exactly once. */
  void onClosed();
}
