package dev.dormouse.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The one place where frames meet JSON. Incoming text is parsed, validated and cleaned here, once;
 * everything past this class works with {@link ClientFrame} and {@link ServerFrame} values.
 */
public final class FrameCodec {

  public static final String PING = "ping";
  public static final String PONG = "pong";

  private static final int MAX_CLIENT_ID_LENGTH = 64;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final int maxMessageLength;

  public FrameCodec(int maxMessageLength) {
    this.maxMessageLength = maxMessageLength;
  }

  public ClientFrame decode(String text) {
    if (text.equals(PING)) {
      return ClientFrame.Ping.INSTANCE;
    }
    JsonNode json = parseObject(text);
    if (json == null || !json.path("type").isTextual()) {
      return send(text, null);
    }
    return switch (json.get("type").asText()) {
      case "send" -> decodeSend(json);
      case "edit", "delete", "react" -> decodeChange(json);
      case "typing" -> ClientFrame.Typing.INSTANCE;
      case "read" -> decodeRead(json);
      default -> invalid("Unknown frame type.", null);
    };
  }

  /** The frame as UTF-8 JSON; the array is shared by every socket it goes to, never changed. */
  public byte[] encode(ServerFrame frame) {
    try {
      return MAPPER.writeValueAsBytes(frame);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bare {@code pong} that answers a {@code ping} text frame. */
  public static byte[] pong() {
    return PONG.getBytes(StandardCharsets.UTF_8);
  }

  /** Reads a frame the server sent; clients and tests use it, the server never does. */
  public static ServerFrame decodeServerFrame(String json) {
    try {
      return MAPPER.readValue(json, ServerFrame.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JSON mapper for bodies of the HTTP API, configured like the frames'. */
  public static ObjectMapper json() {
    return MAPPER;
  }

  private ClientFrame decodeSend(JsonNode json) {
    JsonNode clientId = json.get("clientId");
    if (clientId == null || !clientId.isTextual() || !isValidClientId(clientId.asText())) {
      return invalid("A send needs a clientId of 1 to 64 printable ASCII characters.", null);
    }
    JsonNode text = json.get("text");
    if (text == null || !text.isTextual()) {
      return invalid("A send needs a string field text.", clientId.asText());
    }
    JsonNode replyTo = json.get("replyTo");
    if (replyTo != null && !replyTo.isNull() && !isMessageId(replyTo)) {
      return invalid("replyTo is the id of a message.", clientId.asText());
    }
    ClientFrame frame = send(text.asText(), clientId.asText());
    if (frame instanceof ClientFrame.Send send && replyTo != null && !replyTo.isNull()) {
      return new ClientFrame.Send(send.text(), send.clientId(), replyTo.asText());
    }
    return frame;
  }

  /** {@code edit}, {@code delete} and {@code react}: each needs a clientId and a message id. */
  private ClientFrame decodeChange(JsonNode json) {
    String type = json.get("type").asText();
    JsonNode clientId = json.get("clientId");
    if (clientId == null || !clientId.isTextual() || !isValidClientId(clientId.asText())) {
      return invalid(
          "A " + type + " needs a clientId of 1 to 64 printable ASCII characters.", null);
    }
    String client = clientId.asText();
    JsonNode id = json.get("id");
    if (id == null || !isMessageId(id)) {
      return invalid("A " + type + " needs the id of a message.", client);
    }
    return switch (type) {
      case "edit" -> {
        JsonNode text = json.get("text");
        if (text == null || !text.isTextual()) {
          yield invalid("An edit needs a string field text.", client);
        }
        // The same rules as a send's text: cleaned, 1 to the limit of code points.
        ClientFrame checked = send(text.asText(), client);
        yield checked instanceof ClientFrame.Send send
            ? new ClientFrame.Edit(id.asText(), send.text(), client)
            : checked;
      }
      case "delete" -> new ClientFrame.Delete(id.asText(), client);
      default -> {
        JsonNode emoji = json.get("emoji");
        JsonNode on = json.get("on");
        if (on == null || !on.isBoolean()) {
          yield invalid("A react needs a boolean field on.", client);
        }
        if (emoji == null || !emoji.isTextual() || !Emoji.isSingle(emoji.asText())) {
          yield invalid("A reaction is a single emoji.", client);
        }
        yield new ClientFrame.React(id.asText(), emoji.asText(), on.asBoolean(), client);
      }
    };
  }

  private static boolean isMessageId(JsonNode id) {
    return id.isTextual() && isValidClientId(id.asText());
  }

  private static ClientFrame decodeRead(JsonNode json) {
    JsonNode seq = json.get("seq");
    if (seq == null || !seq.isIntegralNumber() || seq.bigIntegerValue().signum() < 0) {
      return invalid("A read needs a seq that is a whole number of 0 or more.", null);
    }
    return new ClientFrame.Read(seq.canConvertToLong() ? seq.longValue() : Long.MAX_VALUE);
  }

  /**
   * A message's text as a {@code send} frame would carry it, cleaned and checked by the same rules:
   * a {@link ClientFrame.Send}, or the {@link ClientFrame.Invalid} that refuses it. For writes that
   * do not come over a socket, such as the server API's.
   */
  public ClientFrame message(String rawText, String clientId) {
    return send(rawText, clientId);
  }

  private ClientFrame send(String rawText, String clientId) {
    if (InputText.hasLoneSurrogate(rawText)) {
      // JSON can escape one (\ud800); it would be stored as something other than what was sent.
      return invalid("The text holds a lone surrogate, which is not a character.", clientId);
    }
    String text = InputText.cleanMessage(rawText);
    if (text.isEmpty()) {
      return invalid("A message needs some text.", clientId);
    }
    if (InputText.length(text) > maxMessageLength) {
      return new ClientFrame.Invalid(
          ErrorCode.TOO_LARGE,
          "A message may hold at most " + maxMessageLength + " characters.",
          clientId);
    }
    return new ClientFrame.Send(text, clientId);
  }

  private static ClientFrame invalid(String message, String clientId) {
    return new ClientFrame.Invalid(ErrorCode.BAD_FRAME, message, clientId);
  }

  /** 1 to 64 printable ASCII characters: the rule for every write's clientId. */
  public static boolean isValidClientId(String id) {
    return !id.isEmpty()
        && id.length() <= MAX_CLIENT_ID_LENGTH
        && id.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }

  private static JsonNode parseObject(String text) {
    String trimmed = text.stripLeading();
    if (!trimmed.startsWith("{")) {
      return null;
    }
    try {
      JsonNode node = MAPPER.readTree(trimmed);
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
