package dev.dormouse.bench.report;

import java.util.List;
import java.util.Map;

/** Writes the results file: maps, lists, strings, numbers, booleans and null, indented. */
public final class Json {

  private Json() {}

  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, "");
    return out.append('\n').toString();
  }

  private static void write(Object value, StringBuilder out, String indent) {
    switch (value) {
      case null -> out.append("null");
      case Map<?, ?> map -> {
        if (map.isEmpty()) {
          out.append("{}");
          return;
        }
        out.append("{\n");
        int i = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          out.append(indent).append("  ");
          string(String.valueOf(e.getKey()), out);
          out.append(": ");
          write(e.getValue(), out, indent + "  ");
          out.append(++i < map.size() ? ",\n" : "\n");
        }
        out.append(indent).append('}');
      }
      case List<?> list -> {
        if (list.isEmpty()) {
          out.append("[]");
          return;
        }
        out.append("[\n");
        for (int i = 0; i < list.size(); i++) {
          out.append(indent).append("  ");
          write(list.get(i), out, indent + "  ");
          out.append(i + 1 < list.size() ? ",\n" : "\n");
        }
        out.append(indent).append(']');
      }
      case Double d when d.isNaN() || d.isInfinite() -> out.append("null");
      case Number n -> out.append(n);
      case Boolean b -> out.append(b);
      default -> string(value.toString(), out);
    }
  }

  static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
